"""aa-leaderboards health: exit 0 when every board's newest night is younger than --max-age and the
last run succeeded, else 1 with one line per problem (for cron, systemd and monitoring)."""

from __future__ import annotations

import argparse
import datetime as dt

from parsers import TIERS

from ...outputs.display import safe, write_stdout
from ...outputs.health import DEFAULT_MAX_AGE
from ..options import (
    add_db_options,
    duration,
    settings_from,
)

HELP = ("exit 0 when every board's newest night is younger than --max-age and the last run "
        "succeeded, else 1 with one line per problem (for cron, systemd and monitoring)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-age", type=duration, default=DEFAULT_MAX_AGE, metavar="AGE",
                        help="the oldest a board's newest night may be: 36h (default), 90m, 2d, or seconds")
    parser.add_argument("--tier", choices=TIERS, action="append", help="a board that must be there (repeatable; default: every board loaded)")
    add_db_options(parser, archive=False)


def run(args: argparse.Namespace) -> int:
    from ...outputs.health import age_text, health_problems
    from ...outputs.status import status_report

    report = status_report(settings_from(args))
    now = dt.datetime.now(dt.UTC)
    problems = health_problems(report, now=now, max_age=args.max_age, tiers=args.tier)
    if problems:
        write_stdout("".join(f"problem: {safe(p)}\n" for p in problems))
        return 1
    newest = min(b["latest_captured_at"] for b in report["boards"] if not args.tier or b["tier"] in args.tier)
    last = report["last_runs"][0] if report["last_runs"] else None
    write_stdout(f"ok: {len(args.tier or report['boards'])} board(s), the oldest newest night {age_text(now - newest)} old"
                 + (f"; last run {last['job']} ok" if last else "") + "\n")
    return 0
