"""Open the warehouse: locking with bounded retry, migrations, and nothing else."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import duckdb

from .errors import DatabaseLockedError, SchemaError, WarehouseError

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# DuckDB says: "Conflicting lock is held in /usr/bin/python3.11 (PID 5714) by user root."
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>\S+)(?: \(PID (?P<pid>\d+)\))?(?: by user (?P<user>\S+?))?\.?(?:\s|$)")
DEFAULT_LOCK_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


@lru_cache(maxsize=1)
def migrations() -> tuple[Migration, ...]:
    folder = resources.files("warehouse").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda m: m.version))


@cache
def sql_file(name: str) -> str:
    return resources.files("warehouse").joinpath("sql", name).read_text(encoding="utf-8")


def latest_version() -> int:
    return migrations()[-1].version


def _is_lock_error(exc: Exception) -> bool:
    message = str(exc).lower()
    return "could not set lock" in message or "conflicting lock" in message


def _holder(exc: Exception) -> str:
    match = _LOCK_HOLDER.search(str(exc))
    if not match:
        return "another process"
    holder = match.group("program")
    if match.group("pid"):
        holder += f" (PID {match.group('pid')})"
    if match.group("user"):
        holder += f" of user {match.group('user')}"
    return holder


def connect(path: Path | str, *, read_only: bool = False, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying with jittered backoff while another process holds its lock."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"{path}: no such database (run `aa-leaderboards ingest` first)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    deadline = started + lock_timeout_s
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(f"{path}: cannot open database ({exc})") from exc
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseLockedError(
                    f"{path}: database is locked by {_holder(exc)}; gave up after {time.monotonic() - started:.0f}s "
                    "(wait for that run to finish, or stop it)"
                ) from exc
            # The last wait ends at the deadline, so the time waited is the time allowed.
            time.sleep(min(delay * (0.5 + random.random()), remaining))
            delay = min(delay * 2, 2.0)
        except duckdb.Error as exc:
            raise WarehouseError(f"{path}: cannot open database ({exc})") from exc


def bound_memory(con: duckdb.DuckDBPyConnection) -> None:
    """For bulk loads: source records make a re-parse write hundreds of MB, and without a limit
    DuckDB keeps what it wrote cached, so the process would grow with the archive."""
    con.execute(sql_file("bulk_memory_limit.sql"))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    # Asked directly: listing the catalogue (duckdb_tables()) costs more than the nightly load.
    try:
        row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0]
    except duckdb.CatalogException:
        return 0  # a new, empty file
    return int(row[0])


def _refuse_foreign(con: duckdb.DuckDBPyConnection, path: Path | str) -> None:
    """A file without our schema must hold nothing at all: our tables are never added to another
    application's database (nor its rows published beside ours)."""
    found = [row[0] for row in con.execute(sql_file("foreign_relations.sql")).fetchall()]
    if found:
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise SchemaError(f"{path}: this DuckDB file holds tables that are not aa-leaderboards' ({shown}); "
                          "refused and left untouched (give --db a new file, or one of ours)")


def migrate(con: duckdb.DuckDBPyConnection, path: Path | str, *, known_version: int | None = None) -> int:
    """Bring the file to the current schema: every pending migration in one transaction, so a
    failure leaves the file exactly as it was. `known_version` (a file created just now, empty
    or from the template) spares asking the catalogue."""
    current = schema_version(con) if known_version is None else known_version
    if current == 0 and known_version is None:
        _refuse_foreign(con, path)
    newest = latest_version()
    if current > newest:
        raise SchemaError(
            f"{path}: schema version {current} was written by a newer aa-leaderboards (this one knows up to {newest}); "
            "upgrade aa-leaderboards to use this database"
        )
    pending = [m for m in migrations() if m.version > current]
    if not pending:
        return newest
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql_file("schema_migrations.sql"))
        for migration in pending:
            try:
                con.execute(migration.sql)
            except duckdb.Error as exc:
                raise SchemaError(f"{path}: migration {migration.name} failed ({exc}); the file is unchanged") from exc
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.name])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return newest


@contextmanager
def open_warehouse(path: Path | str, *, read_only: bool = False, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a current-schema warehouse, closed (and its lock released) on exit."""
    known_version: int | None = None
    if not read_only and not Path(path).exists():
        from .template import create_from_template

        known_version = latest_version() if create_from_template(Path(path)) else 0
    con = connect(path, read_only=read_only, lock_timeout_s=lock_timeout_s)
    try:
        if read_only:
            version = schema_version(con)
            if version != latest_version():
                raise SchemaError(f"{path}: schema version {version}, expected {latest_version()}; open it once for writing to upgrade")
        else:
            migrate(con, path, known_version=known_version)
            if known_version == latest_version():
                # The template's migrations were applied when it was built; this file is new now.
                con.execute("UPDATE schema_migrations SET applied_at = now()")
        yield con
    finally:
        con.close()
