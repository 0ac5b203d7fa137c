"""aa-leaderboards report: write one self-contained HTML report: per board, what changed, movers,
histories, charts and the board."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..options import (
    add_db_options,
    refuse_protected_output,
    require_db,
    settings_from,
)

HELP = "write one self-contained HTML report: per board, what changed, movers, histories, charts and the board"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser, archive=False)
    parser.add_argument("--out", metavar="FILE", help="where to write it (default: report.html beside the database)")


def run(args: argparse.Namespace) -> int:
    from ...outputs.report import write_report

    settings = settings_from(args)
    require_db(settings)
    out = Path(args.out) if args.out else settings.db_path.parent / "report.html"
    refuse_protected_output(out, settings)
    path, charts = write_report(settings, out)
    print(f"wrote {path} ({charts} charts)")
    return 0
