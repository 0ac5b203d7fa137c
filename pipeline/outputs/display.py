"""Render rows as a terminal table, JSON, JSON Lines or CSV.

Text from a page is never trusted on a terminal, but terminal safety applies inside values
only, never to a document's structure: JSON and JSON Lines escape a control or bidi character
within its string (lossless: a JSON reader gets the original text back); the table view
replaces it with '?'; CSV, which has no escapes, writes values exactly to a pipe or file and
replaces them only when it is written straight to a terminal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv")

# C0/C1 controls (ESC included), DEL, the bidi embeddings, overrides, isolates and marks that
# can make a terminal show text other than what is there, and the line and paragraph
# separators, which many line readers (Python's str.splitlines among them) split a line at.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What json.dumps(ensure_ascii=False) leaves raw: it escapes C0 itself. These characters are
# never part of JSON's structure, so escaping them can only touch the inside of a string.
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

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
    ("providers_shown", "Providers"),
)


def _providers_shown(row: Mapping[str, Any]) -> Any:
    """The providers figure as the board gives it: a count, or "+7 more" where the board names
    none of the others (a count it does not give is not shown as none)."""
    count, more = row.get("provider_count"), row.get("providers_more")
    if count is not None:
        return count
    return f"+{more} more" if more else None


# Table columns drawn from more than one field of a row.
_DERIVED = {"providers_shown": _providers_shown}


def safe(text: object) -> str:
    """Printable form of any value for a terminal: control and bidi characters shown as '?'."""
    return _UNSAFE.sub("?", "" if text is None else str(text))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def markdown_text(text: object) -> str:
    """Text from a page inside Markdown (a Prefect artifact): on one line, made safe as safe()
    does, its HTML brackets and ampersands as entities, and every character Markdown gives a
    meaning backslash-escaped, so a model's name can neither format, link nor embed anything."""
    plain = safe(text).replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain)


def minute(when: dt.datetime | None) -> str:
    """A time as people read it: UTC, to the minute ('?' where unknown)."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if when else "?"


def format_number(value: float) -> str:
    """A figure for people: three significant digits, as the site shows them (262144 -> 262144,
    13.99 -> 14, 0.752 -> 0.752), and no trailing zeros, which would claim a precision the page
    never showed ($0.2 is not 0.200)."""
    if not math.isfinite(value):
        return "-"  # no page shows an infinity; as in JSON, it means no value
    if value == int(value):
        return f"{value:.0f}"
    decimals = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(safe(v) for v in value)
    return safe(value)


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]] = TABLE_COLUMNS) -> str:
    cells = [[_cell(_DERIVED[key](row) if key in _DERIVED else row.get(key)) for key, _ in columns] for row in rows]
    widths = [max([len(title)] + [len(r[i]) for r in cells]) for i, (_, title) in enumerate(columns)]
    widths = [min(w, 48) for w in widths]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(title for _, title in columns), line("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


def _plain(value: Any) -> Any:
    """A JSON-ready value: ISO 8601 for times and dates, lists for tuples, dicts for mappings."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity; no value is what it means
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _escape_json(text: str) -> str:
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def json_document(value: Any, *, indent: int | None = 2) -> str:
    """One JSON document, valid and terminal-safe."""
    return _escape_json(json.dumps(_plain(value), indent=indent, ensure_ascii=False, allow_nan=False))


def format_json(rows: Sequence[Mapping[str, Any]]) -> str:
    return json_document(list(rows))


def format_jsonl(rows: Sequence[Mapping[str, Any]]) -> str:
    """JSON Lines: one compact object a line, every line ended by a newline."""
    return "".join(json_document(row, indent=None) + "\n" for row in rows)


def _csv_value(value: Any, to_terminal: bool) -> str:
    if value is None:
        return ""  # NULL: an empty field, which DuckDB's read_csv reads back as NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Mapping, list, tuple)):
        return json_document(value, indent=None)  # lossless and already terminal-safe
    plain = _plain(value)
    text = plain if isinstance(plain, str) else str(plain)
    return safe(text) if to_terminal else text


def format_csv(rows: Sequence[Mapping[str, Any]], *, fields: Sequence[str] | None = None,
               to_terminal: bool = False) -> str:
    """RFC 4180: a header line, CRLF line ends, fields quoted where they must be.

    The header is written even when there are no rows (given `fields`), so a reader of an
    empty result still learns its columns instead of failing on an empty file.
    """
    fields = list(fields) if fields is not None else list(rows[0].keys()) if rows else []
    if not fields:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_csv_value(row.get(name), to_terminal) for name in fields])
    return buffer.getvalue()


_WRITE_CHUNK = 4096


def write_stdout(text: str) -> None:
    """Print command output; a closed pipe surfaces as BrokenPipeError, which cli.main handles.

    Written in pieces: some kernels take one large write whole even after the reader has
    gone, so the closed pipe would go unnoticed until the very end, or not at all.
    """
    for start in range(0, len(text), _WRITE_CHUNK):
        sys.stdout.write(text[start : start + _WRITE_CHUNK])
        sys.stdout.flush()


def to_terminal() -> bool:
    """Is standard output a terminal (so CSV values must be made safe to show)?"""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# Columns that hold a JSON document as text: JSON outputs nest them as the objects they are
# (CSV keeps the text, which is that document).
JSON_TEXT_FIELDS: tuple[str, ...] = ("source_record",)


def nested(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Rows with their JSON text columns as objects."""
    def parsed(text: Any) -> Any:
        try:
            return json.loads(text) if isinstance(text, str) else text
        except ValueError:
            return text  # not a document after all: kept as it is
    return [{**row, **{k: parsed(row[k]) for k in JSON_TEXT_FIELDS if k in row}} for row in rows]


def render(rows: Sequence[Mapping[str, Any]], fmt: str, *, fields: Sequence[str] | None = None,
           to_terminal: bool = False, columns: Sequence[tuple[str, str]] = TABLE_COLUMNS) -> str:
    """Rows in one of FORMATS; `fields` names the columns of a result that may be empty (CSV's header).

    JSON ends with a newline; JSON Lines ends every line with one (no rows: no output); CSV
    always has its header line when the fields are known.
    """
    if fmt == "json":
        return format_json(nested(rows)) + "\n"
    if fmt == "jsonl":
        return format_jsonl(nested(rows))
    if fmt == "csv":
        return format_csv(rows, fields=fields, to_terminal=to_terminal)
    return format_table(rows, columns) + "\n"
