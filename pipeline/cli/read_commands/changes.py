"""aa-leaderboards changes: what changed on the boards in a period: entered, left, index and price
changes, new first places, methodology, held boards, failed runs."""

from __future__ import annotations

import argparse
import datetime as dt

from parsers import TIERS

from ...errors import UsageError
from ...outputs.display import render, safe, to_terminal, write_stdout
from ..options import (
    add_db_options,
    add_format_option,
    iso_date,
    require_db,
    settings_from,
)

HELP = ("what changed on the boards in a period: entered, left, index and price changes, "
        "new first places, methodology, held boards, failed runs")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=iso_date, metavar="DATE", help="first day, by capture time in UTC (YYYY-MM-DD)")
    parser.add_argument("--until", type=iso_date, metavar="DATE", help="last day, inclusive (YYYY-MM-DD)")
    parser.add_argument("--tier", choices=TIERS, help="one board only (failed runs that name no board are left out)")
    add_db_options(parser, archive=False)
    add_format_option(parser)


def run(args: argparse.Namespace) -> int:
    from warehouse.events import CHANGES_COLUMNS, events_between

    from ...outputs.digest import changes_text

    settings = settings_from(args)
    require_db(settings)
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    since = _day_start(args.since) if args.since else None
    until = _day_start(args.until + dt.timedelta(days=1)) if args.until else None  # --until is inclusive
    with settings.reading() as con:
        rows = events_between(con, since, until, args.tier)
    if args.format == "table":
        write_stdout("".join(safe(line) + "\n" for line in changes_text(rows)))
    else:
        write_stdout(render(rows, args.format, fields=CHANGES_COLUMNS, to_terminal=to_terminal()))
    return 0


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), dt.UTC)
