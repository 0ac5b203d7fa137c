"""aa-leaderboards reparse: re-parse every archived page with the current parser version."""

from __future__ import annotations

import argparse

from ...runs import reparse_archive
from ..lines import page_printer, print_outcomes, print_summary
from ..options import (
    add_db_options,
    add_job_options,
    count,
    notifications_for,
    orchestrated,
    run_as_flow,
    settings_from,
)

HELP = "re-parse every archived page with the current parser version"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser)
    parser.add_argument("--force", action="store_true", help="re-read pages this parser version has already read")
    parser.add_argument("--workers", type=count, help="parser processes (default: one per core)")
    add_job_options(parser)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    notifications = notifications_for(args)
    if orchestrated(args):
        from ...runs.flows import reparse_flow  # Prefect is imported only when asked for

        outcomes = run_as_flow(reparse_flow, settings, notifications, force=args.force)
        printed = False
    else:
        outcomes = reparse_archive(settings, force=args.force, workers=args.workers, on_outcome=page_printer(args.verbose),
                                   notifications=notifications)
        printed = True
    if not outcomes:
        print("nothing to re-parse: every archived page is current (use --force to re-read them all)")
        return 0
    return print_summary(outcomes) if printed else print_outcomes(outcomes, args.verbose)
