"""aa-leaderboards diff: the net difference between two boards: entered, left, renamed, moved,
changed values."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from parsers import TIERS
from warehouse.queries import board_as_of, board_of_snapshot

from ...errors import UsageError
from ...outputs.display import render, safe, to_terminal, write_stdout
from ..options import (
    add_db_options,
    add_format_option,
    date_or_snapshot,
    end_of_day,
    reading,
    settings_from,
)

HELP = "the net difference between two boards: entered, left, renamed, moved, changed values"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", type=date_or_snapshot, metavar="DATE_OR_SNAPSHOT", help="a day (the boards at its end, UTC) or a snapshot id")
    parser.add_argument("new", type=date_or_snapshot, metavar="DATE_OR_SNAPSHOT")
    parser.add_argument("--tier", choices=TIERS, help="one board only")
    add_db_options(parser, archive=False)
    add_format_option(parser)


def run(args: argparse.Namespace) -> int:
    from ...outputs.board_diff import DIFF_COLUMNS, board_diff, diff_lines
    from ...outputs.display import format_number

    settings = settings_from(args)
    tiers = [args.tier] if args.tier else list(TIERS)
    with reading(settings) as con:
        old, new = _boards_at(con, tiers, args.old), _boards_at(con, tiers, args.new)
    for point, rows in ((args.old, old), (args.new, new)):
        if not rows:
            raise UsageError(f"{settings.db_path}: no board " + (f"in snapshot {point}" if isinstance(point, int)
                                                                 else f"had a snapshot by the end of {point.isoformat()}")
                             + (f" on the {args.tier} board" if args.tier else ""))
    # A board on one side only is no difference of that board: left out, and said.
    both = [t for t in tiers if any(r["tier"] == t for r in old) and any(r["tier"] == t for r in new)]
    if not both:
        raise UsageError(f"{settings.db_path}: no board is on both sides ({args.old} and {args.new})")
    for tier in tiers:
        if tier not in both and (args.tier or any(r["tier"] == tier for r in old + new)):
            print(f"note: the {tier} board is on one side only; left out", file=sys.stderr)
    rows = board_diff(both, old, new)
    if args.format != "table":
        write_stdout(render(rows, args.format, fields=DIFF_COLUMNS, to_terminal=to_terminal()))
        return 0
    lines = diff_lines(rows, safe=safe, number=format_number) or ["no difference"]
    write_stdout("\n".join(lines) + "\n")
    return 0


def _boards_at(con: Any, tiers: list[str], point: dt.date | int) -> list[dict[str, Any]]:
    if isinstance(point, int):
        return board_of_snapshot(con, tiers, point).rows
    return board_as_of(con, tiers, end_of_day(point)).rows
