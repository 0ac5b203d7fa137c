"""Subcommands that use the warehouse and the archive (registered by cli.build_parser)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from warehouse.db import open_warehouse
from warehouse.errors import WarehouseError
from warehouse.queries import board_status, latest_board, last_run

from .capture import parse_timestamp
from .display import TABLE_COLUMNS, format_table, safe
from .errors import PipelineError
from .jobs import Settings, ingest_files
from .steps import PageOutcome

DEFAULT_DB = Path("data") / "leaderboards.duckdb"


def default_db() -> Path:
    return Path(os.environ.get("AA_LEADERBOARDS_DB") or DEFAULT_DB)


def settings_from(args: argparse.Namespace) -> Settings:
    db = Path(args.db) if args.db else default_db()
    archive = Path(args.archive) if getattr(args, "archive", None) else db.parent / "archive"
    return Settings(db_path=db, archive_dir=archive, lock_timeout_s=args.lock_timeout)


def add_db_options(parser: argparse.ArgumentParser, *, archive: bool = True) -> None:
    parser.add_argument("--db", help=f"DuckDB file (default: $AA_LEADERBOARDS_DB, else {DEFAULT_DB})")
    if archive:
        parser.add_argument("--archive", help="raw-page archive folder (default: archive/ beside the database)")
    parser.add_argument("--lock-timeout", type=float, default=30.0, metavar="SECONDS",
                        help="how long to wait for another run's lock on the database (default: 30)")


def report_line(o: PageOutcome) -> str:
    if o.failed:
        return f"FAILED     {safe(o.error)}"
    when = o.captured_at.isoformat() if o.captured_at else "?"
    boards = "+".join(o.tiers) or "-"
    warn = f", {len(o.warnings)} warning(s)" if o.warnings else ""
    return (f"{o.status:<10} {boards:<10} {o.rows:>3} rows  snapshot {o.snapshot_id}  "
            f"captured {when} (from {o.capture_time_source}){warn}  {safe(o.source)}")


def print_outcomes(outcomes: Sequence[PageOutcome], verbose: bool) -> int:
    for o in outcomes:
        print(report_line(o))
        if verbose:
            for warning in o.warnings:
                print(f"  warning: {safe(warning)}", file=sys.stderr)
    failed = sum(o.failed for o in outcomes)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("loaded", "unchanged", "failed")}
    print(f"{len(outcomes)} page(s): {counts['loaded']} loaded, {counts['unchanged']} unchanged, {counts['failed']} failed")
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    captured = parse_timestamp(args.captured_at) if args.captured_at else None
    if args.prefect:
        from .flows import run_ingest_flow

        outcomes = run_ingest_flow(settings, args.paths, tier=args.tier, captured_at=captured)
    else:
        outcomes = ingest_files(settings, args.paths, tier=args.tier, captured_at=captured)
    return print_outcomes(outcomes, args.verbose)


def _rows_as_dicts(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row)) for row in rows]


def cmd_show(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if not settings.db_path.exists():
        raise PipelineError(f"{settings.db_path}: no database yet (run `aa-leaderboards ingest` or `refresh` first)")
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        tiers = [args.tier] if args.tier else ["small", "tiny"]
        for tier in tiers:
            columns, rows = latest_board(con, tier)
            if not rows:
                print(f"{tier} board: no snapshot yet\n")
                continue
            as_dicts = _rows_as_dicts(columns, rows)
            print(f"{tier} board: {len(rows)} models, captured {as_dicts[0]['captured_at']} (snapshot {as_dicts[0]['snapshot_id']})")
            print(format_table(as_dicts, [c for c in TABLE_COLUMNS if c[0] != "tier"]))
            print()
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    print(f"database: {settings.db_path.resolve()}")
    print(f"archive:  {settings.archive_dir.resolve()}")
    pages = sum(1 for _ in settings.archive_dir.glob("??/*.gz")) if settings.archive_dir.exists() else 0
    print(f"archived pages: {pages}")
    if not settings.db_path.exists():
        print("no database yet")
        return 0
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        for tier, snapshots, latest, rows in board_status(con):
            print(f"{tier} board: {snapshots} snapshot(s), latest captured {latest} with {rows} models")
        run = last_run(con)
        if run:
            finished, status, source, error = run
            print(f"last parse run: {finished} {status} {safe(source)}" + (f" ({safe(error)})" if error else ""))
    return 0


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("ingest", help="archive, parse and load saved pages (files, folders, globs)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_db_options(p)
    p.add_argument("--tier", choices=["small", "tiny"], help="load only this board from each page")
    p.add_argument("--captured-at", metavar="TIMESTAMP", help="capture time of the pages (ISO; default: archive, file name, mtime)")
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("show", help="print the newest snapshot of each board")
    add_db_options(p, archive=False)
    p.add_argument("--tier", choices=["small", "tiny"])
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("status", help="boards, snapshot counts, last run, database and archive paths")
    add_db_options(p)
    p.set_defaults(func=cmd_status)


__all__ = ["register", "WarehouseError"]
