"""Display strings of the boards -> numbers in fixed units, and the cells every form shows alike
(providers, model links).

Every function is pure and total over strings: it returns a value, None for the site's
"no data" markers, or raises ValueError naming the text it could not read. None is never 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# What the site prints where it has no figure. "?" is "unknown", "-" is "none"; both are NULL.
MISSING_MARKERS: frozenset[str] = frozenset({"", "-", "--", "\u2013", "\u2014", "?", "n/a", "N/A"})

# A comma only ever groups thousands ("1,204", "$1,234.5"); "4,2" or "27,8B" is a decimal comma
# or a garbled cell, and reading it as 42 or 278 would be a silent, wrong value: unreadable.
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALES_PARAMS = {"": Decimal(1), "B": Decimal(1), "M": Decimal("0.001"), "K": Decimal("0.000001"), "T": Decimal(1000)}
_PARAMS_RE = re.compile(
    r"^\s*" + _NUMBER + r"\s*([BMKT]?)\s*"  # total
    r"(?:\(?\s*" + _NUMBER + r"\s*([BMKT]?)\s+active(?:\s+at\s+inference\s+time)?\s*\)?)?\s*$",
    re.IGNORECASE,
)
_CONTEXT_RE = re.compile(r"^\s*" + _NUMBER + r"\s*([kKmM]?)\s*(?:tokens)?\s*$")
_PRICE_RE = re.compile(r"^\s*\$?\s*" + _NUMBER + r"\s*$")
_PLAIN_NUMBER_RE = re.compile(r"^\s*" + _NUMBER + r"\s*\*?\s*$")
_MORE_RE = re.compile(r"^\s*\+\s*(\d+)\s*more\s*$", re.IGNORECASE)
_VARIANT_RE = re.compile(r"^(?P<base>.*\S)\s*\((?P<variant>[^()]+)\)\s*$")
# A trailing "(32B)" names the model's size, not a variant of it.
_SIZE_ONLY_RE = re.compile(r"^\d+(?:\.\d+)?\s*[BMKT]$", re.IGNORECASE)


@dataclass(frozen=True)
class Params:
    total_b: float | None
    active_b: float | None
    is_moe: bool | None


def is_missing(text: str | None) -> bool:
    return text is None or text.strip() in MISSING_MARKERS


def _decimal(number: str, text: str) -> Decimal:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regexes only pass digits
        raise ValueError(f"not a number: {text!r}") from exc


def parse_params(text: str | None) -> Params:
    """'31.2B (3B active at inference time)' -> Params(31.2, 3.0, True); '350M' -> Params(0.35, None, None).

    The table cell renders the two figures in separate elements, so its text may run them
    together ('31.2B3B active at inference time'); both forms read the same. A cell with one
    figure gives the total only: the site prints "36B" for Qwen3.5 35B A3B, a mixture of
    experts with 3B active, so a lone figure says nothing of the active count or of MoE.
    """
    if is_missing(text):
        return Params(None, None, None)
    assert text is not None
    match = _PARAMS_RE.match(text)
    if not match:
        raise ValueError(f"unreadable parameter count: {text!r}")
    total = _decimal(match.group(1), text) * _SCALES_PARAMS[match.group(2).upper()]
    if match.group(3) is None:
        return Params(float(total), None, None)
    active = _decimal(match.group(3), text) * _SCALES_PARAMS[match.group(4).upper()]
    return Params(float(total), float(active), True)


def parse_context_window(text: str | None) -> int | None:
    """'262k' -> 262000, '1.00M' -> 1000000, '4.10k' -> 4100, '8192' -> 8192.

    The display keeps three significant digits, so these are approximations of the exact
    token counts; callers prefer the page's exact `contextWindowTokens` when it has one.
    """
    if is_missing(text):
        return None
    assert text is not None
    match = _CONTEXT_RE.match(text)
    if not match:
        raise ValueError(f"unreadable context window: {text!r}")
    scale = {"": 1, "k": 1000, "m": 1_000_000}[match.group(2).lower()]
    return int((_decimal(match.group(1), text) * scale).to_integral_value())


def parse_price(text: str | None) -> float | None:
    """'$0.8' -> 0.8, '$0.0' -> 0.0 (a real, printed zero); '-' -> None."""
    if is_missing(text):
        return None
    assert text is not None
    match = _PRICE_RE.match(text)
    if not match:
        raise ValueError(f"unreadable price: {text!r}")
    return float(_decimal(match.group(1), text))


def parse_number(text: str | None) -> float | None:
    """A plain figure such as an index or a speed: '42' -> 42.0, '1,204' -> 1204.0."""
    if is_missing(text):
        return None
    assert text is not None
    match = _PLAIN_NUMBER_RE.match(text)
    if not match:
        raise ValueError(f"unreadable number: {text!r}")
    return float(_decimal(match.group(1), text))


def parse_providers_more(text: str | None) -> int | None:
    """'+7 more' -> 7; anything else -> None."""
    if text is None:
        return None
    match = _MORE_RE.match(text)
    return int(match.group(1)) if match else None


def split_variant(name: str) -> tuple[str, str | None]:
    """'GLM-4.7-Flash (Reasoning)' -> ('GLM-4.7-Flash', 'Reasoning').

    A variant is the trailing parenthesised qualifier (reasoning mode, effort, modality).
    A trailing size such as '(32B)' is part of the model's name, not a variant.
    """
    match = _VARIANT_RE.match(name.strip())
    if not match or _SIZE_ONLY_RE.match(match.group("variant").strip()):
        return name.strip(), None
    return match.group("base"), match.group("variant").strip()


def model_key(name: str) -> str:
    """A key that is the same for one model in every format the site is read from, and differs
    between models whose names differ by more than case, accents and spacing.

    The payload writes 'gpt-oss-20b (high)' where the rendered table writes 'gpt-oss-20B (high)',
    so the key folds case and accents and turns punctuation into dashes. '+' is a word ("Command
    R+" is not "Command R"), and letters of every script are kept ("Model \u03b1 9B" is not "Model \u03b2
    9B"; "通义千问" has a key). For names of Latin letters, digits and punctuation without '+',
    the key is what it always was. The warehouse gives each model its key once (warehouse/identity.py).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace("+", " plus ")
    key = re.sub(r"[\W_]+", "-", folded).strip("-")
    if not key:
        raise ValueError(f"model name has no letters or digits: {name!r}")
    return key


def round_significant(value: float, digits: int = 3) -> float:
    """The site's display rounding of large figures (262144 -> 262000)."""
    if value == 0:
        return 0.0
    return float(f"{value:.{digits}g}")


# No white space and no C0 or C1 control anywhere in it.
_WEB_URL = re.compile(r"^https?://[^/?#\s\x00-\x1f\x7f-\x9f]+(?:[/?#][^\s\x00-\x1f\x7f-\x9f]*)?$", re.IGNORECASE)


def web_url(value: object) -> str | None:
    """An absolute http(s) URL as the page gives it (outer white space dropped); anything else,
    a `javascript:` or `data:` link, a relative path, a URL with spaces or controls in it, None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if _WEB_URL.match(text) else None


def shown_url(value: object, limit: int = 60) -> str:
    """A refused link, short enough for a one-line warning."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "...")


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


def slug_from_url(url: object) -> str | None:
    if not isinstance(url, str) or "/models/" not in url:
        return None
    slug = url.split("/models/", 1)[1].split("?", 1)[0].split("#", 1)[0].strip("/")
    return slug.split("/", 1)[0] or None
