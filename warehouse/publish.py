"""Publishing: a consistent read-only copy of the warehouse for readers, replaced atomically.

Readers open `published/<name>.duckdb` beside the writer's file, never the writer's file itself,
so an analyst's long session never blocks the nightly job. The copy is written under a
temporary name while the writer holds the file's lock, then renamed over the old one: a reader
who has the old copy open keeps it; the next open sees the new one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .catalog import ANALYST_VIEWS
from .db import DEFAULT_LOCK_TIMEOUT_S, given_or_opened, open_warehouse
from .errors import WarehouseError
from .resources import sql_file
from .schema import refresh_derived
from .template import BLOCK_SIZE, STORAGE_VERSION, readable_by_oldest_reader

# Every analyst view is exported: one list, so a new view cannot be left out of the exports.
EXPORT_VIEWS: tuple[str, ...] = ANALYST_VIEWS


def published_path(db_path: Path) -> Path:
    return db_path.parent / "published" / db_path.name


def last_change_us(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute(sql_file("last_change.sql")).fetchall()[0][0])


def copy_behind_s(db_path: Path, con: duckdb.DuckDBPyConnection) -> float:
    """How many seconds the published copy is behind the warehouse (`con`, open on it): 0 when
    it holds the warehouse's last change, infinity when there is no readable copy."""
    copy = published_path(db_path)
    if not copy.exists():
        return float("inf")
    try:
        with _working_in(con, copy, read_only=True):
            copied = last_change_us(con)
    except duckdb.Error:
        return float("inf")  # a copy no reader can open is no copy
    return max(0.0, (last_change_us(con) - copied) / 1e6)


