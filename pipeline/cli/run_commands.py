"""The run commands: ingest, refresh, backfill and reparse, and serve (the nightly refresh on a schedule).

Each runs its job from pipeline.runs: on the fast path, printing each page's line as it is
decided; or, with --prefect or a configured Prefect server, as the job's flow, whose lines are
printed when it ends. The job itself takes the run lock and tells receivers of a failed run.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import UsageError
from ..outputs.display import render, safe, to_terminal, write_stdout
from ..runs import backfill, backfill_plan, dating_warnings, exit_status, ingest_files, refresh_urls, reparse_archive
from ..runs.planning import PLANNED_FIELDS
from ..sources.capture_times import checked_option, parse_timestamp
from ..sources.fetch import DEFAULT_SOURCES
from ..sources.web_archive import BackfillOptions
from .lines import page_printer, print_held, print_outcomes, print_summary, summary_lines
from .options import flow_notify_env, notifications_for, orchestrated, policy_from, run_as_flow, settings_from


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    captured = checked_option(parse_timestamp(args.captured_at)) if args.captured_at else None
    notifications = notifications_for(args)
    if orchestrated(args):
        outcomes = run_as_flow("ingest", settings, notifications, paths=list(args.paths), tier=args.tier, captured_at=captured)
        status = print_outcomes(outcomes, args.verbose)
    else:
        outcomes = ingest_files(settings, args.paths, tier=args.tier, captured_at=captured,
                                on_outcome=page_printer(args.verbose), notifications=notifications,
                                on_note=lambda note: print(f"note: {safe(note)}", file=sys.stderr, flush=True))
        status = print_summary(outcomes)
    for warning in dating_warnings(settings, outcomes):
        print(f"warning: {safe(warning)}", file=sys.stderr)
    return status


def cmd_refresh(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    notifications = notifications_for(args)
    urls = list(args.url or DEFAULT_SOURCES.values())
    policy = policy_from(args)
    if orchestrated(args):
        return print_outcomes(run_as_flow("refresh", settings, notifications, policy, urls=urls), args.verbose)
    return print_summary(refresh_urls(settings, urls, policy=policy, on_outcome=page_printer(args.verbose), notifications=notifications))


def cmd_backfill(args: argparse.Namespace) -> int:
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
        outcomes = run_as_flow("backfill", settings, notifications, policy, urls=list(options.urls), since=options.since,
                               until=options.until, cdx_endpoint=options.cdx_endpoint, replay_endpoint=options.replay_endpoint,
                               interval_s=options.interval_s, cdx_page_size=options.page_limit)
        return print_outcomes(outcomes, args.verbose)
    report = backfill(settings, options, policy=policy, on_outcome=page_printer(args.verbose), notifications=notifications)
    for line in summary_lines(report, dry_run=False):
        print(safe(line))
    print_held(report.outcomes)
    return exit_status(report.outcomes)


def cmd_reparse(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    notifications = notifications_for(args)
    if orchestrated(args):
        outcomes = run_as_flow("reparse", settings, notifications, force=args.force)
        printed = False
    else:
        outcomes = reparse_archive(settings, force=args.force, workers=args.workers, on_outcome=page_printer(args.verbose),
                                   notifications=notifications)
        printed = True
    if not outcomes:
        print("nothing to re-parse: every archived page is current (use --force to re-read them all)")
        return 0
    return print_summary(outcomes) if printed else print_outcomes(outcomes, args.verbose)


def cmd_serve(args: argparse.Namespace) -> int:
    from ..runs.serve import serve

    settings = settings_from(args)
    # Checked now (a bad URL is a usage error before the server starts); the served flow reads
    # them from the environment it inherits.
    flow_notify_env(notifications_for(args))
    return serve(settings, cron=args.cron, timezone=args.timezone, start_server=args.start_server,
                 urls=list(args.url or DEFAULT_SOURCES.values()), port=args.port)
