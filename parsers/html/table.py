"""The visible board table of an HTML page -> one dict of display values per row.

Tables are read as grids (grid.py) and their columns mapped by the words of
their headers, with judgement (columns.py), never by position, so a column the site
adds or moves cannot shift values into the wrong field. Only a table whose headers name too
little has its columns inferred from its cells, and the warnings say so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..creators import known_creators
from ..errors import ParseError
from ..normalise import (
    is_missing,
    parse_context_window,
    parse_number,
    parse_params,
    parse_price,
    read_providers,
    shown_url,
    slug_from_url,
    web_url,
)
from .cell_fit import PRICE_UNIT, SECONDS_UNIT, SPEED_UNIT, cell_fits, is_nav_label, is_small_print, why_unfit
from .columns import ColumnMap, ColumnMisfit, fit_to_cells, link_columns, map_by_names
from .grid import Grid, HeaderWords, cell_text, cell_text_of, grids, shown_parts

_LOGO_SUFFIX = re.compile(r"\s+logo$", re.IGNORECASE)
_MIN_BOARD_ROWS = 5

# Fields a board table can carry when it has the column (besides name, variant and key).
TABLE_FIELDS: frozenset[str] = frozenset({
    "slug", "creator", "intelligence_index", "intelligence_is_estimate", "total_params_b", "active_params_b",
    "is_moe", "context_window_tokens", "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights",
    "weights_url", "providers", "providers_more", "provider_count", "license_name", "commercial_use_restricted",
    "openness_index", "input_price_usd_per_1m", "output_price_usd_per_1m", "time_to_first_token_s", "source_record",
})
_RESTRICTED_LABEL = re.compile(r"\(?\s*commercial use restricted\s*\)?", re.IGNORECASE)
_CATEGORY_LABELS = frozenset({"open weights", "open-weights", "open source", "open-source", "proprietary"})


@dataclass(frozen=True)
class BoardTable:
    grid: Grid
    columns: ColumnMap
    words: tuple[HeaderWords, ...]  # the grid's header words, as its columns were mapped by

    def describe(self) -> list[str]:
        how = "inferred from the cells" if self.columns.inferred else "by header words"
        return [f"table ({self.grid.how}, {len(self.grid.rows)} rows, columns {how}):"] + [
            "  " + line for line in self.columns.describe(self.grid.names)]


def find_board_table(doc: Any, warnings: list[str], unread: list[str] | None = None,
                     candidates: Callable[[Any], Iterable[Grid]] = grids) -> BoardTable | None:
    """The first table-like structure whose columns include a model, its index and its size.

    Tables with enough rows whose columns cannot be mapped are described in `unread`, so a
    page refused for want of a board can say what it did find.
    """
    found: list[BoardTable] = []
    for grid in candidates(doc):
        if not grid.rows or (len(grid.rows) < _MIN_BOARD_ROWS and not _may_name_a_board(grid.names)):
            continue
        where = f"{grid.how} of {len(grid.rows)} rows"
        notes: list[str] = []
        words = grid.header_words()
        named = map_by_names(grid.names, notes, where, link_columns(grid.rows, len(grid.names)), grid.rows, words)
        try:
            columns = fit_to_cells(named, grid.rows, grid.names, words, notes, where, _MIN_BOARD_ROWS)
        except ColumnMisfit:
            if found:
                continue  # the board is already found: a later table that does not fit is not read
            raise
        if columns is None:
            if len(grid.rows) < _MIN_BOARD_ROWS:
                continue
            if unread is not None:
                headers = ", ".join(repr(n) for n in grid.names if n) or "none readable"
                unread.append(f"a {where} whose columns could not be mapped: headers {headers}")
            continue
        found.append(BoardTable(grid, columns, words))
        if len(found) == 1:
            warnings += notes
            if columns.unclaimed:
                warnings.append("board table has columns this parser does not read, ignored: " + ", ".join(repr(h) for h in columns.unclaimed))
    if len(found) > 1:
        warnings.append(f"page has {len(found)} board tables; read the first")
    return found[0] if found else None


def _may_name_a_board(names: Sequence[str]) -> bool:
    """Could these headers name a model, its index and its size? A table too short to have its
    columns judged by their cells is a board only if they do; this cheap test (words run
    together, as split header words may be) spares mapping the page's other small tables."""
    squashed = "".join(names).lower().replace(" ", "")
    return (("model" in squashed or "name" in squashed) and any(w in squashed for w in ("intelligence", "index", "score"))
            and any(w in squashed for w in ("param", "size")))


