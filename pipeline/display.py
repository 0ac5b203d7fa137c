"""Render rows for a terminal, JSON or CSV. Text from a page is never trusted on a terminal."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# C0/C1 controls (ESC included) and DEL: a page must not be able to drive the user's terminal.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("tier", "Board"),
    ("rank", "#"),
    ("model", "Model"),
    ("creator", "Creator"),
    ("intelligence_index", "Index"),
    ("total_params_b", "Total B"),
    ("active_params_b", "Active B"),
    ("context_window_tokens", "Context"),
    ("blended_price_usd_per_1m", "$/1M"),
    ("output_tokens_per_s", "Tok/s"),
    ("open_weights", "Weights"),
    ("provider_count", "Providers"),
)


def safe(text: object) -> str:
    """Printable form of any value: control and bidi-override characters shown as '?'."""
    return _UNSAFE.sub("?", "" if text is None else str(text))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value == int(value):
            return f"{value:.0f}"
        # Three significant digits, as the site shows them: 262144 -> 262144, 13.99 -> 14, 0.752 -> 0.752.
        decimals = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
        return f"{value:.{decimals}f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(safe(v) for v in value)
    return safe(value)


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]] = TABLE_COLUMNS) -> str:
    cells = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    widths = [max([len(title)] + [len(r[i]) for r in cells]) for i, (_, title) in enumerate(columns)]
    widths = [min(w, 48) for w in widths]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(title for _, title in columns), line("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


def format_json(rows: Sequence[Mapping[str, Any]]) -> str:
    text = json.dumps(list(rows), indent=2, ensure_ascii=False, default=str)
    # json escapes C0 controls itself; C1 controls and bidi overrides pass through unless escaped.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def format_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe(json.dumps(v, ensure_ascii=False)) if isinstance(v, (list, dict)) else safe(v) if isinstance(v, str) else v
                         for k, v in row.items()})
    return buffer.getvalue()


def render(rows: Sequence[Mapping[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return format_json(rows)
    if fmt == "csv":
        return format_csv(rows)
    return format_table(rows)
