"""Open the warehouse: locking with bounded retry, migrations, and nothing else."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .errors import DatabaseLockedError, SchemaError, WarehouseError
from .resources import latest_version, sql_file
from .schema import definitions_current, migrate, schema_version
from .template import create_from_template, new_file_config

# DuckDB says: "Conflicting lock is held in /usr/bin/python3.11 (PID 5714) by user root."
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>\S+)(?: \(PID (?P<pid>\d+)\))?(?: by user (?P<user>\S+?))?\.?(?:\s|$)")
DEFAULT_LOCK_TIMEOUT_S = 30.0


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
    if path.exists() and not path.is_file():
        # DuckDB would wait for ever on a FIFO, or fail obscurely on a folder or a device.
        raise WarehouseError(f"{path}: not a regular file; a database is a file (give --db a file's path)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    deadline = started + lock_timeout_s
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config={} if path.exists() else new_file_config())
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


@contextmanager
def open_warehouse(path: Path | str, *, read_only: bool = False, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a current-schema warehouse, closed (and its lock released) on exit."""
    known_version: int | None = None
    if not read_only and not Path(path).exists():
        known_version = latest_version() if create_from_template(Path(path)) else 0
    con = connect(path, read_only=read_only, lock_timeout_s=lock_timeout_s)
    try:
        if read_only:
            version = schema_version(con)
            if 0 < version < latest_version() or (version == latest_version() and not definitions_current(con)):
                # Right after an upgrade of this program, `status` and `verify` must still read
                # the file (monitoring runs them): they upgrade it, as a writer would.
                con.close()
                _upgrade(Path(path), version, lock_timeout_s)
                con = connect(path, read_only=True, lock_timeout_s=lock_timeout_s)
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


@contextmanager
def given_or_opened(con: duckdb.DuckDBPyConnection | None, path: Path | str, *, read_only: bool = False,
                    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """The caller's connection when it holds one (a run's, kept open for all its writes), else
    one opened for this alone and closed after."""
    if con is not None:
        yield con
    else:
        with open_warehouse(path, read_only=read_only, lock_timeout_s=lock_timeout_s) as own:
            yield own


def _upgrade(path: Path, version: int, lock_timeout_s: float) -> None:
    """Migrate an older warehouse for a reader, or say why it cannot be (its writer holds it)."""
    try:
        with open_warehouse(path, lock_timeout_s=lock_timeout_s):
            pass
    except WarehouseError as exc:
        if isinstance(exc, SchemaError):
            raise
        raise SchemaError(f"{path}: schema version {version}, expected {latest_version()}, and upgrading it failed: "
                          f"{str(exc).removeprefix(f'{path}: ')}") from exc
