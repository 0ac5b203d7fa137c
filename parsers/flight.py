"""The Next.js flight payload: `self.__next_f.push([1, "..."])` chunks -> model objects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .errors import ParseError

_PUSH_START = b"self.__next_f.push("
_SCRIPT_END = b"</script>"
_MODEL_START_RE = re.compile(
    r'\{"id":"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}","slug":"'
)
# Keys that only a model record carries (a creator record also opens with id and slug).
_MODEL_MARKERS = ("sizeClass", "isOpenWeights", "parameters", "intelligenceIndex")
_HEAD_LIMIT = 2000
_DECODER = json.JSONDecoder()

# Given the head of a record (its text up to its first nested object), may it be skipped?
HeadFilter = Callable[[str], bool]


def payload_text(html: bytes | str, source: str | None) -> str | None:
    """The joined string chunks of the flight payload, or None when the page has none.

    Works on the page's UTF-8 bytes: a page with characters beyond the BMP is stored four
    bytes a character as str, so scanning the bytes is several times cheaper.
    """
    data = html.encode("utf-8") if isinstance(html, str) else html
    if _PUSH_START not in data:
        return None
    parts: list[str] = []
    position = 0
    index = 0
    # bytes.find beats a non-greedy regex over a 3 MB page several times over.
    while (start := data.find(_PUSH_START, position)) >= 0:
        index += 1
        close = data.find(_SCRIPT_END, start)
        if close < 0:
            raise ParseError(source, f"flight payload chunk {index} never closes: truncated page")
        body = data[start + len(_PUSH_START) : close].rstrip().rstrip(b";").rstrip()
        if not body.endswith(b")"):
            raise ParseError(source, f"flight payload chunk {index} is cut short: truncated or damaged page")
        try:
            chunk = json.loads(body[:-1])
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise ParseError(source, f"flight payload chunk {index} is not valid JSON ({exc}); the page is damaged") from exc
        if isinstance(chunk, list) and len(chunk) >= 2 and chunk[0] == 1 and isinstance(chunk[1], str):
            parts.append(chunk[1])
        position = close
    return "".join(parts)


def _completeness(record: dict[str, Any]) -> int:
    return sum(value is not None and value != {} and value != [] for value in record.values())


def model_records(payload: str, source: str | None, skip: HeadFilter | None = None) -> dict[str, dict[str, Any]]:
    """Every model record in the payload by slug; of repeated slugs, the most complete one.

    Records are found by their opening, never by position, so the catalogue's layout can
    change around them. `skip` may rule a record out from its head alone, so the hundreds of
    catalogue models no board needs are never decoded; it must only say yes when sure. A
    record that does not decode means the payload was cut.
    """
    found: dict[str, dict[str, Any]] = {}
    position = 0
    while (match := _MODEL_START_RE.search(payload, position)) is not None:
        nested = payload.find("{", match.end(), match.start() + _HEAD_LIMIT)
        head = payload[match.start() : nested if nested >= 0 else match.start() + _HEAD_LIMIT]
        closed = head.find("}")
        if closed >= 0 and not any(f'"{key}":' in head[:closed] for key in _MODEL_MARKERS):
            # A flat record that closes without a model's keys (a creator): surely not a model.
            position = match.end()
            continue
        if skip is not None and skip(head):
            position = match.end()
            continue
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
