"""A board as a terminal table that fits the width it is given.

rich draws the table (cell widths of wide and combining characters, ellipses, styles only on a
terminal); this module decides what goes in it: the columns that fit, most useful first, with
the model's name always first on its row and cut with an ellipsis rather than wrapped.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .display import _cell, _providers_shown


@dataclass(frozen=True)
class ShowColumn:
    name: str  # what --columns and --sort call it
    field: str  # the leaderboard_latest column it shows, sorts by and exports
    title: str
    numeric: bool = True


# In the order a row reads.
SHOW_COLUMNS: tuple[ShowColumn, ...] = (
    ShowColumn("model", "model", "Model", numeric=False),
    ShowColumn("rank", "rank", "#"),
    ShowColumn("creator", "creator", "Creator", numeric=False),
    ShowColumn("index", "intelligence_index", "Index"),
    ShowColumn("total", "total_params_b", "Total B"),
    ShowColumn("active", "active_params_b", "Active B"),
    ShowColumn("context", "context_window_tokens", "Context"),
    ShowColumn("price", "blended_price_usd_per_1m", "$/1M"),
    ShowColumn("speed", "output_tokens_per_s", "Tok/s"),
    ShowColumn("weights", "open_weights", "Weights", numeric=False),
    # The count, or "+7 more" where the board gives no count (display._providers_shown).
    ShowColumn("providers", "provider_count", "Providers"),
)
BY_NAME: dict[str, ShowColumn] = {c.name: c for c in SHOW_COLUMNS}
# Which columns stay when the width is short, first to last.
PRIORITY: tuple[str, ...] = ("model", "rank", "index", "total", "price", "speed", "context", "active", "creator",
                             "weights", "providers")
# The name column never narrows below this (longer names end with an ellipsis).
MODEL_MIN_WIDTH = 24
GAP = 2
# Written to a file or pipe with no COLUMNS set: wide enough for every column.
UNBOUNDED_WIDTH = 200


def output_width() -> int:
    """COLUMNS where set, else the terminal's width, else (a file or pipe) wide enough for all."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return UNBOUNDED_WIDTH


def _value(row: Mapping[str, Any], column: ShowColumn) -> str:
    return _cell(_providers_shown(row) if column.name == "providers" else row.get(column.field))


def fitting_columns(rows: Sequence[Mapping[str, Any]], width: int, shown: Sequence[str],
                    priority: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """(the columns drawn, in `shown` order, each with its width; those left out to fit `width`),
    keeping columns in `priority` order while they fit. Every column but the name is as wide as
    its widest cell; the name takes what is left, up to its own widest."""
    from rich.cells import cell_len  # rich only when a table is drawn: every command builds the parser

    natural = {name: max([cell_len(BY_NAME[name].title)] + [cell_len(_value(r, BY_NAME[name])) for r in rows]) for name in shown}
    needed = {name: min(w, MODEL_MIN_WIDTH) if name == "model" else w for name, w in natural.items()}
    kept: list[str] = []
    for name in priority:
        if sum(needed[n] for n in kept) + needed[name] + GAP * len(kept) <= width:
            kept.append(name)
    widths = {n: natural[n] for n in shown if n in kept}
    if "model" in widths:
        rest = sum(w for n, w in widths.items() if n != "model") + GAP * (len(widths) - 1)
        widths["model"] = max(1, min(natural["model"], width - rest))
    return widths, [n for n in shown if n not in kept]


def board_table(rows: Sequence[Mapping[str, Any]], *, width: int, columns: Sequence[str] | None = None,
                styled: bool = False) -> tuple[str, list[str]]:
    """The table's text (no line wider than `width`) and the columns left out to fit."""
    # Columns the user names keep their order, and it is their priority too.
    shown = list(columns) if columns else [c.name for c in SHOW_COLUMNS]
    drawn, left_out = fitting_columns(rows, width, shown, shown if columns else PRIORITY)
    total = sum(drawn.values()) + GAP * (len(drawn) - 1)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold" if styled else "")
    for name, cells in drawn.items():
        column = BY_NAME[name]
        table.add_column(column.title, no_wrap=True, overflow="ellipsis", width=cells,
                         justify="right" if column.numeric else "left")
    for row in rows:
        table.add_row(*(Text(_value(row, BY_NAME[name])) for name in drawn))
    out = io.StringIO()
    console = Console(file=out, width=max(width, total), force_terminal=styled, color_system="standard" if styled else None,
                      markup=False, emoji=False, highlight=False, soft_wrap=False)
    console.print(table)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    return "\n".join(lines), left_out
