"""The Next.js flight payload: `self.__next_f.push([1, "..."])` chunks -> model objects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ParseError

_PUSH_START = b"self.__next_f.push("
_SCRIPT_END = b"</script>"
# Keys only a model record carries (a creator or a host record also has an id, slug and name).
# A record is a model when it has a name and at least MIN_MODEL_KEYS of these, whatever their
# order and whatever other keys stand around them.
MODEL_KEYS: frozenset[str] = frozenset({
    "sizeClass", "isOpenWeights", "parameters", "intelligenceIndex", "contextWindowTokens",
    "inferenceParametersActiveBillions", "price1mBlended0To3To1", "modelWeightsSourceUrl",
    "hostModelCount", "timescaleData", "intelligenceIndexIsEstimated", "openSourceCategorization",
})
MIN_MODEL_KEYS = 2
_NAME_KEY = '"name":"'
# A model's keys lie within a few kilobytes of its name; past that an object is something else.
_KEY_WINDOW = 6000
_HEAD_LIMIT = 2000
_BACKTRACK_LIMIT = 32  # candidate openings tried for a name whose object opens with nested values
_DECODER = json.JSONDecoder()
_MODEL_KEY_TEXT = tuple(f'"{key}":' for key in sorted(MODEL_KEYS))

# Given the head of a record (its text up to its first nested object), may it be skipped?
HeadFilter = Callable[[str], bool]


_JSON_SCRIPT = re.compile(rb"<script\b[^>]*\btype\s*=\s*[\"']?application/json[\"']?[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


def json_scripts_text(html: bytes | str, source: str | None) -> str | None:
    """The page's data as JSON scripts (`<script id="__NEXT_DATA__" type="application/json">` of
    the Next.js pages router, or any other JSON data island), joined; None when it has none.

    Model records are then found in it by structure, as in the flight payload. A script that is
    not whole JSON means a cut page: refused, never read in part.
    """
    data = html.encode("utf-8") if isinstance(html, str) else html
    if b"application/json" not in data:
        return None
    blocks = []
    for number, match in enumerate(_JSON_SCRIPT.finditer(data), start=1):
        text = match.group(1).strip()
        if not text:
            continue
        try:
            decoded = text.decode("utf-8")
            json.loads(decoded)
        except (ValueError, RecursionError) as exc:
            raise ParseError(source, f"JSON data script {number} is not valid JSON ({str(exc)[:80]}): truncated or damaged page") from exc
        blocks.append(decoded)
    return "\n".join(blocks) or None


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
            # Decoded here, not by json.loads, which would first sniff each chunk's encoding.
            chunk = _DECODER.decode(body[:-1].decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise ParseError(source, f"flight payload chunk {index} is not valid JSON ({exc}); the page is damaged") from exc
        if isinstance(chunk, list) and len(chunk) >= 2 and chunk[0] == 1 and isinstance(chunk[1], str):
            parts.append(chunk[1])
        position = close
    payload = "".join(parts)
    if not rows_complete(payload):
        raise ParseError(source, "flight payload ends in the middle of a row: truncated or damaged page")
    return payload


_ROW_HEAD = re.compile(r"[0-9a-fA-F]*:(?:T([0-9a-fA-F]+),)?")


def rows_complete(payload: str) -> bool:
    """Does the payload end where a row ends? Rows end with a newline, except text rows
    ("<id>:T<hex byte length>,<text>"), which may hold newlines and end after their length."""
    position = 0
    end = len(payload)
    while position < end:
        head = _ROW_HEAD.match(payload, position)
        if head is None or head.group(1) is None:
            newline = payload.find("\n", position)
            if newline < 0:
                return False
            position = newline + 1
            continue
        # The length counts UTF-8 bytes; walk that many bytes of text.
        want = int(head.group(1), 16)
        text_start = head.end()
        encoded = payload[text_start : text_start + want].encode("utf-8")
        if len(encoded) < want:
            return False
        guess = encoded[:want].decode("utf-8", errors="ignore")
        position = text_start + len(guess)
    return True


def _completeness(record: dict[str, Any]) -> int:
    return sum(value is not None and value != {} and value != [] for value in record.values())


def is_model_record(value: object) -> bool:
    """A JSON object with a name and the keys of a model, in any order."""
    if not isinstance(value, dict):
        return False
    name = value.get("name")
    return isinstance(name, str) and bool(name.strip()) and sum(key in value for key in MODEL_KEYS) >= MIN_MODEL_KEYS


def _described(record: Mapping[str, Any]) -> str:
    slug = record.get("slug")
    return f"slug {slug!r}" if isinstance(slug, str) and slug else f"name {record.get('name')!r}"


def record_key(record: Mapping[str, Any]) -> str:
    """How a record is told apart from the others: the site's slug, else its name."""
    slug = record.get("slug")
    if isinstance(slug, str) and slug:
        return slug
    return "name:" + str(record["name"]).strip()