_ROW_KEYS: dict[str, tuple[str, ...]] = {
    "creator": ("creator",),
    "intelligence": ("intelligence_index", "intelligence_is_estimate"),
    "parameters": ("total_params_b", "active_params_b", "is_moe"),
    "active_parameters": ("active_params_b", "is_moe"),
    "context": ("context_window_tokens",),
    "price": ("blended_price_usd_per_1m",),
    "speed": ("output_tokens_per_s",),
    "weights": ("open_weights", "weights_url"),
    "providers": ("providers", "providers_more", "provider_count"),
    "license": ("license_name", "commercial_use_restricted"),
    "openness": ("openness_index",),
    "input_price": ("input_price_usd_per_1m",),
    "output_price": ("output_price_usd_per_1m",),
    "first_token": ("time_to_first_token_s",),
}


def read_table(table: BoardTable, source: str | None, warnings: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    fields = table.columns.fields
    words = table.words
    headers = {field: words[columns[0]].own for field, columns in fields.items() if columns[0] < len(words)}
    for number, cells in enumerate(table.grid.rows, start=1):
        try:
            chosen = {field: cells[columns[0]] for field, columns in fields.items() if cells[columns[0]] is not None}
            values = _read_row(cells, chosen, warnings, headers)
            # Two columns equally good for a field: keep what they agree on, nothing else.
            for field, columns in fields.items():
                for other in columns[1:]:
                    if cells[other] is None:
                        continue
                    alternative = _read_row(cells, {**chosen, field: cells[other]}, [], headers)
                    for key in _ROW_KEYS.get(field, ()):
                        if alternative.get(key) != values.get(key):
                            values[key] = None
        except ValueError as exc:
            raise ParseError(source, f"board table row {number}: {exc}") from exc
        # The row as the page showed it, every column, for fields no parser version reads yet.
        record = {(name or f"column {i + 1}"): cell_text(cell) for i, (name, cell) in enumerate(zip(table.grid.names, cells))
                  if cell is not None}
        values["source_record"] = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        out.append(values)
    return out


def _secondary(read: Any, text: str, field: str, model: str, warnings: list[str]) -> Any:
    """A value beside the board's own (input price, latency, openness): unreadable is NULL with
    a warning, never a refused page, which would lose the night's board for a side column."""
    try:
        return read(text)
    except ValueError as exc:
        warnings.append(f"{model!r}: {field} not read ({exc}); left empty")
        return None


def _read_row(row: Sequence[Any], cells: dict[str, Any], warnings: list[str], headers: Mapping[str, str]) -> dict[str, Any]:
    """One table row's values, field by field; a row without its model, index or parameters is refused."""
    values = _read_name(row, cells, warnings)
    name = values["model"]
    if "intelligence" not in cells or "parameters" not in cells:
        raise ValueError("index or parameters cell is missing")
    values |= _read_index(cells["intelligence"])
    values |= _read_parameters(cells)
    if "context" in cells:
        values["context_window_tokens"] = parse_context_window(cell_text(cells["context"]))
    if "price" in cells:
        values["blended_price_usd_per_1m"] = parse_price(PRICE_UNIT.sub("", cell_text(cells["price"])))
    if "speed" in cells:
        values["output_tokens_per_s"] = parse_number(SPEED_UNIT.sub("", cell_text(cells["speed"])))
    if "weights" in cells:
        values.update(_read_weights(cells["weights"], name, warnings))
    values |= _read_side_columns(cells, name, warnings, headers)
    values |= _read_license(cells)
    if "providers" in cells:
        texts, images = shown_parts(cells["providers"])
        named = [_LOGO_SUFFIX.sub("", alt).strip() for alt in (img.get("alt") or "" for img in images) if alt.strip()]
        values.update(read_providers(named + texts, unnamed_logos=len(images) - len(named)))
    return values


def _read_name(row: Sequence[Any], cells: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The model's name, its creator and its slug, from the name cell (and a creator column)."""
    if "model" not in cells:
        raise ValueError("model cell is missing")
    model_cell = cells["model"]
    name = cell_text(model_cell)
    if not name:
        raise ValueError("model cell is empty")
    logo_creator = _logo_creator(model_cell)
    creator = cell_text(cells["creator"]) if "creator" in cells else None
    shown, _ = shown_parts(model_cell)
    fragments = _without_button_labels(model_cell, shown)
    if fragments != shown:
        name = cell_text_of(fragments)
    # A name cell that shows its creator on a line of its own under the name ("Qwen3.5 27B",
    # "Alibaba"): that line is the creator, not part of the name, when the logo, the creator
    # column or the registry says so, or when it is drawn in smaller print than the name.
    if len(fragments) >= 2:
        last = fragments[-1]
        if last in {logo_creator, creator} or last in known_creators() or _in_small_print(model_cell, last):
            name = cell_text_of(fragments[:-1])
            creator = creator if creator and not is_missing(creator) else last
    return {"model": name, "creator": creator if creator and not is_missing(creator) else logo_creator,
            "slug": _slug(row, name, warnings)}


def _logo_creator(cell: Any) -> str | None:
    """The creator a logo in the cell names by its alt text ("Alibaba logo"), if any."""
    for alt in cell.xpath(".//img/@alt"):
        if _LOGO_SUFFIX.search(alt):
            return str(_LOGO_SUFFIX.sub("", alt).strip())
    return None


def _without_button_labels(cell: Any, fragments: list[str]) -> list[str]:
    """The name cell's shown fragments but the labels of its links and buttons ("Details",
    "Compare"), which are never part of the name, nor its creator."""
    buttons = {cell_text(b) for b in _BUTTONS(cell)}
    if not any(is_nav_label(f) and f in buttons for f in fragments):
        return fragments
    kept = [f for f in fragments if not (is_nav_label(f) and f in buttons)]
    if not cell_text_of(kept):
        raise ValueError("model cell holds only link or button labels")
    return kept


def _read_index(intelligence: Any) -> dict[str, Any]:
    """The index, and whether the site marks it an estimate (a trailing * or an 'estimate' title or class)."""
    raw_index = cell_text(intelligence)
    marked = raw_index.endswith("*") or bool(
        intelligence.xpath(".//*[contains(translate(@title,'ESTIMATE','estimate'),'estimate') or contains(@class,'estimate')]")
    )
    return {"intelligence_index": parse_number(raw_index.rstrip("*").strip()), "intelligence_is_estimate": True if marked else None}


def _read_parameters(cells: dict[str, Any]) -> dict[str, Any]:
    """Total and active parameters, from one cell ("31.2B (3B active ...)") or two columns."""
    params = parse_params(cell_text(cells["parameters"]))
    values = {"total_params_b": params.total_b, "active_params_b": params.active_b, "is_moe": params.is_moe}
    if "active_parameters" in cells and params.total_b is not None and params.active_b is None:
        # A table with separate total and active columns: the active one says MoE or dense. More
        # active than total says neither (a unit slip?): both kept as shown, for the checks to name.
        active = parse_params(cell_text(cells["active_parameters"])).total_b
        if active is not None:
            values["active_params_b"] = active
            values["is_moe"] = active < params.total_b if active <= params.total_b else None
    return values


_SIDE_COLUMNS = (("input_price", "input_price_usd_per_1m", parse_price, PRICE_UNIT),
                 ("output_price", "output_price_usd_per_1m", parse_price, PRICE_UNIT),
                 ("first_token", "time_to_first_token_s", parse_number, SECONDS_UNIT),
                 ("openness", "openness_index", parse_number, None))


def _read_side_columns(cells: dict[str, Any], name: str, warnings: list[str], headers: Mapping[str, str]) -> dict[str, Any]:
    """Values beside the board's own: one that does not fit its column is left empty and said."""
    values: dict[str, Any] = {}
    for field, key, read, unit in _SIDE_COLUMNS:
        if field in cells:
            text = cell_text(cells[field])
            if cell_fits(field, cells[field], text, headers.get(field, "")):
                values[key] = _secondary(read, unit.sub("", text) if unit else text, key, name, warnings)
            else:
                warnings.append(f"{name!r}: {key} not read ({text!r} is {why_unfit(field, text)}); left empty")
                values[key] = None
    return values


def _read_license(cells: dict[str, Any]) -> dict[str, Any]:
    """The licence's name, and whether commercial use is restricted (said in the licence or weights column)."""
    values: dict[str, Any] = {}
    if "license" in cells:
        text = cell_text(cells["license"])
        if not is_missing(text):
            licence = _RESTRICTED_LABEL.sub("", text).strip()
            # "Open Weights (Commercial Use Restricted)" is a category, not the licence's name.
            values["license_name"] = licence if licence and licence.casefold() not in _CATEGORY_LABELS else None
            values["commercial_use_restricted"] = True if _RESTRICTED_LABEL.search(text) else None
    for cell in (cells.get("weights"), cells.get("license")):
        if cell is not None and _RESTRICTED_LABEL.search(cell_text(cell)):
            values["commercial_use_restricted"] = True
    return values


_BUTTONS = etree.XPath(".//a|.//button|.//*[@role='button' or @role='link']")
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _in_small_print(cell: Any, text: str) -> bool:
    """Is `text` the whole text of an element of the cell drawn in smaller print, that reads as
    a name (not a variant in brackets, not a figure)?"""
    if text.startswith("(") or not any(ch.isalpha() for ch in text):
        return False
    return any(cell_text(e) == text and is_small_print(e) for e in cell.iter() if isinstance(e.tag, str) and e is not cell)


def _slug(row: Sequence[Any], model: str, warnings: list[str]) -> str | None:
    """The model's slug from the first link to its page in the row: a path or an http(s) URL."""
    for cell in row:
        if cell is None:
            continue
        for href in cell.xpath(".//a/@href"):
            scheme = _SCHEME.match(href)
            if scheme and web_url(href) is None:
                if "/models/" in href:
                    warnings.append(f"{model!r}: model link {shown_url(href)} is not an http(s) URL; not read")
                continue
            slug = slug_from_url(href)
            if slug:
                return slug
    return None


def _read_weights(cell: Any, model: str, warnings: list[str]) -> dict[str, Any]:
    text = cell_text(cell)
    hrefs = [href for href in cell.xpath(".//a/@href") if href.strip()]
    links = [url for url in (web_url(href) for href in hrefs) if url]
    if links:
        return {"open_weights": True, "weights_url": links[0]}
    if hrefs:
        # The cell's mark still says what it says; only the address is not one to keep.
        warnings.append(f"{model!r}: weights link {shown_url(hrefs[0])} is not an http(s) URL; left empty")
    if "not available" in text.lower():
        return {"open_weights": False, "weights_url": None}
    if is_missing(text):
        return {"open_weights": None, "weights_url": None}
    return {"open_weights": True, "weights_url": None}


# No id index: nothing looks elements up by id, and building it costs ~5% of a parse.
_UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8", collect_ids=False)


def parse_document(utf8: bytes) -> Any:
    """The page as an lxml tree; the bytes are UTF-8 whatever the page declared."""
    return lxml_html.document_fromstring(utf8, parser=_UTF8_PARSER)
