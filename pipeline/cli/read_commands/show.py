"""aa-leaderboards show: print the newest snapshot of each board (or each board as it stood on a
date)."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from parsers import TIERS
from warehouse.queries import board_as_of, latest_board

from ...outputs.board_table import SHOW_COLUMNS
from ...outputs.display import minute, render, to_terminal, write_stdout
from ..options import (
    add_db_options,
    add_format_option,
    count,
    end_of_day,
    iso_date,
    reading,
    settings_from,
    show_column,
    show_columns,
)

HELP = "print the newest snapshot of each board (or each board as it stood on a date)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser, archive=False)
    parser.add_argument("--tier", choices=TIERS)
    parser.add_argument("--as-of", type=iso_date, metavar="DATE", help="each board as it stood at the end of DATE (UTC)")
    parser.add_argument("--columns", type=show_columns, metavar="NAMES",
                        help="the table's columns, in order, most wanted first (comma-separated: " + ", ".join(c.name for c in SHOW_COLUMNS) + ")")
    parser.add_argument("--sort", type=show_column, metavar="NAME", help="order each board by this column (missing values last)")
    parser.add_argument("--reverse", action="store_true", help="with --sort: largest first")
    parser.add_argument("--limit", type=count, metavar="N", help="the first N models of each board")
    add_format_option(parser)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    tiers = [args.tier] if args.tier else list(TIERS)
    with reading(settings) as con:
        result = board_as_of(con, tiers, end_of_day(args.as_of)) if args.as_of else latest_board(con, tiers)
    boards = {tier: _ordered([row for row in result.rows if row["tier"] == tier], args) for tier in tiers}
    if args.format != "table":
        write_stdout(_for_programs(boards, result.columns, args))
    else:
        write_stdout(_for_people(boards, args))
    return 0


def _ordered(board: list[dict[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    """A board as asked: by --sort (missing values last, --reverse for largest first), cut to --limit."""
    from ...outputs.board_table import BY_NAME

    if args.sort:
        field = BY_NAME[args.sort].field
        present = sorted((r for r in board if r.get(field) is not None), key=lambda r: r[field], reverse=args.reverse)
        board = present + [r for r in board if r.get(field) is None]
    return board[: args.limit] if args.limit else board


def _for_programs(boards: dict[str, list[dict[str, Any]]], columns: tuple[str, ...], args: argparse.Namespace) -> str:
    """JSON, JSON lines or CSV: every column of leaderboard_latest, or those --columns names (and the board)."""
    from ...outputs.board_table import BY_NAME

    fields = columns
    if args.columns:
        chosen = {BY_NAME[n].field for n in args.columns}
        fields = tuple(c for c in columns if c == "tier" or c in chosen)
    rows = [{k: row[k] for k in fields} for board in boards.values() for row in board]
    return render(rows, args.format, fields=fields, to_terminal=to_terminal())


def _for_people(boards: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> str:
    """A heading and a table a board, fitted to the terminal's width, naming the columns left out."""
    from ...outputs.board_table import board_table, output_width

    width = output_width()
    when = f" as of {args.as_of.isoformat()}" if args.as_of else ""
    out = []
    for tier, board in boards.items():
        if not board:
            out.append(f"{tier} board{when}: no snapshot yet\n")
            continue
        shown = f"{len(board)} models" if not args.limit else f"the first {len(board)} models"
        out.append(textwrap.fill(f"{tier} board{when}: {shown}, captured {minute(board[0]['captured_at'])} "
                   f"(snapshot {board[0]['snapshot_id']}"
                   + (f", Intelligence Index v{board[0]['index_version']})" if board[0]["index_version"] else ")"), width=max(width, 20)))
        table, left_out = board_table(board, width=width, columns=args.columns, styled=to_terminal())
        out.append(table)
        if left_out:
            out.append(textwrap.fill(f"({', '.join(left_out)} left out to fit {width} columns: --columns chooses, or widen "
                                     "the terminal)", width=max(width, 20)))
        out.append("")
    return "\n".join(out) + "\n"
