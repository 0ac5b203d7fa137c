"""Checks a parsed page must pass before anything downstream may trust it."""

from __future__ import annotations

from collections import Counter

from .errors import ParseError
from .rows import ParsedPage

MIN_ROWS_PER_BOARD = 5
INDEX_RANGE = (0.0, 100.0)
PARAMS_RANGE_B = (0.01, 2000.0)


def validate_page(page: ParsedPage) -> ParsedPage:
    """Return the page unchanged, or raise ParseError naming the source and the first cause."""
    source = page.source
    if not page.boards:
        raise ParseError(source, "no board found on the page")
    for tier, rows in page.boards.items():
        if len(rows) < MIN_ROWS_PER_BOARD:
            raise ParseError(source, f"{tier} board has {len(rows)} rows, fewer than {MIN_ROWS_PER_BOARD}: not a whole board")
        dupes = [key for key, count in Counter(row.model_key for row in rows).items() if count > 1]
        if dupes:
            raise ParseError(source, f"{tier} board lists the same model more than once: {', '.join(sorted(dupes))}")
        for row in rows:
            where = f"{tier} board, rank {row.rank} ({row.model})"
            index = row.intelligence_index
            if index is not None and not INDEX_RANGE[0] <= index <= INDEX_RANGE[1]:
                raise ParseError(source, f"{where}: intelligence index {index} is outside 0-100")
            for label, value in (("total", row.total_params_b), ("active", row.active_params_b)):
                if value is not None and not PARAMS_RANGE_B[0] <= value <= PARAMS_RANGE_B[1]:
                    raise ParseError(source, f"{where}: {label} parameters {value}B are outside 0.01-2000B")
            for label, value in (
                ("context window", row.context_window_tokens),
                ("price", row.blended_price_usd_per_1m),
                ("output speed", row.output_tokens_per_s),
            ):
                if value is not None and value < 0:
                    raise ParseError(source, f"{where}: {label} {value} is negative")
    return page
