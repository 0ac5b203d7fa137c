"""The boards we keep: one entry each, and everything else (parsing, the size-class check, the
default sources, the --tier choices, feeds, the report, the docs) takes them from here.

The site lists open-weights models on four boards by size class (total parameters). A page
names its board by its band in the title or heading ("(40B-150B)"), by its address
(".../open-source/medium"), or, for the catalogue page that carries every board, not at all:
then each record's `sizeClass` says. Adding a board is one entry here plus its fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

SITE = "https://artificialanalysis.ai"


@dataclass(frozen=True)
class Board:
    """One open-weights board of the site."""

    name: str
    # The band as the site's headings print it.
    band: str
    # Bounds of the size class, in billions of total parameters (None: unbounded).
    min_total_params_b: float | None
    max_total_params_b: float | None

    @property
    def url(self) -> str:
        return f"{SITE}/models/open-source/{self.name}"

    @property
    def title(self) -> str:
        return f"{self.name.capitalize()} open-weights models ({self.band})"

    @cached_property
    def heading_pattern(self) -> re.Pattern[str]:
        """What names this board in a title, heading or address: its band in brackets (with the
        site's sign or its ASCII and HTML forms), "<name> open source", or its path."""
        low, high = self.min_total_params_b, self.max_total_params_b
        if low is not None and high is not None:
            band = rf"\(\s*{low:g}B\s*[-\u2013]\s*{high:g}B\s*\)"
        elif high is not None:
            band = rf"\(\s*(?:\u2264|<=|&le;)\s*{high:g}B\s*\)"
        else:
            band = rf"\(\s*(?:>|&gt;)\s*{low:g}B\s*\)"
        name = re.escape(self.name)
        return re.compile(rf"{band}|\b{name} open[- ]source\b|open-source[/_-]{name}\b", re.IGNORECASE)


# In the order the project took them on: existing outputs keep their order.
BOARDS: tuple[Board, ...] = (
    Board("small", "4B-40B", 4.0, 40.0),
    Board("tiny", "\u22644B", None, 4.0),
    Board("medium", "40B-150B", 40.0, 150.0),
    Board("large", ">150B", 150.0, None),
)
BOARDS_BY_NAME: dict[str, Board] = {board.name: board for board in BOARDS}
TIERS: tuple[str, ...] = tuple(board.name for board in BOARDS)
