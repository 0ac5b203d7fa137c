"""A schema template per machine: a new warehouse starts as a copy of an empty, migrated file.

Creating the schema (tables, views, a comment on every column) costs more than a whole nightly
load; copying a file that already has it costs a few milliseconds. The template is built the
first time a database is created, kept in the user's cache folder under a name that changes
with the DuckDB version, the file format and the schema's text (migrations, views, comments), so
it can never be stale, and skipped altogether wherever the cache folder cannot be written: then
the schema is built in place.

Every new file, template or not, is written in DuckDB 1.4's storage format, which every release
from 1.4.0 on reads (DuckDB 2.0's own format is refused by 1.x): the published copy is then a byte
copy of the writer's file taken under its lock (milliseconds), not a rewrite by DuckDB (tens of
milliseconds for an empty warehouse, more with every night). A warehouse an earlier release
created in 2.0's format keeps it; its copy is rewritten into 1.4's (warehouse/publish.py).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from .resources import definitions, dictionary_text, latest_version, migrations, sql_file
from .schema import migrate

# 1.4 is the oldest format that holds our ZSTD-compressed columns.
STORAGE_VERSION = "v1.4.0"
# DuckDB's default block is 256 KiB, and every table's columns take blocks of their own: our
# warehouse is many small tables, so a few dozen nights of one board filled 9 MB, mostly empty
# blocks. With 16 KiB blocks (the smallest DuckDB allows; 1.4 reads them) the same history is
# 1 MB, so a night's checkpoint and the published copy write a ninth as much (an ingest: ~20 ms less).
BLOCK_SIZE = 16 * 1024


def new_file_config() -> dict[str, Any]:
    """The configuration with which a new database file is created (an existing file keeps its own format and block size)."""
    return {"storage_compatibility_version": STORAGE_VERSION, "default_block_size": BLOCK_SIZE}


def _release(tag: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in tag.strip().lstrip("v").rstrip("+").split("."))
    except ValueError:
        return None


def storage_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The storage format of the file `con` is open on, as DuckDB names it ('v1.4.0+')."""
    tags = con.execute(sql_file("storage_version.sql")).fetchall()
    return tags[0][0] if tags else None


def readable_by_oldest_reader(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the file `con` is open on is in STORAGE_VERSION's format or an older one (so
    DuckDB 1.4 reads its bytes as they are)."""
    tag = storage_version(con)
    release = _release(tag) if tag else None
    return release is not None and release <= (_release(STORAGE_VERSION) or ())


def cache_dir() -> Path:
    """$AA_LEADERBOARDS_CACHE, else $XDG_CACHE_HOME/aa-leaderboards, else ~/.cache/aa-leaderboards."""
    explicit = os.environ.get("AA_LEADERBOARDS_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aa-leaderboards"


@lru_cache(maxsize=1)
def schema_digest() -> str:
    digest = hashlib.sha256(f"{duckdb.__version__} {STORAGE_VERSION} {BLOCK_SIZE}".encode())
    digest.update(sql_file("schema_migrations.sql").encode())
    for migration in migrations():
        digest.update(f"\0{migration.name}\0{migration.sql}\0{migration.after_views or ''}".encode())
    for definition in definitions():
        digest.update(f"\0{definition.name}\0{definition.sql}".encode())
    digest.update(dictionary_text().encode())
    return digest.hexdigest()[:16]


def template_path() -> Path:
    return cache_dir() / f"schema-v{latest_version()}-{schema_digest()}.duckdb"


def _digest_path(template: Path) -> Path:
    return template.with_name(template.name + ".sha256")


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)  # whole or absent, even with several processes at once
    finally:
        tmp.unlink(missing_ok=True)


def _build(template: Path) -> bytes:
    """Build the template and, beside it, the sha256 of its bytes; return the bytes."""
    template.parent.mkdir(parents=True, exist_ok=True)
    tmp = template.with_name(f".{template.name}.{os.getpid()}.build")
    tmp.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(tmp), config=new_file_config()) as con:
            migrate(con, tmp, known_version=0)
            con.execute("CHECKPOINT")
        data = tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    _replace(template, data)
    _replace(_digest_path(template), hashlib.sha256(data).hexdigest().encode())
    return data


def _ours(template: Path) -> bytes | None:
    """The template's bytes when they are the ones this program built (their sha256 is the one
    it wrote beside them), else None: random bytes, another application's DuckDB file or a
    half-copied file in the cache folder is never copied into a new warehouse."""
    try:
        data = template.read_bytes()
        expected = _digest_path(template).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return data if hashlib.sha256(data).hexdigest() == expected else None


def create_from_template(path: Path) -> bool:
    """Create the database file at `path` as a copy of the template. False when it cannot (no
    writable cache, or `path` appeared meanwhile): the caller then builds the schema itself."""
    template = template_path()
    try:
        data = _ours(template)
        if data is None:
            data = _build(template)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
        try:
            with tmp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # link() refuses an existing name: a database created meanwhile is never replaced,
            # and a crash never leaves half a file under the database's name.
            os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except (OSError, duckdb.Error):
        return False
    return True
