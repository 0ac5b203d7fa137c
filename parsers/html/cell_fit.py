"""The shape a board column's cells must have for the field its header names.

A header can be wrong (a group label one cell off, an icon named by a tooltip, a column the site
renamed); the cells under it cannot pretend: speeds are plain numbers, prices are dollar amounts,
sizes end in B. A column is read as a field only when every cell it shows fits that field, so a
header that points at the wrong column is caught before one value is loaded (columns.py
re-maps or refuses it). A cell the site leaves empty ("-", "?") fits every field but the name.
"""

from __future__ import annotations

import re
from typing import Any

from ..normalise import is_missing, parse_context_window, parse_number, parse_params, parse_price
from .grid import cell_text

# Units a cell may repeat from its header ("$0.8 / 1M tokens", "100 tokens/s", "0.9 s"): the same value.
PRICE_UNIT = re.compile(r"\s*(?:/|per)\s*1\s*M(?:\s*tokens)?\s*$", re.IGNORECASE)
SPEED_UNIT = re.compile(r"\s*(?:tokens|tok|t)\s*/\s*s(?:ec)?\s*$", re.IGNORECASE)
SECONDS_UNIT = re.compile(r"\s*(?:s|sec|seconds?)\s*$", re.IGNORECASE)

# Words of the buttons and links a board row carries to other pages: never a value of the model.
NAV_WORDS = frozenset({
    "view", "details", "detail", "model", "models", "provider", "providers", "compare", "more", "benchmarks",
    "benchmark", "open", "info", "see", "show", "all", "select", "add", "remove", "chat", "try", "playground", "api",
    "link", "links", "page", "go", "expand", "collapse", "docs", "documentation", "read", "learn", "visit", "analysis",
    "pricing", "menu", "share", "copy", "hide", "comparison", "comparisons", "overview", "methodology", "leaderboard",
    "\u2192", "\u203a", "\u00bb", ">", "\u2197",
})
# A model's size is in billions, millions or trillions; "262k" is a context window.
_PARAMS_UNIT = re.compile(r"\d\s*[BMT]\b|\d[BMT]", re.IGNORECASE)
_CONTEXT_UNIT = re.compile(r"\d\s*[kKmM]\b")
_DOLLAR = re.compile(r"^\$\s*\d")
_MORE = re.compile(r"^\+\s*\d+\s*more$", re.IGNORECASE)
_FIGURE = re.compile(r"^[\s$+~\-]*\d[\d.,]*\s*[%*kKmMbBtT]?$")
_WEIGHTS_WORDS = ("hugging", "not available", "download", "weights")
_WEIGHTS_TEXTS = frozenset({"yes", "no", "open", "closed", "available", "\u2713", "\u2714", "\u2717", "\u2718"})
_SMALL_PRINT = re.compile(r"(?:^|\s)(?:text-(?:xs|sm|\[\d+(?:\.\d+)?(?:px|rem|em)\])|small|subtitle|caption|muted)(?:\s|$)")

# The fields a board shows: a column headed as one of them whose cells fit nothing refuses the
# page. The others are side columns: one that does not fit is left unread, with a warning.
BOARD_FIELDS = frozenset({"model", "creator", "intelligence", "parameters", "active_parameters", "context", "price",
                          "speed", "weights", "providers"})


def is_nav_label(text: str) -> bool:
    """Is this the text of a link or button to another page ("View", "Model Providers", "Details →")?"""
    words = text.lower().split()
    return bool(words) and all(word in NAV_WORDS for word in words)


def is_small_print(element: Any) -> bool:
    """Drawn smaller than the text around it: a <small>, or a size utility class (text-xs, text-sm)."""
    for node in (element, *element.iterancestors()):
        if node.tag == "small" or _SMALL_PRINT.search(node.get("class") or ""):
            return True
        if node.tag in ("td", "th") or node.get("role") in ("cell", "gridcell", "rowheader"):
            return False
    return False


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _reads(read: Any, text: str) -> Any:
    try:
        return read(text)
    except ValueError:
        return None


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text)) or bool(_DOLLAR.match(text))


