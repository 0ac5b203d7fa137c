"""A board drawn as cards (one element per model, with labelled figures) -> a grid.

Some layouts have no table and no ARIA roles: a list of sibling cards, each with the model's
name as a heading and its figures as label/value pairs ("Intelligence Index" 42, "Parameters"
27.8B), as a `<dl>`, as "Label: value" text, or as a label element followed by its value.
Cards become rows and labels become column names, so the columns are mapped by the same
judgement as a table's. This is the last resort, tried only on a page with no board table and
no model records, because it walks the whole page.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html

from .columns import FIELD_WORDS, score
from .grid import Grid, cell_text, shown_parts

MIN_CARDS = 5
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LABEL_MAX_WORDS = 8


def _is_label(text: str) -> bool:
    """Does this text name one of our fields (and read as a label, not a value)?"""
    words = text.rstrip(":").strip()
    if not words or len(words.split()) > _LABEL_MAX_WORDS or any(ch.isdigit() for ch in words.replace("1M", "")):
        return False
    return any(score(words, field) > 0 for field in FIELD_WORDS)


def _leaves(card: Any) -> list[Any]:
    """Elements that hold text of their own and no element with text inside: the card's words."""
    found = []
    for element in card.iter():
        if not isinstance(element.tag, str) or element is card:
            continue
        texts, _ = shown_parts(element)
        if not texts:
            continue
        if any(isinstance(child.tag, str) and shown_parts(child)[0] for child in element):
            continue
        found.append(element)
    return found


def _value_cell(text: str) -> Any:
    cell = lxml_html.Element("span")
    cell.text = text
    return cell


def _pairs(card: Any, leaves: list[Any]) -> list[tuple[str, Any]]:
    """(label, value element) of a card, in order; `leaves` are its _leaves."""
    pairs: list[tuple[str, Any]] = []
    for term in card.iter("dt"):
        value = term.getnext()
        if value is not None and value.tag == "dd":
            pairs.append((cell_text(term).rstrip(":").strip(), value))
    if pairs:
        return pairs
    index = 0
    while index < len(leaves):
        leaf = leaves[index]
        text = cell_text(leaf)
        label, colon, rest = text.partition(":")
        if colon and rest.strip() and _is_label(label):
            pairs.append((label.strip(), _value_cell(rest.strip())))
        elif _is_label(text):
            # The value is the label's next sibling (which may hold only logos or a link), else
            # the next words of the card.
            sibling = leaf.getnext()
            if sibling is not None and isinstance(sibling.tag, str) and not _is_label(cell_text(sibling)):
                pairs.append((text.rstrip(":").strip(), sibling))
                index = next((i for i, later in enumerate(leaves) if i > index and not _inside(later, sibling)), len(leaves))
                continue
            if index + 1 < len(leaves) and not _is_label(cell_text(leaves[index + 1])):
                pairs.append((text.rstrip(":").strip(), leaves[index + 1]))
                index += 1
        index += 1
    return pairs


def _inside(element: Any, container: Any) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def _name_cell(card: Any, used: set[int], leaves: list[Any]) -> Any | None:
    """The card's heading (with the creator's logo, where the card shows one beside it)."""
    heading = next((e for e in card.iter(*_HEADINGS)), None)
    if heading is None:
        heading = next((leaf for leaf in leaves if id(leaf) not in used and not _is_label(cell_text(leaf))), None)
    if heading is None:
        return None
    logos = [img for img in card.iter("img") if (img.get("alt") or "").lower().endswith(" logo")]
    if logos and not list(heading.iter("img")):
        heading = copy.deepcopy(heading)
        heading.insert(0, copy.deepcopy(logos[0]))
        heading[0].tail = None
    return heading


def _grid_of_cards(cards: list[Any]) -> Grid | None:
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    for card in cards:
        leaves = _leaves(card)  # read once: the walk is the costly part
        pairs = _pairs(card, leaves)
        used = {id(value) for _, value in pairs}
        name = _name_cell(card, used, leaves)
        if name is None or len(pairs) < 2:
            return None
        row = {"Model": name}
        for label, value in pairs:
            if label not in row:
                row[label] = value
                if label not in labels:
                    labels.append(label)
        rows.append(row)
    names = ("Model", *labels)
    return Grid(how="cards", names=names, rows=tuple(tuple(row.get(n) for n in names) for row in rows), header_rows=0)


def card_grids(doc: Any) -> Iterator[Grid]:
    """Every run of at least MIN_CARDS sibling elements alike in tag and class, read as a grid."""
    for container in doc.iter():
        children = [c for c in container if isinstance(c.tag, str)]
        if len(children) < MIN_CARDS:
            continue
        kinds = Counter((c.tag, c.get("class")) for c in children)
        (tag, classes), count = kinds.most_common(1)[0]
        if count < MIN_CARDS or tag in ("tr", "td", "th", "option", "script", "style", "meta", "link"):
            continue
        grid = _grid_of_cards([c for c in children if (c.tag, c.get("class")) == (tag, classes)])
        if grid is not None:
            yield grid
