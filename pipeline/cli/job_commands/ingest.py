"""aa-leaderboards ingest: archive, parse and load saved pages (files, folders, globs)."""

from __future__ import annotations

import argparse
import sys

from parsers.boards import TIERS

from ...outputs.display import safe
from ...runs import ingest_files
from ...sources.capture_times import checked_option, parse_timestamp
from ..lines import page_printer, print_outcomes, print_summary
from ..options import (
    add_db_options,
    add_job_options,
    notifications_for,
    orchestrated,
    run_as_flow,
    settings_from,
)

HELP = "archive, parse and load saved pages (files, folders, globs)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH")
    add_db_options(parser)
    parser.add_argument("--tier", choices=TIERS, help="load only this board from each page")
    parser.add_argument("--captured-at", metavar="TIMESTAMP", help="capture time of the pages (ISO; default: archive, file name, mtime)")
    add_job_options(parser)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    captured = checked_option(parse_timestamp(args.captured_at)) if args.captured_at else None
    notifications = notifications_for(args)
    if orchestrated(args):
        from ...runs.flows import ingest_flow  # Prefect is imported only when asked for

        outcomes = run_as_flow(ingest_flow, settings, notifications, paths=list(args.paths), tier=args.tier, captured_at=captured)
        status = print_outcomes(outcomes, args.verbose)
    else:
        outcomes = ingest_files(settings, args.paths, tier=args.tier, captured_at=captured,
                                on_outcome=page_printer(args.verbose), notifications=notifications,
                                on_note=lambda note: print(f"note: {safe(note)}", file=sys.stderr, flush=True))
        status = print_summary(outcomes)
    for warning in (w for o in outcomes for w in o.dating_warnings):
        print(f"warning: {safe(warning)}", file=sys.stderr)
    return status