def _score(text: str) -> float | None:
    """An index-like figure ("42", "42*" for an estimate), or None when it is not a figure."""
    return _reads(parse_number, text.rstrip("*").strip())


def _score_fits(text: str) -> bool:
    value = _score(text)
    return value is not None and 0 <= value <= 100


def _price_fits(text: str, header: str) -> bool:
    text = PRICE_UNIT.sub("", text)
    if _reads(parse_price, text) is None:
        return False
    # A plain figure is a price only under a header whose own words give the currency.
    return bool(_DOLLAR.match(text)) or "usd" in header or "$" in header


def _name_fits(text: str) -> bool:
    return _has_letters(text) and not is_nav_label(text) and not _is_figure(text) and not _MORE.match(text)


def _weights_fits(text: str, cell: Any) -> bool:
    """A mark, a link or a short word: a cell that also shows a name (a model's, with its logo) is not."""
    lowered = text.lower()
    if "\U0001f917" in text or lowered in _WEIGHTS_TEXTS:
        return True
    if len(text) <= 30 and any(word in lowered for word in _WEIGHTS_WORDS):
        return True
    return not _has_letters(text) and bool(cell.xpath(".//a[@href]|.//img|.//svg"))


def _providers_fits(text: str, cell: Any) -> bool:
    if cell.xpath(".//img"):
        return True
    return bool(_MORE.search(text)) or (_has_letters(text) and not is_nav_label(text) and not _is_figure(text))


def cell_fits(field: str, cell: Any, text: str, header: str = "") -> bool:
    """Does one cell (its element and shown text) have the shape of `field`? `header` is the
    column's own header words in lower case (a price column may give its currency there)."""
    if is_missing(text):
        # "-" and "?" are the site's "none" and "unknown": NULL, in any column but the name's.
        return field != "model" or bool(cell.xpath(".//img"))
    if field in ("model", "creator", "license"):
        return _name_fits(text)
    if field in ("intelligence", "openness"):
        return _score_fits(text)
    if field in ("parameters", "active_parameters"):
        return bool(_PARAMS_UNIT.search(text)) and _reads(parse_params, text) is not None
    if field == "context":
        tokens = _reads(parse_context_window, text)
        return tokens is not None and (bool(_CONTEXT_UNIT.search(text)) or tokens >= 1000)
    if field in ("price", "input_price", "output_price"):
        return _price_fits(text, header)
    if field == "speed":
        return "$" not in text and _reads(parse_number, SPEED_UNIT.sub("", text)) is not None
    if field == "first_token":
        return "$" not in text and _reads(parse_number, SECONDS_UNIT.sub("", text)) is not None
    if field == "weights":
        return _weights_fits(text, cell)
    if field == "providers":
        return _providers_fits(text, cell)
    return True


# What a field's cells look like, for a message that says why a column was refused.
FIELD_SHAPES: dict[str, str] = {
    "model": "a model's name", "creator": "a creator's name, not a link or button label",
    "license": "a licence's name", "intelligence": "a figure from 0 to 100", "openness": "a figure from 0 to 100",
    "parameters": "a size such as 27.8B", "active_parameters": "a size such as 3B",
    "context": "a token count such as 262k or 1.00M", "price": "a dollar amount such as $0.8",
    "input_price": "a dollar amount", "output_price": "a dollar amount", "speed": "a plain figure (tokens/s)",
    "first_token": "a time in seconds", "weights": "a weights link or mark, or 'Not available'",
    "providers": "provider logos or names, or '+N more'",
}


def why_unfit(field: str, text: str) -> str:
    """Why a cell does not fit `field`, in words a user can check against the page."""
    if field in ("intelligence", "openness") and _score(text) is not None:
        return "outside 0-100"
    if is_nav_label(text):
        return "a link or button label"
    return f"not {FIELD_SHAPES.get(field, field)}"


def misfits(field: str, cells: list[Any], header: str = "") -> list[str]:
    """The shown texts of the cells that do not fit `field` (empty: the column fits)."""
    found = []
    for cell in cells:
        if cell is None:
            continue
        text = cell_text(cell)
        if not cell_fits(field, cell, text, header):
            found.append(text)
    return found