def _opening(payload: str, name_at: int) -> int | None:
    """Where the object holding the key at `name_at` opens, or None when it cannot be told.

    Usually the keys before the name are flat (strings, numbers), so the nearest '{' is the
    opening: no decoding needed. Otherwise earlier openings are decoded until one spans the
    name. A JSON string never holds a raw quote, so '{"' only ever opens an object.
    """
    brace = payload.rfind("{", 0, name_at)
    if brace < 0:
        return None
    between = payload[brace + 1 : name_at]
    if "}" not in between and "[" not in between and "]" not in between:  # inline: this runs for every name
        return brace
    tries = 0
    while brace >= 0 and tries < _BACKTRACK_LIMIT:
        tries += 1
        try:
            value, end = _DECODER.raw_decode(payload, brace)
        except (json.JSONDecodeError, RecursionError):
            value, end = None, brace
        if end > name_at and isinstance(value, dict):
            return brace
        brace = payload.rfind("{", 0, brace)
    return None


def model_records(payload: str, source: str | None, skip: HeadFilter | None = None,
                  raw: dict[str, str] | None = None, warnings: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every model record in the payload by record_key; of repeats, the most complete one.

    Records are found by what they are (an object with a name and a model's keys), never by
    their position or by the text they open with, so the catalogue's layout and key order can
    change around them. `skip` may rule a record out from its head (its text up to its first
    nested object), so the hundreds of catalogue models no board needs are never decoded; it
    must only say yes when sure. A record that does not decode means the payload was cut.

    `raw`, when given, receives each record's JSON text as the payload has it, by record_key.
    `warnings`, when given, is told of each object with a model's keys but no name (left out).

    One serializer writes every record of a kind with the same key order, so when records
    show a model's keys in their head, objects that do not are not models: they are only
    looked into (the slow way) on a payload where no record shows them early.
    """
    found = _collect(payload, source, skip, raw, warnings, look_past_nested=False)
    if not found:
        found = _collect(payload, source, skip, raw, warnings, look_past_nested=True)
    return found


def _has_model_keys(head: str) -> bool:
    # Stops at the second key found: most heads are checked in two or three lookups.
    hits = 0
    for key in _MODEL_KEY_TEXT:
        if key in head:
            hits += 1
            if hits >= MIN_MODEL_KEYS:
                return True
    return False


def _collect(payload: str, source: str | None, skip: HeadFilter | None, raw: dict[str, str] | None,
             warnings: list[str] | None, *, look_past_nested: bool) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    covered_until = 0  # end of the last record decoded: names inside it are its own
    position = 0
    # Heads already judged not to be a model's: a catalogue repeats each creator's object in
    # every one of its models, so most names are seen again with the same head.
    not_models: set[str] = set()
    while (name_at := payload.find(_NAME_KEY, position)) >= 0:
        position = name_at + len(_NAME_KEY)
        if name_at < covered_until:
            continue
        start = _opening(payload, name_at)
        if start is None:
            continue
        head = _head(payload, start, name_at)
        if not _may_be_a_model(payload, name_at, head, not_models, look_past_nested) or (skip is not None and skip(head)):
            continue
        record, end = _decode(payload, start, source)
        if not is_model_record(record):
            _warn_of_a_nameless_model(record, warnings)
            continue
        kept = _keep_the_most_complete(found, record)
        if kept is not None and raw is not None:
            raw[kept] = payload[start:end]  # the record's own JSON text: kept whole, never re-encoded
        # Names nested in a model (its creator's) are not models: skip past it.
        covered_until = end
    return found


def _head(payload: str, start: int, name_at: int) -> str:
    """The object's text up to its first nested object (or its end, if it has none)."""
    nested = payload.find("{", name_at, name_at + _HEAD_LIMIT)
    head = payload[start : nested if nested >= 0 else name_at + _HEAD_LIMIT]
    closed = head.find("}", name_at - start)
    return head[: closed + 1] if closed >= 0 else head


def _may_be_a_model(payload: str, name_at: int, head: str, not_models: set[str], look_past_nested: bool) -> bool:
    """Whether the object whose head this is may be a model record (else it is not decoded)."""
    flat = head.endswith("}")  # the whole object is in its head
    if flat and head in not_models:
        return False
    if _has_model_keys(head):
        return True
    if flat:
        not_models.add(head)
        return False  # a flat object without a model's keys (a creator, a host): surely not a model
    if not look_past_nested:
        return False
    # Its keys may follow nested values; a model's are never far from its name.
    window_end = name_at + _KEY_WINDOW
    return sum(payload.find(key, name_at, window_end) >= 0 for key in _MODEL_KEY_TEXT) >= MIN_MODEL_KEYS


def _decode(payload: str, start: int, source: str | None) -> tuple[Any, int]:
    """The JSON value opening at `start`, and where it ends; a value that does not decode means the payload was cut."""
    try:
        return _DECODER.raw_decode(payload, start)
    except json.JSONDecodeError as exc:
        raise ParseError(source, f"flight payload is cut mid-object at character {exc.pos} (truncated or damaged page)") from exc
    except RecursionError as exc:
        raise ParseError(source, "flight payload is nested too deeply to be a model record") from exc


def _warn_of_a_nameless_model(record: Any, warnings: list[str] | None) -> None:
    if warnings is not None and isinstance(record, dict) and sum(key in record for key in MODEL_KEYS) >= MIN_MODEL_KEYS:
        warnings.append(f"a model record with no name ({_described(record)}) left out: a board row needs a name")


def _keep_the_most_complete(found: dict[str, dict[str, Any]], record: dict[str, Any]) -> str | None:
    """Of a model's repeats, the most complete record: its key when this one is kept."""
    key = record_key(record)
    if key in found and _completeness(record) <= _completeness(found[key]):
        return None
    found[key] = record
    return key
