"""The contract a board keeps with itself and with its own last board before analysts see it.

The site renames payload fields and changes units without notice. Either kind of change parses
without error into values that are wrong (every index NULL, every price a hundred times too
high), so a page that parses cleanly is still judged against the board it follows. A breach
holds the board back (the warehouse keeps it, the views do not show it) until a person looks.

Pure: both boards come in as plain values; the warehouse reads them and applies the verdict.
The thresholds below are stated in docs/how-it-works.md; change both together.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .boards import BOARDS
from .rows import FrozenMap

# Each board's size class by total parameters, in billions (None: unbounded). The site classes
# models by their rounded size, so a model may sit outside its class by a little: the real tiny
# board lists "Qwen3 VL 4B" at 4.44B and the small board "Llama 3.1 Nemotron Nano 4B" at 4.51B.
# A model is out of class only beyond EDGE_TOLERANCE of a bound (tiny: up to 4.6B).
SIZE_CLASS_B: Mapping[str, tuple[float | None, float | None]] = FrozenMap(
    {board.name: (board.min_total_params_b, board.max_total_params_b) for board in BOARDS})
EDGE_TOLERANCE = 0.15

# Columns that empty: a field held by at least EMPTIED_MIN_SHARE of the last board's models (and
# by at least EMPTIED_MIN_MODELS of them) that is now held by at most EMPTIED_KEEP of that share.
# A field mostly empty before (the tiny board's prices: 1 of 26 models) can never trip it.
EMPTIED_MIN_SHARE = 0.25
EMPTIED_MIN_MODELS = 5
EMPTIED_KEEP = 0.1

# Board-wide steps: among the models on both boards with the field on both, at least
# STEP_MIN_MODELS and STEP_MIN_SHARE of them moved by one factor (within STEP_SPREAD of the
# median factor), and that factor is at least STEP_MIN_FACTOR away from 1 either way. Real
# nights move speeds by a few percent, prices for a handful of models, scores by fractions of a
# point: none of them comes near a factor of 2 for most of a board. The spread is wide because
# speeds wander: between the real pages of 07-18 and 07-31 they moved from x0.09 to x2.7.
STEP_MIN_MODELS = 5
STEP_MIN_SHARE = 0.5
STEP_SPREAD = 1.5
STEP_MIN_FACTOR = 2.0

# The fields whose emptying is a breach: every value a board shows or its payload gives.
FILLED_FIELDS: tuple[str, ...] = (
    "slug", "creator", "intelligence_index", "total_params_b", "active_params_b", "context_window_tokens",
    "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights", "weights_url", "provider_count",
    "release_date", "license_name", "commercial_use_restricted", "openness_index", "input_price_usd_per_1m",
    "output_price_usd_per_1m", "time_to_first_token_s",
)
# The fields with a unit, whose board-wide steps are a breach.
MEASURED_FIELDS: tuple[str, ...] = (
    "intelligence_index", "total_params_b", "active_params_b", "context_window_tokens", "blended_price_usd_per_1m",
    "input_price_usd_per_1m", "output_price_usd_per_1m", "output_tokens_per_s", "time_to_first_token_s",
    "openness_index",
)
# How many models a message names before it says "and N more".
_NAMED = 3


@dataclass(frozen=True)
class BoardValues:
    """One board as the contract sees it: its models' values by model key."""

    snapshot_id: int
    tier: str
    index_version: str | None
    # The fields the board's forms can carry at all (None: not recorded). A field outside it is
    # empty because the form cannot show it, which is no breach.
    carried_fields: frozenset[str] | None
    models: Mapping[str, Mapping[str, Any]] = field(default_factory=FrozenMap)

    # Worked out once a board: a board is judged as the new board, then as the one before the next
    # (a backfill judges thousands in a row).
    @cached_property
    def filled(self) -> dict[str, int]:
        """How many models have each field."""
        counts = dict.fromkeys(FILLED_FIELDS, 0)
        for values in self.models.values():
            for name in FILLED_FIELDS:
                if values.get(name) is not None:
                    counts[name] += 1
        return counts

    @cached_property
    def measured(self) -> dict[str, dict[str, float]]:
        """Each measured field's positive values, by model key."""
        return {name: {key: value for key, values in self.models.items()
                       if (value := values.get(name)) is not None and value > 0}
                for name in MEASURED_FIELDS}


def breaches(board: BoardValues, previous: BoardValues | None) -> list[str]:
    """What in `board` breaks the contract, one phrase each ([] when it keeps it)."""
    found = own_breaches(board)
    if previous is not None and previous.models:
        found += emptied_fields(board, previous) + board_wide_steps(board, previous)
    return found


