"""aa-leaderboards backfill: load the boards' history from a web archive's captures (the Internet
Archive by default)."""

from __future__ import annotations

import argparse
import sys

from ...errors import UsageError
from ...outputs.display import render, safe, to_terminal, write_stdout
from ...runs import backfill, backfill_plan, exit_status
from ...runs.planning import PLANNED_FIELDS
from ...sources.cdx import DEFAULT_CDX_ENDPOINT, DEFAULT_REPLAY_ENDPOINT, PAGE_LIMIT
from ...sources.fetch import DEFAULT_SOURCES
from ...sources.web_archive import BackfillOptions
from ..lines import page_printer, print_held, print_outcomes, summary_lines
from ..options import (
    add_db_options,
    add_fetch_options,
    add_format_option,
    add_job_options,
    add_url_option,
    count,
    iso_date,
    notifications_for,
    orchestrated,
    policy_from,
    run_as_flow,
    seconds,
    settings_from,
    web_url,
)

HELP = "load the boards' history from a web archive's captures (the Internet Archive by default)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=iso_date, metavar="DATE", help="first day of captures to read (YYYY-MM-DD)")
    parser.add_argument("--until", type=iso_date, metavar="DATE", help="last day of captures to read, inclusive (YYYY-MM-DD)")
    add_url_option(parser, metavar="BOARD_URL", what="a board URL")
    parser.add_argument("--dry-run", action="store_true", help="list the captures it would fetch and those already archived; fetch nothing")
    parser.add_argument("--cdx-endpoint", type=web_url, default=DEFAULT_CDX_ENDPOINT, metavar="URL", help=f"CDX index (default: {DEFAULT_CDX_ENDPOINT})")
    parser.add_argument("--replay-endpoint", type=web_url, default=DEFAULT_REPLAY_ENDPOINT, metavar="URL",
                        help=f"where captures are replayed raw as URL/TIMESTAMPid_/ORIGINAL (default: {DEFAULT_REPLAY_ENDPOINT})")
    parser.add_argument("--interval", type=seconds, default=5.0, metavar="SECONDS",
                        help="at least this long between two requests to the archive (default: 5)")
    parser.add_argument("--cdx-page-size", type=count, default=PAGE_LIMIT, metavar="N",
                        help=f"captures per index query; more are read with resume keys (default: {PAGE_LIMIT})")
    add_db_options(parser)
    add_fetch_options(parser, "the archive's")
    add_format_option(parser)
    add_job_options(parser)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    options = BackfillOptions(urls=tuple(args.url or DEFAULT_SOURCES.values()), since=args.since, until=args.until,
                              cdx_endpoint=args.cdx_endpoint, replay_endpoint=args.replay_endpoint, interval_s=args.interval,
                              page_limit=args.cdx_page_size)
    policy = policy_from(args)
    notifications = notifications_for(args)  # a bad --notify URL is a usage error, dry run or not
    if args.dry_run:
        report = backfill_plan(settings, options, policy=policy)
        if args.format == "table":
            lines = [f"{p.capture.timestamp}  {p.state:<22} {p.board_url}" for p in report.planned]
            write_stdout("".join(safe(line) + "\n" for line in lines + summary_lines(report, dry_run=True)))
        else:
            write_stdout(render([p.as_dict() for p in report.planned], args.format, fields=PLANNED_FIELDS,
                                to_terminal=to_terminal()))
        for o in report.failed:
            print(f"error: {safe(o.source)}: {safe(o.error)}", file=sys.stderr)
        return exit_status(report.outcomes)
    if orchestrated(args):
        from ...runs.flows import backfill_flow  # Prefect is imported only when asked for

        outcomes = run_as_flow(backfill_flow, settings, notifications, policy, urls=list(options.urls), since=options.since,
                               until=options.until, cdx_endpoint=options.cdx_endpoint, replay_endpoint=options.replay_endpoint,
                               interval_s=options.interval_s, cdx_page_size=options.page_limit)
        return print_outcomes(outcomes, args.verbose)
    report = backfill(settings, options, policy=policy, on_outcome=page_printer(args.verbose), notifications=notifications)
    for line in summary_lines(report, dry_run=False):
        print(safe(line))
    print_held(report.outcomes)
    return exit_status(report.outcomes)
