"""The visible board table of an HTML page -> one dict of display values per row.

Columns are found by the words in their headers, never by position, so a column the site
adds or moves cannot shift values into the wrong field.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from .errors import ParseError
from .jsonld import slug_from_url
from .normalise import (
    is_missing,
    parse_context_window,
    parse_number,
    parse_params,
    parse_price,
    parse_providers_more,
)

# Checked in this order: "Model" last, so "Model Size" style headers match their specific word.
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("creator", ("creator", "organization", "lab")),
    ("intelligence", ("intelligence",)),
    ("parameters", ("parameters", "params")),
    ("context", ("context",)),
    ("price", ("price", "cost")),
    ("speed", ("speed", "tokens/s")),
    ("weights", ("weights",)),
    ("providers", ("provider",)),
    ("model", ("model",)),
)
_REQUIRED = ("model", "intelligence", "parameters")

# Fields a board table can carry when it has the column (besides name, variant and key).
TABLE_FIELDS: frozenset[str] = frozenset({
    "slug", "creator", "intelligence_index", "intelligence_is_estimate", "total_params_b", "active_params_b",
    "is_moe", "context_window_tokens", "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights",
    "weights_url", "providers", "providers_more", "provider_count",
})
_LOGO_SUFFIX = re.compile(r"\s+logo$", re.IGNORECASE)


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def _column_of(header: str) -> str | None:
    words = header.lower()
    for column, needles in _HEADER_WORDS:
        if any(needle in words for needle in needles):
            return column
    return None


def _header_cells(table: Any) -> list[Any]:
    head = table.xpath("./thead/tr[1]/th|./thead/tr[1]/td")
    if head:
        return head
    first = table.xpath("(./tbody/tr|./tr)[1]")
    if first and first[0].xpath("./th") and not first[0].xpath("./td"):
        return first[0].xpath("./th")
    return []


def find_board_table(doc: Any, warnings: list[str]) -> tuple[Any, dict[int, str]] | None:
    """The first table whose headers name at least model, intelligence and parameters."""
    candidates = []
    for table in doc.iter("table"):
        headers = [_text(cell) for cell in _header_cells(table)]
        columns: dict[int, str] = {}
        for index, header in enumerate(headers):
            column = _column_of(header)
            if column is not None and column not in columns.values():
                columns[index] = column
        if all(required in columns.values() for required in _REQUIRED):
            ignored = [h for i, h in enumerate(headers) if i not in columns and h]
            candidates.append((table, columns, ignored))
    if not candidates:
        return None
    table, columns, ignored = candidates[0]
    if ignored:
        warnings.append("board table has columns this parser does not read, ignored: " + ", ".join(repr(h) for h in ignored))
    if len(candidates) > 1:
        warnings.append(f"page has {len(candidates)} board tables; read the first")
    return table, columns


def _body_rows(table: Any) -> list[Any]:
    rows = table.xpath("./tbody/tr|./tr")
    return [row for row in rows if row.xpath("./td")]


def read_table(table: Any, columns: dict[int, str], source: str | None, warnings: list[str]) -> list[dict[str, Any]]:
    width = len(_header_cells(table))
    out: list[dict[str, Any]] = []
    for number, row in enumerate(_body_rows(table), start=1):
        cells = row.xpath("./td|./th")
        if len(cells) != width:
            raise ParseError(source, f"board table row {number} has {len(cells)} cells where the header has {width} (changed markup or damaged page)")
        by_column = {column: cells[index] for index, column in columns.items()}
        try:
            out.append(_read_row(row, by_column))
        except ValueError as exc:
            raise ParseError(source, f"board table row {number}: {exc}") from exc
    return out


def _read_row(row: Any, cells: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    model_cell = cells["model"]
    name = _text(model_cell)
    if not name:
        raise ValueError("model cell is empty")
    values["model"] = name
    logo_creator = None
    for alt in model_cell.xpath(".//img/@alt"):
        if _LOGO_SUFFIX.search(alt):
            logo_creator = _LOGO_SUFFIX.sub("", alt).strip()
            break
    creator = _text(cells["creator"]) if "creator" in cells else None
    values["creator"] = creator if creator and not is_missing(creator) else logo_creator
    slugs = [slug_from_url(href) for href in row.xpath(".//a/@href")]
    values["slug"] = next((s for s in slugs if s), None)

    intelligence = cells["intelligence"]
    raw_index = _text(intelligence)
    marked = raw_index.endswith("*") or bool(
        intelligence.xpath(".//*[contains(translate(@title,'ESTIMATE','estimate'),'estimate') or contains(@class,'estimate')]")
    )
    values["intelligence_index"] = parse_number(raw_index.rstrip("*").strip())
    values["intelligence_is_estimate"] = True if marked else None

    params = parse_params(_text(cells["parameters"]))
    values["total_params_b"], values["active_params_b"], values["is_moe"] = params.total_b, params.active_b, params.is_moe
    if "context" in cells:
        values["context_window_tokens"] = parse_context_window(_text(cells["context"]))
    if "price" in cells:
        values["blended_price_usd_per_1m"] = parse_price(_text(cells["price"]))
    if "speed" in cells:
        values["output_tokens_per_s"] = parse_number(_text(cells["speed"]))
    if "weights" in cells:
        values.update(_read_weights(cells["weights"]))
    if "providers" in cells:
        cell = cells["providers"]
        unnamed = len(cell.xpath(".//img[not(@alt) or normalize-space(@alt)='']"))
        values.update(read_providers(_provider_tokens(cell), unnamed_logos=unnamed))
    return values


def _read_weights(cell: Any) -> dict[str, Any]:
    text = _text(cell)
    links = [href for href in cell.xpath(".//a/@href") if href.startswith("http")]
    if links:
        return {"open_weights": True, "weights_url": links[0]}
    if "not available" in text.lower():
        return {"open_weights": False, "weights_url": None}
    if is_missing(text):
        return {"open_weights": None, "weights_url": None}
    return {"open_weights": True, "weights_url": None}


def _provider_tokens(cell: Any) -> list[str]:
    tokens = [_LOGO_SUFFIX.sub("", alt).strip() for alt in cell.xpath(".//img/@alt") if alt.strip()]
    tokens += [piece for piece in (" ".join(t.split()) for t in cell.xpath(".//text()")) if piece]
    return tokens


def read_providers(tokens: list[str], unnamed_logos: int = 0) -> dict[str, Any]:
    """Provider names, '+N more', '-' (none) or '?' (unknown) -> providers fields.

    Shared by the HTML table and the text renderings, which show the same cell. Logos whose
    names are not given (no alt text, or a rendering that drops images) make the list of
    names and the total unknown: None, never a short list that reads as fewer providers.
    """
    names: list[str] = []
    more = 0
    unknown = False
    for token in tokens:
        count = parse_providers_more(token)
        if count is not None:
            more += count
        elif token.strip() == "?":
            unknown = True
        elif not is_missing(token):
            names.append(token.strip())
    if unknown and not names and not more and not unnamed_logos:
        return {"providers": None, "providers_more": None, "provider_count": None}
    if unnamed_logos:
        return {"providers": None, "providers_more": more, "provider_count": None}
    return {"providers": tuple(names), "providers_more": more, "provider_count": len(names) + more}


_UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def parse_document(utf8: bytes) -> Any:
    """The page as an lxml tree; the bytes are UTF-8 whatever the page declared."""
    return lxml_html.document_fromstring(utf8, parser=_UTF8_PARSER)