def own_breaches(board: BoardValues) -> list[str]:
    """A board consistent with itself: sizes within its class, no more active than total."""
    found: list[str] = []
    low, high = SIZE_CLASS_B.get(board.tier, (None, None))
    outside = []
    for values in board.models.values():
        total = values.get("total_params_b")
        if total is None:
            continue
        if (low is not None and total < low * (1 - EDGE_TOLERANCE)) or (high is not None and total > high * (1 + EDGE_TOLERANCE)):
            outside.append(f"{values.get('model')!r} {_figure(total)}B")
    if outside:
        found.append(f"{_count(outside)} outside the {board.tier} board's size class ({_bounds(low, high)} total "
                     f"parameters): {_named(outside)}")
    over = [f"{values.get('model')!r} {_figure(values['active_params_b'])}B active of {_figure(values['total_params_b'])}B"
            for values in board.models.values()
            if values.get("active_params_b") is not None and values.get("total_params_b") is not None
            and values["active_params_b"] > values["total_params_b"]]
    if over:
        found.append(f"{_count(over)} with more active than total parameters (a unit change?): {_named(over)}")
    return found


def emptied_fields(board: BoardValues, previous: BoardValues) -> list[str]:
    """Fields the last board mostly had that this board (almost) lacks: a renamed field.

    Judged only between boards read the same way: both from the payload, or both from the same
    displayed form. A page of another form shows less (a table without a licence column, a text
    rendering's "36B" with no active count), and what it cannot show is no renamed field."""
    found: list[str] = []
    if _form(board) != _form(previous):
        return found
    for name in FILLED_FIELDS:
        if not _carried_by_both(name, board, previous):
            continue
        before, now = previous.filled[name], board.filled[name]
        share_before = before / len(previous.models)
        if before < EMPTIED_MIN_MODELS or share_before < EMPTIED_MIN_SHARE:
            continue
        if not board.models or now / len(board.models) <= share_before * EMPTIED_KEEP:
            found.append(f"{name} emptied: {now} of {len(board.models)} models have it, against {before} of "
                         f"{len(previous.models)} on snapshot {previous.snapshot_id} (a field renamed on the site?)")
    return found


def board_wide_steps(board: BoardValues, previous: BoardValues) -> list[str]:
    """Fields that moved by one factor far from 1 for most models on both boards: a unit change.
    The index moving at once on a board that states a new index version is a re-basing, no breach."""
    found: list[str] = []
    rebased = (board.index_version is not None and previous.index_version is not None
               and board.index_version != previous.index_version)
    for name in MEASURED_FIELDS:
        if name == "intelligence_index" and rebased:
            continue
        before, now = previous.measured[name], board.measured[name]
        ratios = [now[key] / before[key] for key in now.keys() & before.keys()]
        if len(ratios) < STEP_MIN_MODELS:
            continue
        factor = statistics.median(ratios)
        if abs(math.log(factor)) < math.log(STEP_MIN_FACTOR):
            continue
        together = sum(factor / STEP_SPREAD <= ratio <= factor * STEP_SPREAD for ratio in ratios)
        if together >= STEP_MIN_SHARE * len(ratios) and together >= STEP_MIN_MODELS:
            found.append(f"{name} moved {_factor(factor)} for {together} of the {len(ratios)} models on both this board "
                         f"and snapshot {previous.snapshot_id} (a unit change?)")
    return found


def _form(board: BoardValues) -> str:
    """How most of the board's rows were read: 'payload' for any row with the payload among its
    sources, else the row's displayed form ('table', 'text-pipe')."""
    forms = Counter("payload" if "payload" in str(values.get("value_source")).split("+") else str(values.get("value_source"))
                    for values in board.models.values())
    return forms.most_common(1)[0][0] if forms else ""


def _carried_by_both(name: str, board: BoardValues, previous: BoardValues) -> bool:
    return all(side.carried_fields is None or name in side.carried_fields for side in (board, previous))


def _factor(factor: float) -> str:
    """x100, /1,000, x60.1: the factor as a person would say it."""
    size = factor if factor >= 1 else 1 / factor
    return ("x" if factor >= 1 else "/") + (f"{size:,.0f}" if size >= 100 else _figure(size))


def _figure(value: float) -> str:
    return f"{value:.3g}"


def _bounds(low: float | None, high: float | None) -> str:
    if low is None:
        return f"up to {_figure(high)}B" if high is not None else "any"
    return f"{_figure(low)}B-{_figure(high)}B" if high is not None else f"over {_figure(low)}B"


def _count(items: Sequence[str]) -> str:
    return f"{len(items)} model{'s' if len(items) != 1 else ''}"


def _named(items: Sequence[str]) -> str:
    shown = ", ".join(items[:_NAMED])
    return shown if len(items) <= _NAMED else f"{shown} and {len(items) - _NAMED} more"
