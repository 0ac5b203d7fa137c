"""Publishing: a consistent read-only copy of the warehouse for readers, replaced atomically.

Readers open `published/<name>.duckdb` beside the writer's file, never the writer's file itself,
so an analyst's long session never blocks the nightly job. The copy is written under a
temporary name by the writer (inside its own consistent view) and renamed over the old one:
a reader who has the old copy open keeps it; the next open sees the new one.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from .db import open_warehouse
from .errors import WarehouseError

EXPORT_VIEWS: tuple[str, ...] = ("leaderboard_latest", "leaderboard_history", "model_versions", "leaderboard_changes", "evaluation_history")


def published_path(db_path: Path) -> Path:
    return db_path.parent / "published" / db_path.name


def publish(db_path: Path, *, lock_timeout_s: float = 30.0) -> Path:
    target = published_path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        # Checks the schema (and waits out another writer) before copying.
        with open_warehouse(db_path, read_only=True, lock_timeout_s=lock_timeout_s):
            pass
        with duckdb.connect(":memory:") as con:
            con.execute(f"ATTACH '{_quote(db_path)}' AS source_db (READ_ONLY)")
            con.execute(f"ATTACH '{_quote(tmp)}' AS published_copy")
            con.execute("COPY FROM DATABASE source_db TO published_copy")
            con.execute("DETACH published_copy")
            con.execute("DETACH source_db")
        os.replace(tmp, target)
    except (duckdb.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise WarehouseError(f"{target}: publishing failed, the previous copy is unchanged ({exc})") from exc
    return target


def export(db_path: Path, out_dir: Path, fmt: str, *, lock_timeout_s: float = 30.0) -> list[Path]:
    """Every analyst view to <out_dir>/<view>.<fmt>, written by DuckDB's own COPY."""
    if fmt not in ("parquet", "csv"):
        raise WarehouseError(f"unknown export format {fmt!r} (parquet or csv)")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with open_warehouse(db_path, read_only=True, lock_timeout_s=lock_timeout_s) as con:
        for view in EXPORT_VIEWS:
            path = out_dir / f"{view}.{fmt}"
            options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
            try:
                con.execute(f"COPY (SELECT * FROM {view}) TO '{_quote(path)}' ({options})")
            except duckdb.Error as exc:
                raise WarehouseError(f"{path}: export failed ({exc})") from exc
            written.append(path)
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
