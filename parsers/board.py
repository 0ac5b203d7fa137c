"""Assemble board rows from the sources a page carries, in their order of trust.

Who is on a board: the visible rows when the page has them, else the payload's open-weights,
non-deprecated models of the tier. Values: the payload (exact), else the visible cell, with
JSON-LD filling what is still empty. Disagreements become warnings, never silent overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .normalise import model_key, round_significant, split_variant
from .rows import VALUE_FIELDS, FrozenMap, ModelRow


def _disagrees(field: str, shown: Any, exact: Any) -> bool:
    """Does a displayed (rounded) value contradict the exact one behind it?"""
    if shown is None or exact is None:
        return False
    if field == "context_window_tokens":
        return round_significant(float(exact)) != round_significant(float(shown))
    if field in ("total_params_b", "active_params_b"):
        return abs(round_significant(float(exact)) - float(shown)) > 0.0051 * max(1.0, float(shown))
    if field == "intelligence_index":
        return abs(float(exact) - float(shown)) > 0.51
    if field == "blended_price_usd_per_1m":
        return abs(float(exact) - float(shown)) > max(0.051, 0.05 * float(exact))
    if field == "output_tokens_per_s":
        return abs(float(exact) - float(shown)) > max(1.0, 0.02 * float(exact))
    if isinstance(shown, str) and isinstance(exact, str):
        # Case, spacing and a trailing slash are display, not a different creator or link.
        return " ".join(shown.casefold().split()).rstrip("/") != " ".join(exact.casefold().split()).rstrip("/")
    if isinstance(shown, (bool, str)) or isinstance(exact, (bool, str)):
        return shown != exact
    return False


CROSS_CHECKED = ("creator", "intelligence_index", "total_params_b", "active_params_b", "is_moe", "context_window_tokens",
                 "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights", "weights_url")


def merge_row(
    *,
    tier: str,
    rank: int,
    shown: Mapping[str, Any] | None,
    exact: Mapping[str, Any] | None,
    charts: Mapping[str, Any] | None,
    shown_strategy: str,
    warnings: list[str],
) -> ModelRow:
    """One row from up to three sources; each field from the most trusted one that has it."""
    shown = shown or {}
    exact = exact or {}
    charts = charts or {}
    name = str(exact.get("model") or shown.get("model") or "").strip()
    sources: list[str] = []
    if exact:
        sources.append("payload")
        for field in CROSS_CHECKED:
            if _disagrees(field, shown.get(field), exact.get(field)):
                warnings.append(f"{tier}: {name!r} {field} is {shown.get(field)!r} in the table but {exact.get(field)!r} in the payload; kept the payload's")
    if shown:
        sources.append(shown_strategy)
    values: dict[str, Any] = {}
    used_charts = False
    for field in VALUE_FIELDS:
        value = exact.get(field)
        if value is None:
            value = shown.get(field)
        if value is None and charts.get(field) is not None:
            value, used_charts = charts[field], True
        values[field] = value
    for field, value in charts.items():
        if values.get(field) is not None and _disagrees(field, value, values[field]):
            warnings.append(f"{tier}: {name!r} {field} is {value!r} in a chart but {values[field]!r} on the board; kept the board's")
    # MoE follows from the two counts when both are known; a total alone says nothing of it.
    total, active = values["total_params_b"], values["active_params_b"]
    if values["is_moe"] is None and total is not None and active is not None and active <= total:
        values["is_moe"] = active < total
    if used_charts:
        sources.append("jsonld")
    _, variant = split_variant(name)
    return ModelRow(
        tier=tier,
        rank=rank,
        model=name,
        variant=variant,
        model_key=model_key(name),
        slug=exact.get("slug") or shown.get("slug"),
        record_id=exact.get("record_id"),
        value_source="+".join(sources),
        evaluations=FrozenMap(dict(exact.get("evaluations") or {})),
        **values,
    )
