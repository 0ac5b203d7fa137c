"""The Next.js flight payload: `self.__next_f.push([1, "..."])` chunks -> model objects."""

from __future__ import annotations

import json
import re
from typing import Any

from .errors import ParseError

_PUSH_START = "self.__next_f.push("
_PUSH_RE = re.compile(r"self\.__next_f\.push\((\[.*?\])\)\s*;?\s*</script>", re.DOTALL)
_MODEL_START_RE = re.compile(
    r'\{"id":"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}","slug":"'
)
# Keys that only a model record carries (a creator record also opens with id and slug).
_MODEL_MARKERS = ("sizeClass", "isOpenWeights", "parameters", "intelligenceIndex")
_DECODER = json.JSONDecoder()


def payload_text(html: str, source: str | None) -> str | None:
    """The joined string chunks of the flight payload, or None when the page has none."""
    if _PUSH_START not in html:
        return None
    starts = html.count(_PUSH_START)
    parts: list[str] = []
    matched = 0
    for index, match in enumerate(_PUSH_RE.finditer(html)):
        matched += 1
        try:
            chunk = json.loads(match.group(1))
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ParseError(source, f"flight payload chunk {index + 1} is not valid JSON ({exc}); the page is damaged") from exc
        if isinstance(chunk, list) and len(chunk) >= 2 and chunk[0] == 1 and isinstance(chunk[1], str):
            parts.append(chunk[1])
    if matched < starts:
        raise ParseError(source, f"flight payload is cut short: {starts - matched} of {starts} chunks never close (truncated page)")
    return "".join(parts)


def _completeness(record: dict[str, Any]) -> int:
    return sum(value is not None and value != {} and value != [] for value in record.values())


def model_records(payload: str, source: str | None) -> dict[str, dict[str, Any]]:
    """Every model record in the payload by slug; of repeated slugs, the most complete one.

    Records are found by their opening, never by position, so the catalogue's layout can
    change around them. A record that does not decode means the payload was cut.
    """
    found: dict[str, dict[str, Any]] = {}
    position = 0
    while True:
        match = _MODEL_START_RE.search(payload, position)
        if match is None:
            break
        try:
            record, end = _DECODER.raw_decode(payload, match.start())
        except json.JSONDecodeError as exc:
            raise ParseError(source, f"flight payload is cut mid-object at character {exc.pos} (truncated or damaged page)") from exc
        except RecursionError as exc:
            raise ParseError(source, "flight payload is nested too deeply to be a model record") from exc
        if isinstance(record, dict) and any(key in record for key in _MODEL_MARKERS) and "name" in record:
            slug = str(record["slug"])
            if slug not in found or _completeness(record) > _completeness(found[slug]):
                found[slug] = record
            # Nested records of a model (its creator) are not models: skip past it.
            position = end
        else:
            position = match.end()
    return found
