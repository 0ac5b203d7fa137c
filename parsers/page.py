"""parse_page: the bytes of one saved or fetched page -> a validated ParsedPage."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .board import merge_row
from .boards import BOARDS
from .decode import decode_page
from .errors import ParseError
from .html import TABLE_FIELDS, BoardTable, ColumnMisfit, Grid, card_grids, find_board_table, grids, parse_document, read_table
from .methodology import IndexMethodology, index_methodology
from .normalise import model_key
from .payload import PAYLOAD_FIELDS, dataset_facts, json_scripts_text, key_drift, model_records, payload_board, payload_text, payload_values, record_key
from .rows import TIERS, FrozenMap, ModelRow, ParsedPage
from .text import (
    LINE_COLUMNS,
    LINE_FIELDS,
    PIPE_COLUMNS,
    PIPE_FIELDS,
    has_line_rows,
    has_pipe_rows,
    read_line_rows,
    read_pipe_rows,
    text_lines,
)
from .validate import validate_page

_BANDS = ", ".join(board.band for board in BOARDS)
_ERROR_PAGE = re.compile(r"\b404\b|not found|page could not be found|access denied|forbidden|just a moment", re.IGNORECASE)
_CLOSING_HTML = re.compile(rb"</html\s*>", re.IGNORECASE)


def tiers_named_in(text: str | None) -> list[str]:
    if not text:
        return []
    hits = sorted((m.start(), tier) for tier, pattern in ((b.name, b.heading_pattern) for b in BOARDS) for m in [pattern.search(text)] if m)
    return [tier for _, tier in hits]


def _first_tier(signals: list[tuple[str, str | None]], warnings: list[str]) -> str | None:
    """The tier of the first signal that names one; a later signal that disagrees is a warning."""
    chosen: tuple[str, str] | None = None
    for label, text in signals:
        named = tiers_named_in(text)
        if not named:
            continue
        if chosen is None:
            chosen = (label, named[0])
        elif named[0] != chosen[1]:
            warnings.append(f"{label} names the {named[0]} board but the {chosen[0]} names the {chosen[1]} board; used the {chosen[0]}")
    return chosen[1] if chosen else None


def parse_page(data: bytes, *, source: str | None = None) -> ParsedPage:
    """Parse one page (HTML as served, a text rendering, optionally gzip) and validate it.

    Pure: no network, database or files. Raises ParseError with the source and the cause.
    """
    decoded = decode_page(data, source)
    warnings: list[str] = []
    if decoded.encoding not in ("utf-8", "ascii"):
        warnings.append(f"page is encoded as {decoded.encoding}, not UTF-8; decoded accordingly")
    try:
        if decoded.is_html:
            page = _parse_html(decoded.utf8, source, warnings)
        else:
            page = _parse_text(decoded.text, source, warnings)
        return validate_page(page)
    except (ParseError, MemoryError, RecursionError):
        raise
    except Exception as exc:  # a gap in the parser: that page fails alone, never the night
        raise ParseError(source, f"the parser could not read this page ({type(exc).__name__}: {exc}); the page is "
                                 "archived: report it, and re-parse once the parser is mended") from exc


def _freeze(boards: dict[str, list[ModelRow]]) -> FrozenMap[str, tuple[ModelRow, ...]]:
    return FrozenMap({tier: tuple(rows) for tier, rows in boards.items()})


def _parse_text(text: str, source: str | None, warnings: list[str]) -> ParsedPage:
    lines = text_lines(text)
    head = "\n".join(lines[:40])
    order: tuple[str, ...]
    if has_pipe_rows(lines):
        strategy, displayed_rows, order, carried_fields = "text-pipe", read_pipe_rows(lines, source, warnings), PIPE_COLUMNS, PIPE_FIELDS
    elif has_line_rows(lines):
        strategy, displayed_rows, order, carried_fields = "text-lines", read_line_rows(lines, source, warnings), LINE_COLUMNS, LINE_FIELDS
    else:
        raise ParseError(source, _no_board_reason(head, "no board rows in this text (neither pipe rows nor '<Creator> logo' rows)"))
    tier = _first_tier([("page heading", head), ("source name", source)], warnings)
    if tier is None:
        raise ParseError(source, f"cannot tell which board this is: no band ({_BANDS}) in its heading and no board in the source name")
    blocks = [line for line in lines if line.lstrip().startswith('{"@context"')]
    charts = dataset_facts(blocks, warnings)
    strategies = [strategy] + (["jsonld"] if charts else [])
    explanation = [f"{strategy}: {len(displayed_rows)} rows of the {tier} board, cells read in the site's order "
                   "(this rendering has no usable headers): " + ", ".join(order)]
    if charts:
        explanation.append(f"jsonld: chart facts for {len(charts)} models")
    rows = [
        merge_row(tier=tier, rank=rank, displayed=displayed, from_payload=None, charts=_chart_facts(charts, displayed),
                  displayed_form=strategy, warnings=warnings)
        for rank, displayed in enumerate(displayed_rows, start=1)
    ]
    methodology = index_methodology(text, warnings)
    if methodology:
        explanation.append(_methodology_line(methodology))
    return ParsedPage(source=source, format=strategy, boards=_freeze({tier: rows}),
                      strategies=tuple(strategies), warnings=tuple(warnings), title=lines[0] if head else None,
                      explanation=tuple(explanation), index_version=methodology.version if methodology else None,
                      index_evaluations=methodology.evaluations if methodology else (),
                      carried_fields=FrozenMap({tier: carried_fields}))


def _methodology_line(methodology: IndexMethodology) -> str:
    return (f"methodology: Intelligence Index v{methodology.version}"
            + (f" ({len(methodology.evaluations)} evaluations)" if methodology.evaluations else ""))


def _chart_facts(charts: dict[str, dict[str, Any]], row: dict[str, Any]) -> dict[str, Any] | None:
    name = row.get("model")
    if name:
        found = charts.get("key:" + model_key(str(name)))
        if found:
            return found
    slug = row.get("slug")
    return charts.get("slug:" + slug) if slug else None


def _no_board_reason(text: str, default: str) -> str:
    match = _ERROR_PAGE.search(text)
    if match:
        return f"this is an error or block page ({match.group(0)!r} in its title or heading), not a board"
    return default


_OTHER_BOARD_HEAD = re.compile(r'"sizeClass":"(?!(?:' + "|".join(re.escape(t) for t in TIERS) + r')")|"isOpenWeights":false|"deprecated":true')
_HEAD_SLUG = re.compile(r'"slug":"([^"\\]*)"')
_HEAD_NAME = re.compile(r'"name":"([^"\\]*)"')


def _skip_for_table(slugs: set[str], keys: set[str]) -> Callable[[str], bool]:
    """Skip records that are surely not in the table (by slug and name); unsure means decode."""

    def skip(head: str) -> bool:
        name = _HEAD_NAME.search(head)
        if name is None:
            return False
        slug = _HEAD_SLUG.search(head)
        if slug is not None and slug.group(1) in slugs:
            return False
        try:
            return model_key(name.group(1)) not in keys
        except ValueError:
            return False

    return skip


def _skip_for_catalogue(head: str) -> bool:
    """Skip records the head shows are off every board (other size class, closed, deprecated)."""
    return _OTHER_BOARD_HEAD.search(head) is not None


def _board_table(doc: Any, source: str | None, warnings: list[str], unread: list[str] | None,
                 candidates: Callable[[Any], Iterable[Grid]] = grids) -> BoardTable | None:
    try:
        return find_board_table(doc, warnings, unread, candidates)
    except ColumnMisfit as exc:
        raise ParseError(source, f"board table refused: {exc}") from exc


@dataclass(frozen=True)
class _Sources:
    """What an HTML page offers to read a board from, each form found by its structure."""

    title: str | None
    headings: str
    canonical: str
    table: BoardTable | None
    displayed_rows: list[dict[str, Any]]  # the table's (or cards') rows as displayed
    unread: list[str]  # tables seen and why none was the board
    has_payload: bool
    records: dict[str, dict[str, Any]]  # the payload's model records
    raw: dict[str, str]  # each record's text, for exact values
    charts: dict[str, dict[str, Any]]  # JSON-LD chart facts


def _parse_html(utf8: bytes, source: str | None, warnings: list[str]) -> ParsedPage:
    sources = _find_sources(utf8, source, warnings)
    explanation = _explain_sources(sources, warnings)
    tier = _first_tier([("page title", sources.title), ("page heading", sources.headings),
                        ("canonical URL", sources.canonical), ("source URL", source)], warnings)
    if sources.displayed_rows:
        boards, carried_fields = _table_led_board(sources, tier, source, warnings, explanation)
    else:
        boards, carried_fields = _payload_led_boards(sources, tier, warnings, explanation)
    methodology = index_methodology(utf8, warnings)
    if methodology:
        explanation.append(_methodology_line(methodology))
    strategies = (["payload"] if sources.records else []) + (["table"] if sources.table else []) + (["jsonld"] if sources.charts else [])
    table = sources.table
    return ParsedPage(source=source, format="html", boards=_freeze(boards), strategies=tuple(strategies),
                      warnings=tuple(warnings), title=sources.title, explanation=tuple(explanation),
                      index_version=methodology.version if methodology else None,
                      index_evaluations=methodology.evaluations if methodology else (), carried_fields=FrozenMap(carried_fields),
                      column_map=FrozenMap(table.columns.headers(table.grid.names)) if table else FrozenMap())


def _find_sources(utf8: bytes, source: str | None, warnings: list[str]) -> _Sources:
    """Parse the document and find its forms: the board table, the payload's records (only those
    that can be on the board), a board drawn as cards where neither is there, and chart facts."""
    doc = _document(utf8, source)
    title = " ".join((doc.findtext(".//title") or "").split()) or None
    headings = " ".join(" ".join(h.text_content().split()) for h in doc.iter("h1"))
    canonical = " ".join(doc.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content"))
    unread: list[str] = []
    table = _board_table(doc, source, warnings, unread)
    displayed_rows = read_table(table, source, warnings) if table else []
    payload, records, raw = _payload_records(utf8, source, displayed_rows, warnings)
    if table is None and not records:
        # The last resort, as it walks the whole page: a board drawn as cards.
        table = _board_table(doc, source, warnings, None, candidates=card_grids)
        displayed_rows = read_table(table, source, warnings) if table else []
    blocks = [script.text or "" for script in doc.xpath("//script[@type='application/ld+json']")]
    sources = _Sources(title, headings, canonical, table, displayed_rows, unread, bool(payload), records, raw,
                       dataset_facts(blocks, warnings))
    if not displayed_rows and not records:
        reason = "no board table and no model payload found: not an Artificial Analysis board page"
        if unread:
            reason = "no model payload, and " + "; ".join(unread)
        raise ParseError(source, _no_board_reason(f"{title or ''} {headings}", reason))
    return sources


def _document(utf8: bytes, source: str | None) -> Any:
    """The parsed page; a page cut short (no </html> near its end) or that does not parse is refused."""
    if not _CLOSING_HTML.search(utf8, max(0, len(utf8) - 65536)):
        raise ParseError(source, "page ends before </html>: truncated download or file; refused so a partial board is never loaded")
    try:
        return parse_document(utf8)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(source, f"HTML does not parse ({exc})") from exc


def _payload_records(utf8: bytes, source: str | None, displayed_rows: list[dict[str, Any]],
                     warnings: list[str]) -> tuple[str | None, dict[str, dict[str, Any]], dict[str, str]]:
    """The page's payload (the flight data of the app router, else JSON data scripts), its model
    records, and each record's text. With a table, only records that may be its rows are decoded;
    without one, only records that may be on some open-weights board."""
    payload = payload_text(utf8, source) or json_scripts_text(utf8, source)
    if displayed_rows:
        skip = _skip_for_table({str(r["slug"]) for r in displayed_rows if r.get("slug")},
                               {model_key(str(r["model"])) for r in displayed_rows})
    else:
        skip = _skip_for_catalogue
    raw: dict[str, str] = {}
    records = model_records(payload, source, skip, raw, warnings) if payload else {}
    return payload, records, raw


def _explain_sources(sources: _Sources, warnings: list[str]) -> list[str]:
    """What was found, a line a form (`parse --explain`); a payload whose keys drifted is warned of."""
    if sources.table:
        explanation = sources.table.describe()
    else:
        explanation = ["table: none found" + (" (" + "; ".join(sources.unread) + ")" if sources.unread else "")]
    explanation.append(f"payload: {len(sources.records)} model records found by structure in the page's flight data"
                       if sources.has_payload else "payload: none in this page")
    if sources.records:
        drift = key_drift(sources.records.values())
        explanation.append(drift.explanation())
        if (said := drift.warning()) is not None:
            warnings.append(said)
    if sources.charts:
        explanation.append(f"jsonld: chart facts for {len(sources.charts)} models")
    return explanation


def _table_led_board(sources: _Sources, tier: str | None, source: str | None, warnings: list[str],
                     explanation: list[str]) -> tuple[dict[str, list[ModelRow]], dict[str, frozenset[str]]]:
    """A board page: the table gives the models and their order, each matched to its payload
    record (by slug, else by name) for exact values the displayed ones are checked against."""
    if tier is None:
        raise ParseError(source, f"page has a board table but does not say which board (no band ({_BANDS}) or board name in its title, heading or URL)")
    records, raw = sources.records, sources.raw
    by_key = {model_key(str(r["name"])): r for r in records.values() if str(r.get("name", "")).strip()}
    by_slug = {str(r["slug"]): r for r in records.values() if r.get("slug")}
    rows = []
    for rank, displayed in enumerate(sources.displayed_rows, start=1):
        record: Mapping[str, Any] | None = by_slug.get(displayed.get("slug") or "") or by_key.get(model_key(str(displayed["model"])))
        if records and record is None:
            warnings.append(f"{tier}: {displayed['model']!r} is in the table but not in the payload; values from the table")
        from_payload = payload_values(record, raw.get(record_key(record)), warnings) if record else None
        rows.append(merge_row(tier=tier, rank=rank, displayed=displayed, from_payload=from_payload,
                              charts=_chart_facts(sources.charts, displayed), displayed_form="table", warnings=warnings))
    matched = sum(row.value_source != "table" for row in rows)
    explanation.append(f"board: {tier}, {len(rows)} rows in the table's order; {matched} matched to a payload record "
                       "(exact values from the payload, the table's display values cross-checked)" if records
                       else f"board: {tier}, {len(rows)} rows in the table's order, display values only")
    return {tier: rows}, {tier: TABLE_FIELDS | (PAYLOAD_FIELDS if records else frozenset())}


def _payload_led_boards(sources: _Sources, tier: str | None, warnings: list[str],
                        explanation: list[str]) -> tuple[dict[str, list[ModelRow]], dict[str, frozenset[str]]]:
    """No table: the payload decides. A page that names its board gives that board; one that
    names none is the catalogue, and gives every board."""
    boards: dict[str, list[ModelRow]] = {}
    carried_fields: dict[str, frozenset[str]] = {}
    for board_tier in [tier] if tier else list(TIERS):
        rows = []
        for rank, record in enumerate(payload_board(sources.records.values(), board_tier), start=1):
            from_payload = payload_values(record, sources.raw.get(record_key(record)), warnings)
            rows.append(merge_row(tier=board_tier, rank=rank, displayed=None, from_payload=from_payload,
                                  charts=_chart_facts(sources.charts, from_payload), displayed_form="table", warnings=warnings))
        boards[board_tier] = rows
        carried_fields[board_tier] = PAYLOAD_FIELDS
        explanation.append(f"board: {board_tier}, {len(rows)} payload records of that size class, ordered by index "
                           "(ties by name: the payload has no display order)")
    return boards, carried_fields
