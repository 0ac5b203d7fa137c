"""schema.org Dataset blocks (JSON-LD): chart data that enriches and cross-checks rows.

Charts hold ~20 rows at most, so they never decide who is on a board.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from ..normalise import model_key, slug_from_url

# Dataset row key -> ModelRow field.
_FIELDS: dict[str, str] = {
    "intelligenceIndex": "intelligence_index",
    "artificialAnalysisIntelligenceIndex": "intelligence_index",
    "contextWindowTokens": "context_window_tokens",
    "totalParameters": "total_params_b",
    "outputSpeed": "output_tokens_per_s",
    "medianOutputSpeed": "output_tokens_per_s",
}


def dataset_facts(blocks: Iterable[str], warnings: list[str]) -> dict[str, dict[str, Any]]:
    """Facts by 'key:<model_key of the label>' (or 'slug:<slug>' for unlabelled rows)."""
    facts: dict[str, dict[str, Any]] = {}
    for block in blocks:
        try:
            doc = json.loads(block)
        except (json.JSONDecodeError, RecursionError):
            warnings.append("a JSON-LD block is not valid JSON; ignored")
            continue
        for dataset in doc if isinstance(doc, list) else [doc]:
            if not isinstance(dataset, dict) or dataset.get("@type") != "Dataset":
                continue
            rows = dataset.get("data")
            if not isinstance(rows, list):
                continue  # the site often ships "data": ""
            for row in rows:
                _add_row(row, facts, warnings)
    return facts


def _add_row(row: object, facts: dict[str, dict[str, Any]], warnings: list[str]) -> None:
    if not isinstance(row, dict):
        return
    values: dict[str, Any] = {}
    for name, field in _FIELDS.items():
        value = row.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # Python's json reads the NaN and Infinity JavaScript writes: no figure, never stored.
            if math.isfinite(value):
                values[field] = float(value)
            else:
                warnings.append(f"a chart gives {row.get('label')!r} {name} as {value}; ignored")
    if "context_window_tokens" in values:
        values["context_window_tokens"] = int(values["context_window_tokens"])
    if not values:
        return
    # The label names the exact variant; detailsUrl often points at the base model's page
    # ("gpt-oss-20b (low)" -> /models/gpt-oss-20b), so the URL is only a fallback key.
    label = row.get("label")
    key: str | None = None
    if isinstance(label, str) and label.strip():
        try:
            key = "key:" + model_key(label)
        except ValueError:
            key = None
    if key is None:
        slug = slug_from_url(row.get("detailsUrl"))
        key = "slug:" + slug if slug else None
    if key is not None:
        facts.setdefault(key, {}).update(values)
