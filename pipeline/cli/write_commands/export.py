"""aa-leaderboards export: write every analyst view as Parquet or CSV with DuckDB's COPY."""

from __future__ import annotations

import argparse
from pathlib import Path

from warehouse.publish import EXPORT_VIEWS, export

from ..options import (
    add_db_options,
    refuse_protected_output,
    require_db,
    settings_from,
)

HELP = "write every analyst view as Parquet or CSV with DuckDB's COPY"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser, archive=False)
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--out", metavar="DIR", help="folder (default: export/ beside the database)")
    parser.add_argument("--raw-csv", action="store_true",
                        help="write text cells exactly, even those a spreadsheet would run as a formula (=, +, -, @)")


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    require_db(settings)
    out = Path(args.out) if args.out else settings.db_path.parent / "export"
    refuse_protected_output(out, settings, [out / f"{view}.{args.format}" for view in EXPORT_VIEWS])
    for path in export(settings.db_path, out, args.format, lock_timeout_s=settings.lock_timeout_s, raw_csv=args.raw_csv):
        print(path)
    return 0
