"""The Intelligence Index methodology a page states: "Intelligence Index v4.1 incorporates 9
evaluations: GDPval-AA v2, ..." (HTML) or "... v4.0 includes: GDPval-AA, ..." (text renderings).

Index values of two versions are on different scales, so the version is kept with every board.
The sentence is read wherever it is (a paragraph, a tooltip, the flight payload's copy of it);
markup and entities are taken out first, so the same words read the same in any form.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_MENTION = re.compile(r"Intelligence Index v(\d+(?:\.\d+)*)\b")
_MENTION_TEXT = "Intelligence Index v"
_MENTION_BYTES = _MENTION_TEXT.encode()
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_UNCLOSED_TAG = re.compile(r"<[^>]*$")
_INLINE = re.compile(r"</?(?:a|span|b|strong|em|i|sup|sub|abbr|code|small|mark)\b", re.IGNORECASE)
_LIST = re.compile(
    r"^Intelligence Index v(?P<version>\d+(?:\.\d+)*)\s+(?:includes|incorporates|comprises|consists of)"
    r"(?:\s+(?P<count>\d+)\s+evaluations?)?\s*:\s*(?P<list>[^\n\"]+)")
_END_OF_LIST = re.compile(r"\.\s|\.$|\s+See\s|\s+\u00b7\s")
_WINDOW = 1500


@dataclass(frozen=True)
class IndexMethodology:
    version: str
    evaluations: tuple[str, ...]


def _tag(match: re.Match[str]) -> str:
    # An inline element (a link around one evaluation) is part of the sentence; any other
    # element boundary (the end of a paragraph, a button after it) ends it.
    return " " if _INLINE.match(match.group(0)) else "\n"


def _plain(fragment: str) -> str:
    fragment = _UNCLOSED_TAG.sub("", _COMMENT.sub("", fragment))
    text = _TAG.sub(_tag, fragment)
    text = text.replace('\\"', '"').replace("\\u0026", "&").replace("\\n", "\n")
    return html.unescape(text).replace("\u00a0", " ")


def _mentions(page: str | bytes) -> Iterator[tuple[str, str]]:
    """(version, the text from the mention on) for each mention of an index version. A page's
    UTF-8 bytes are searched as bytes and only the windows decoded: an HTML page is never
    decoded whole."""
    needle: Any = _MENTION_BYTES if isinstance(page, bytes) else _MENTION_TEXT
    position = 0
    while (at := page.find(needle, position)) >= 0:
        position = at + len(needle)
        if isinstance(page, bytes):
            # Four bytes a character at most: enough bytes for the window.
            window = page[at : at + 4 * _WINDOW].decode("utf-8", "ignore")[:_WINDOW]
        else:
            window = page[at : at + _WINDOW]
        mention = _MENTION.match(window)
        if mention is not None:
            yield mention.group(1), window


def index_methodology(page: str | bytes, warnings: list[str]) -> IndexMethodology | None:
    """The version the page (its text, or its UTF-8 bytes) states, with its evaluations where it
    lists them; None if it names none.

    A page naming two versions (a changelog beside the board) keeps the one it lists
    evaluations for, else the one it names most, and says so.
    """
    listed: dict[str, tuple[str, ...]] = {}
    named: Counter[str] = Counter()
    for version, shown in _mentions(page):
        named[version] += 1
        if version in listed:
            continue
        window = _plain(shown)
        found = _LIST.match(window)
        if not found:
            continue
        items = _END_OF_LIST.split(found.group("list"), maxsplit=1)[0]
        evaluations = tuple(e.strip() for e in items.split(",") if e.strip())
        count = found.group("count")
        if count and int(count) != len(evaluations):
            warnings.append(f"Intelligence Index v{found.group('version')} says {count} evaluations but lists "
                            f"{len(evaluations)}: {', '.join(evaluations)}")
        listed[found.group("version")] = evaluations
    if not named:
        return None
    version = next(iter(listed), None) or named.most_common(1)[0][0]
    others = sorted(v for v in named if v != version)
    if others:
        warnings.append(f"page names Intelligence Index v{version} and also {', '.join('v' + v for v in others)}; "
                        f"kept v{version}")
    return IndexMethodology(version=version, evaluations=listed.get(version, ()))