@contextmanager
def _working_in(con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> Iterator[None]:
    """The writer's connection working in another file of ours (the published copy, or its
    temporary): attached and made the default database, so the named statements run on it as
    they stand, and the writer's own file the default again after. Attaching a file costs
    DuckDB a few milliseconds; a connection of its own, a whole new database instance (25-45 ms)."""
    home = con.execute("SELECT current_database()").fetchall()[0][0].replace('"', '""')
    con.execute(f"ATTACH '{_quote(path)}' AS published_copy{' (READ_ONLY)' if read_only else ''}")
    try:
        con.execute("USE published_copy")
        try:
            yield
        finally:
            con.execute(f'USE "{home}"')
    finally:
        con.execute("DETACH published_copy")


def publish(db_path: Path, *, con: duckdb.DuckDBPyConnection | None = None, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S) -> Path:
    """Copy the warehouse to its published place. `con`, if given, is an open write connection to it."""
    target = published_path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with given_or_opened(con, db_path, lock_timeout_s=lock_timeout_s) as writer:
            _copy(writer, db_path, tmp)
        os.replace(tmp, target)
    except (duckdb.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise WarehouseError(f"{target}: publishing failed, the previous copy is unchanged ({exc})") from exc
    return target


def _sweep(target: Path) -> None:
    """Temporary copies a killed publish left (called under the write lock, so no publish of
    this warehouse is under way)."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _checkpointed(con: duckdb.DuckDBPyConnection, db_path: Path) -> bool:
    """Checkpoint; whether the file now holds every change (no WAL left beside it)."""
    con.execute("CHECKPOINT")
    wal = db_path.with_name(db_path.name + ".wal")
    return not wal.exists() or wal.stat().st_size == 0


def _copy(con: duckdb.DuckDBPyConnection, db_path: Path, tmp: Path) -> None:
    _sweep(published_path(db_path))
    if readable_by_oldest_reader(con) and _checkpointed(con, db_path):
        # The write connection is the exclusive lock: once the WAL is folded into the file, no one
        # can change it, so its bytes are a consistent copy.
        with db_path.open("rb") as source, tmp.open("wb") as copy:
            shutil.copyfileobj(source, copy, length=1024 * 1024)
    else:
        # A warehouse created in DuckDB 2.0's format (before new files were written in 1.4's), or
        # one whose WAL a checkpoint left: DuckDB rewrites it, every table, view, macro and
        # comment, in the format readers open.
        database = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute(f"ATTACH '{_quote(tmp)}' AS published_copy (STORAGE_VERSION '{STORAGE_VERSION}', BLOCK_SIZE {BLOCK_SIZE})")
        try:
            con.execute(f'COPY FROM DATABASE "{database}" TO published_copy')
        finally:
            con.execute("DETACH published_copy")
    with tmp.open("rb+") as copy:
        os.fsync(copy.fileno())
    held = con.execute(sql_file("held_count.sql")).fetchall()[0][0]
    receivers = con.execute(sql_file("receiver_count.sql")).fetchall()[0][0]
    if held or receivers:
        with _working_in(con, tmp, read_only=False):
            if held:
                con.execute(sql_file("withhold_held.sql"))
                refresh_derived(con)
            if receivers:
                con.execute(sql_file("withhold_receivers.sql"))
            con.execute("CHECKPOINT published_copy")
    os.chmod(tmp, 0o644)


def _export_select(con: duckdb.DuckDBPyConnection, view: str, fmt: str, *, neutralise: bool) -> str:
    """The view's columns as the export conventions write them (docs/commands.md, "Output
    formats"): whole numbers stay whole numbers (a HUGEINT count would be a DOUBLE in Parquet);
    in CSV, times are ISO 8601 with a T and their zone, lists are JSON arrays, and text a
    spreadsheet would run as a formula is neutralised (csv_safe) unless the export is raw."""
    out = []
    for name, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {view}").fetchall():
        column = f'"{name}"'
        if kind in ("HUGEINT", "UHUGEINT"):
            column = f"CAST({column} AS BIGINT)"
        elif fmt == "csv" and kind == "TIMESTAMP WITH TIME ZONE":
            column = f"iso_utc({column})"
        elif fmt == "csv" and kind.endswith("[]"):
            column = f"CAST(to_json({column}) AS VARCHAR)"
        elif fmt == "csv" and kind == "VARCHAR" and neutralise:
            column = f"csv_safe({column})"
        out.append(column if column == f'"{name}"' else f'{column} AS "{name}"')
    return ", ".join(out)


_EXPORT_NAMES = frozenset(f"{view}.{fmt}" for view in EXPORT_VIEWS for fmt in ("parquet", "csv"))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_exports(out_dir: Path) -> None:
    """Staging and retired folders that a killed export left beside `out_dir`."""
    for stale in out_dir.parent.glob(f".{out_dir.name}.export-*"):
        pid = stale.name.rsplit("-", 1)[-1].split(".")[0]
        if stale.is_dir() and not stale.is_symlink() and (not pid.isdigit() or not _pid_alive(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)


def export(db_path: Path, out_dir: Path, fmt: str, *, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S, raw_csv: bool = False) -> list[Path]:
    """Every analyst view to <out_dir>/<view>.<fmt>, written by DuckDB's own COPY. CSV is for
    spreadsheets: text that one would run as a formula is written with a leading apostrophe,
    unless `raw_csv` (Parquet, for programs, is always exact).

    The set is written in a staging folder beside `out_dir` and swapped in whole, replacing the
    previous export (of either format), so a reader finds the old set whole, the new set whole,
    or, for the instant between two renames, no folder; never a mix, never a cut file. A folder
    holding other files is refused, never emptied.
    """
    if fmt not in ("parquet", "csv"):
        raise WarehouseError(f"unknown export format {fmt!r} (parquet or csv)")
    _refuse_foreign_folder(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _sweep_exports(out_dir)
    staging = out_dir.parent / f".{out_dir.name}.export-new-{os.getpid()}"
    retired = out_dir.parent / f".{out_dir.name}.export-old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        with open_warehouse(db_path, read_only=True, lock_timeout_s=lock_timeout_s) as con:
            _write_views(con, staging, out_dir, fmt, neutralise=fmt == "csv" and not raw_csv)
        for path in staging.iterdir():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        if out_dir.exists():
            os.rename(out_dir, retired)
        try:
            os.rename(staging, out_dir)
        except OSError:
            if retired.exists() and not out_dir.exists():
                os.rename(retired, out_dir)  # the previous set back in its place
            raise
    except OSError as exc:
        raise WarehouseError(f"{out_dir}: export failed, the previous export is unchanged ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if out_dir.exists():
            shutil.rmtree(retired, ignore_errors=True)  # never the only copy of the previous set
    return [out_dir / f"{view}.{fmt}" for view in EXPORT_VIEWS]


def _refuse_foreign_folder(out_dir: Path) -> None:
    """An export replaces its folder: one that is no folder, or holds files an export does not write, is refused."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise WarehouseError(f"{out_dir}: not a folder; give --out a folder for the export")
    foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in _EXPORT_NAMES)
    if foreign:
        raise WarehouseError(f"{out_dir}: holds files an export does not write ({', '.join(foreign[:3])}); "
                             "refused so they are not replaced: give --out an empty or an export folder")


def _write_views(con: duckdb.DuckDBPyConnection, staging: Path, out_dir: Path, fmt: str, *, neutralise: bool) -> None:
    """Every analyst view into `staging`, by DuckDB's COPY, as the export conventions write it."""
    if fmt == "csv":
        con.execute(sql_file("csv_macros.sql"))
    options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true, NEW_LINE '\\r\\n'"
    for view in EXPORT_VIEWS:
        path = staging / f"{view}.{fmt}"
        select = _export_select(con, view, fmt, neutralise=neutralise)
        try:
            con.execute(f"COPY (SELECT {select} FROM {view}) TO '{_quote(path)}' ({options})")
        except duckdb.Error as exc:
            raise WarehouseError(f"{out_dir / path.name}: export failed, the previous export is unchanged ({exc})") from exc


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
