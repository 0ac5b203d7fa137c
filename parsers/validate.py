"""Checks a parsed page must pass before anything downstream may trust it."""

from __future__ import annotations

import math
from collections import Counter

from .errors import ParseError
from .rows import ModelRow, ParsedPage

MIN_ROWS_PER_BOARD = 5
INDEX_RANGE = (0.0, 100.0)
# The largest real model is Kimi K3 at 2,800B (the large board, July 2026); ten times that is a
# unit slip, not a model.
PARAMS_RANGE_B = (0.01, 20000.0)
# Beyond any real figure, and beyond what the warehouse's integer columns hold: the largest real
# context window is 10M tokens, the most providers of a model 13 (July 2026).
MAX_CONTEXT_TOKENS = 1_000_000_000
MAX_PROVIDERS = 10_000
# What each evaluation's score can be at all; the real pages of July 2026 lie well inside. Most are
# shares of tasks (0-1); the two sub-indices are points (0-100); AA-Omniscience nets wrong answers
# against right ones (-100 to 100); GDPval is an Elo-like rating (-145 to 1140 seen).
_SHARE = (0.0, 1.0)
EVALUATION_RANGES: dict[str, tuple[float, float]] = {
    **dict.fromkeys(("gdpvalNormalized", "tau2", "tauBanking", "terminalbenchHard", "terminalbenchV21", "scicode",
                     "lcr", "ifbench", "hle", "gpqa", "critpt", "mmmuPro", "livecodebench", "aime25", "itBenchSre",
                     "apexAgents", "omniscienceAccuracy", "omniscienceHallucinationRate"), _SHARE),
    "codingIndex": (0.0, 100.0),
    "agenticIndex": (0.0, 100.0),
    "omniscience": (-100.0, 100.0),
    "gdpval": (-10_000.0, 10_000.0),
}
# An evaluation this table does not know yet: any finite score within a generous bound.
_ANY_SCORE = (-1e6, 1e6)


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
            cause = _row_fault(row)
            if cause is not None:
                raise ParseError(source, f"{tier} board, rank {row.rank} ({row.model}): {cause}")
    return page


def _row_fault(row: ModelRow) -> str | None:
    """What makes a row impossible, if anything: the first of its sizes, figures or scores out of range."""
    return _size_fault(row) or _figure_fault(row) or _score_fault(row)


def _size_fault(row: ModelRow) -> str | None:
    index = row.intelligence_index
    if index is not None and not INDEX_RANGE[0] <= index <= INDEX_RANGE[1]:  # NaN fails it too
        return f"intelligence index {index} is outside 0-100"
    # The active count is judged against the total by the board's contract (parsers.contract),
    # which holds a board whose active counts moved by a unit, rather than refusing its page.
    total = row.total_params_b
    if total is not None and not PARAMS_RANGE_B[0] <= total <= PARAMS_RANGE_B[1]:
        return f"total parameters {total}B are outside {PARAMS_RANGE_B[0]:g}-{PARAMS_RANGE_B[1]:g}B"
    if row.active_params_b is not None and not (math.isfinite(row.active_params_b) and row.active_params_b > 0):
        return f"active parameters {row.active_params_b}B are not a positive number"
    return None


def _figure_fault(row: ModelRow) -> str | None:
    for label, value in (
        ("context window", row.context_window_tokens),
        ("price", row.blended_price_usd_per_1m),
        ("output speed", row.output_tokens_per_s),
        ("input price", row.input_price_usd_per_1m),
        ("output price", row.output_price_usd_per_1m),
        ("time to first token", row.time_to_first_token_s),
        ("openness index", row.openness_index),
        ("provider count", row.provider_count),
        ("count of further providers", row.providers_more),
    ):
        if value is None:
            continue
        if not math.isfinite(value):
            return f"{label} is {value}, not a number"
        if value < 0:
            return f"{label} {value} is negative"
    if row.context_window_tokens is not None and row.context_window_tokens < 1:
        return f"a context window of {row.context_window_tokens} tokens holds no token"
    for label, count, most in (("context window", row.context_window_tokens, MAX_CONTEXT_TOKENS),
                               ("provider count", row.provider_count, MAX_PROVIDERS),
                               ("count of further providers", row.providers_more, MAX_PROVIDERS)):
        if count is not None and count > most:
            return f"{label} {count:g} is beyond any real figure (at most {most:,})"
    return None


def _score_fault(row: ModelRow) -> str | None:
    for evaluation, score in row.evaluations.items():
        low, high = EVALUATION_RANGES.get(evaluation, _ANY_SCORE)
        if not math.isfinite(score) or not low <= score <= high:
            return f"{evaluation} score {score} is outside {low:g} to {high:g}"
    return None
