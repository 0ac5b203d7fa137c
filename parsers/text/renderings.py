"""Plain-text renderings of a board page -> one dict of display values per row.

Two renderings reach us:
- pipe rows, the first cell running name and creator together ("GLM-4.7-Flash (Reasoning) Z AI");
- one cell per line, each row opened by "<Creator> logo" and closed by "View".
Neither carries usable headers (the pipe rendering's header row is mangled), so cells are read
in the site's column order and each is checked against the shape its column must have: a
column that moved makes a row fail loudly instead of shifting values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..creators import split_creator
from ..errors import ParseError
from ..normalise import (
    is_missing,
    parse_context_window,
    parse_number,
    parse_params,
    parse_price,
    read_providers,
)

# Fields each rendering can carry (besides name, variant and key). The pipe rendering drops
# images, so provider names and their count never show; neither rendering has slugs, links,
# estimate marks or release dates. The warehouse uses these to tell "became known" from "changed".
PIPE_FIELDS: frozenset[str] = frozenset({
    "creator", "intelligence_index", "total_params_b", "active_params_b", "is_moe", "context_window_tokens",
    "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights", "providers_more",
})
LINE_FIELDS: frozenset[str] = PIPE_FIELDS | {"providers", "provider_count"}

# The cells of each rendering's rows, in the order they are read (for `parse --explain`).
PIPE_COLUMNS = ("model and creator", "intelligence", "parameters", "context", "price", "speed", "weights", "providers", "'View'")
LINE_COLUMNS = ("'<Creator> logo'", "model", "creator", "intelligence", "parameters", "context", "price", "speed",
                "weights", "providers", "'View'")

_LOGO_LINE = re.compile(r"^(?P<creator>\S.*?) logo$")
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
HUGGING_FACE = "\U0001f917"


def _weights(cell: str) -> dict[str, Any]:
    text = cell.strip()
    if text.lower() == "not available":
        return {"open_weights": False, "weights_url": None}
    if is_missing(text):
        return {"open_weights": None, "weights_url": None}
    if text == HUGGING_FACE or text.lower().startswith("http"):
        return {"open_weights": True, "weights_url": text if text.lower().startswith("http") else None}
    raise ValueError(f"unreadable weights cell: {text!r}")


def _measures(index: str, params: str, context: str, price: str, speed: str) -> dict[str, Any]:
    parsed = parse_params(params)
    return {
        "intelligence_index": parse_number(index),
        "intelligence_is_estimate": None,
        "total_params_b": parsed.total_b,
        "active_params_b": parsed.active_b,
        "is_moe": parsed.is_moe,
        "context_window_tokens": parse_context_window(context),
        "blended_price_usd_per_1m": parse_price(price),
        "output_tokens_per_s": parse_number(speed),
    }


_LINE_END = re.compile(r"\r\n|\r|\n")


def text_lines(text: str) -> list[str]:
    """The lines of a plain-text rendering: split at its line ends only.

    str.splitlines also splits at form feeds, NEL, U+2028 and other characters a model name
    may hold, which would cut a board row in two.
    """
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def has_pipe_rows(lines: Sequence[str]) -> bool:
    return any(_pipe_cells(line) is not None for line in lines)


def _pipe_cells(line: str) -> list[str] | None:
    """Cells of a data row, or None for prose, headers and separators."""
    if "|" not in line or line.lstrip().startswith("|"):
        return None
    cells = [cell.strip() for cell in line.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) < 2 or all(_SEPARATOR_CELL.match(c) or not c for c in cells):
        return None
    return cells


def read_pipe_rows(lines: Sequence[str], source: str | None, warnings: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for line_number, line in enumerate(lines, start=1):
        cells = _pipe_cells(line)
        if cells is None:
            continue
        where = f"line {line_number}"
        if len(cells) < 8 or "View" not in cells[7:]:
            raise ParseError(source, f"{where}: board row is incomplete ({len(cells)} cells, no 'View' link): truncated or changed rendering")
        name_creator, index, params, context, price, speed, weights, *rest = cells
        try:
            row = _measures(index, params, context, price, speed)
            row.update(_weights(weights))
        except ValueError as exc:
            raise ParseError(source, f"{where}: {exc}") from exc
        model, creator = split_creator(name_creator)
        if creator is None:
            warnings.append(f"{where}: creator of {model!r} not in the creator registry (parsers/creators.txt); creator left empty")
        row.update(model=model, creator=creator, slug=None)
        # This rendering drops images, so provider names never show: a cell of logos renders
        # as nothing (and vanishes, "View" following the weights), or as "+7 more" alone.
        provider_tokens = [cell for cell in rest if cell and cell != "View"]
        marker_only = provider_tokens in (["-"], ["?"])
        row.update(read_providers(provider_tokens, unnamed_logos=0 if marker_only else 1))
        rows.append(row)
    return rows


def has_line_rows(lines: Sequence[str]) -> bool:
    return any(_LOGO_LINE.match(line.strip()) and i + 1 < len(lines) for i, line in enumerate(lines))


def read_line_rows(raw_lines: Sequence[str], source: str | None, warnings: list[str]) -> list[dict[str, Any]]:
    lines = [line.strip() for line in raw_lines]
    rows: list[dict[str, Any]] = []
    i = 0
    while i < len(lines):
        opener = _LOGO_LINE.match(lines[i])
        if not opener:
            i += 1
            continue
        start = i
        try:
            end = lines.index("View", i + 1)
        except ValueError:
            raise ParseError(source, f"line {start + 1}: board row never closes with 'View': truncated rendering") from None
        cells = lines[i + 1 : end]
        if any(_LOGO_LINE.match(cell) for cell in cells[:8]):
            raise ParseError(source, f"line {start + 1}: board row has too few cells before the next row (changed rendering)")
        if len(cells) < 9:
            raise ParseError(source, f"line {start + 1}: board row has {len(cells)} cells, expected at least 9")
        name, creator, index, params, context, price, speed, weights, *providers = cells
        # Runs of white space (tabs, U+2028, NEL...) read as one space, as in every other form.
        name, creator = " ".join(name.split()), " ".join(creator.split())
        try:
            row = _measures(index, params, context, price, speed)
            row.update(_weights(weights))
        except ValueError as exc:
            raise ParseError(source, f"line {start + 1} ({name}): {exc}") from exc
        logo_creator = opener.group("creator")
        if creator != logo_creator:
            warnings.append(f"line {start + 1}: {name!r} has logo of {logo_creator!r} but creator {creator!r}")
        row.update(model=name, creator=creator or logo_creator, slug=None)
        row.update(read_providers([p for p in providers if p]))
        rows.append(row)
        i = end + 1
    return rows
