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


def _disagrees(field: str, displayed: Any, from_payload: Any) -> bool:
    """Does a displayed (rounded) value contradict the exact one behind it, from the payload?"""
    if displayed is None or from_payload is None:
        return False
    if field == "context_window_tokens":
        return round_significant(float(from_payload)) != round_significant(float(displayed))
    if field in ("total_params_b", "active_params_b"):
        return abs(round_significant(float(from_payload)) - float(displayed)) > 0.0051 * max(1.0, float(displayed))
    if field == "intelligence_index":
        return abs(float(from_payload) - float(displayed)) > 0.51
    if field == "blended_price_usd_per_1m":
        return abs(float(from_payload) - float(displayed)) > max(0.051, 0.05 * float(from_payload))
    if field == "output_tokens_per_s":
        return abs(float(from_payload) - float(displayed)) > max(1.0, 0.02 * float(from_payload))
    if isinstance(displayed, str) and isinstance(from_payload, str):
        # Case, spacing and a trailing slash are display, not a different creator or link.
        return " ".join(displayed.casefold().split()).rstrip("/") != " ".join(from_payload.casefold().split()).rstrip("/")
    if isinstance(displayed, (bool, str)) or isinstance(from_payload, (bool, str)):
        return displayed != from_payload
    return False


CROSS_CHECKED = ("creator", "intelligence_index", "total_params_b", "active_params_b", "is_moe", "context_window_tokens",
                 "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights", "weights_url")


def _cross_check(who: str, displayed: Mapping[str, Any], from_payload: Mapping[str, Any], warnings: list[str]) -> None:
    """A displayed value that contradicts the payload's exact one is said; the payload's is kept."""
    for field in CROSS_CHECKED:
        if _disagrees(field, displayed.get(field), from_payload.get(field)):
            warnings.append(f"{who} {field} is {displayed.get(field)!r} in the table but "
                            f"{from_payload.get(field)!r} in the payload; kept the payload's")


def _most_trusted(displayed: Mapping[str, Any], from_payload: Mapping[str, Any],
                  charts: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """Each field from the payload, else the displayed board, else a chart; and whether a chart gave any."""
    values: dict[str, Any] = {}
    used_charts = False
    for field in VALUE_FIELDS:
        value = from_payload.get(field)
        if value is None:
            value = displayed.get(field)
        if value is None and charts.get(field) is not None:
            value, used_charts = charts[field], True
        values[field] = value
    return values, used_charts


def merge_row(
    *,
    tier: str,
    rank: int,
    displayed: Mapping[str, Any] | None,
    from_payload: Mapping[str, Any] | None,
    charts: Mapping[str, Any] | None,
    displayed_form: str,
    warnings: list[str],
) -> ModelRow:
    """One row from up to three sources; each field from the most trusted one that has it."""
    displayed = displayed or {}
    from_payload = from_payload or {}
    charts = charts or {}
    name = str(from_payload.get("model") or displayed.get("model") or "").strip()
    if from_payload:
        _cross_check(f"{tier}: {name!r}", displayed, from_payload, warnings)
    values, used_charts = _most_trusted(displayed, from_payload, charts)
    for field, value in charts.items():
        if values.get(field) is not None and _disagrees(field, value, values[field]):
            warnings.append(f"{tier}: {name!r} {field} is {value!r} in a chart but {values[field]!r} on the board; kept the board's")
    # MoE follows from the two counts when both are known; a total alone says nothing of it.
    total, active = values["total_params_b"], values["active_params_b"]
    if values["is_moe"] is None and total is not None and active is not None and active <= total:
        values["is_moe"] = active < total
    sources = (["payload"] if from_payload else []) + ([displayed_form] if displayed else []) + (["jsonld"] if used_charts else [])
    _, variant = split_variant(name)
    return ModelRow(
        tier=tier,
        rank=rank,
        model=name,
        variant=variant,
        model_key=model_key(name),
        slug=from_payload.get("slug") or displayed.get("slug"),
        record_id=from_payload.get("record_id"),
        value_source="+".join(sources),
        evaluations=FrozenMap(dict(from_payload.get("evaluations") or {})),
        **values,
    )
