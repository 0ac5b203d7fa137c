"""Table-like markup -> a grid: the column names and the data rows' cells, column by column.

Reads what any well-formed page may use for a table, not one site's markup:
- `<table>` with header cells as `<th>` or `<td>`, in `<thead>` or as the first rows of the
  body, over several header rows, with `rowspan`/`colspan` resolved on every row;
- ARIA grids without `<table>`: role=table|grid, role=row, role=columnheader|rowheader,
  role=cell|gridcell;
- a header and a body rendered as two tables (sticky-header components), joined when their
  column counts agree.
A column's name is the words of every header cell above it, top to bottom; a header cell with
no text (an icon, a sort button) is named by its aria-label, its title, or an image's alt.
The lowest of those cells holds the column's own words; the cells above it are group labels,
kept apart (`HeaderWords`) so that a group row one cell off cannot outvote the column's own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

_ARIA_CONTAINER = ("table", "grid", "treegrid")
_ROLES = etree.XPath("//@role")
_ARIA_HEADER = ("columnheader",)
_ARIA_CELL = ("cell", "gridcell", "rowheader", "columnheader")
_MAX_SPAN = 64  # a span wider than any board is damage, not layout
_LINKS = etree.XPath(".//a[@href]")
_NUMBER_LIKE = re.compile(r"^[\s$+~\-]*\d[\d.,]*\s*[%kKmMbBtT]?\b")


@dataclass(frozen=True)
class HeaderWords:
    """The words a column is headed by, lower case, for matching against field names: its own
    header cell's and its group labels' (the cells above). Each is the text as split at element
    boundaries and, where different, as a browser joins inline elements ("Intelli<b>gence</b>")."""

    own: str
    group: str = ""

    @property
    def full(self) -> str:
        return f"{self.group} {self.own}" if self.group else self.own


@dataclass(frozen=True)
class Grid:
    """One table as columns: names (possibly empty) and the data rows' cell elements."""

    how: str  # "table", "aria grid", "split header and body tables"
    names: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # each row has len(names) cells; None where a span covers nothing
    header_rows: int
    shown: bool = True  # False for a copy the desktop layout hides (a mobile-only table)
    # Per column, its header cells top to bottom; () where names are the only words (cards).
    heads: tuple[tuple[Any, ...], ...] = ()

    def header_words(self) -> tuple[HeaderWords, ...]:
        """Each column's own and group words (read when asked: most of a page's tables are never
        weighed as a board, and reading header words walks every header cell twice)."""
        if not self.heads:
            return tuple(HeaderWords(own=name.lower()) for name in self.names)
        read: dict[int, str] = {}

        def words_of(cell: Any) -> str:
            found = read.get(id(cell))
            if found is None:
                text = cell_text(cell)
                found = read[id(cell)] = header_words_of(cell, cell_name(cell, text), text)
            return found

        # The lowest header cell over the column is its own; the cells above it label its group.
        return tuple(HeaderWords(own=words_of(cells[-1]) if cells else "",
                                 group=" ".join(w for w in (words_of(c) for c in cells[:-1]) if w))
                     for cells in self.heads)


def _words(text: str) -> str:
    return " ".join(text.split())


# Never shown: code, templates, an SVG's <title>/<desc> (a tooltip, not text on the page).
_UNSHOWN_TAGS = frozenset({"script", "style", "template", "noscript", "title", "desc"})
# Text for screen readers only: not what the cell shows, but a header may be named by it.
_SCREEN_READER_CLASSES = frozenset({"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text"})
_DISPLAY_CLASSES = frozenset({"hidden", "block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid",
                              "table", "table-cell", "table-row", "contents", "flow-root", "list-item"})
_BREAKPOINTS = ("", "sm:", "md:", "lg:", "xl:", "2xl:")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


def _display_hidden(classes: list[str]) -> bool:
    """Tailwind's `hidden md:block`, `lg:hidden`: the widest breakpoint that sets a display decides."""
    display = None
    for prefix in _BREAKPOINTS:
        for name in classes:
            if name.startswith(prefix) and name.count(":") == prefix.count(":") and name[len(prefix):] in _DISPLAY_CLASSES:
                display = name[len(prefix):]
    return display == "hidden"


def _hidden(element: Any, screen_reader: bool = False) -> bool:
    """Is the element left out of a wide desktop window (a `hidden` attribute, an inline
    `display:none`, a utility class), or, unless `screen_reader`, text for screen readers only?"""
    attributes = element.attrib
    if not attributes:
        return False  # most elements: decided without looking further
    if "hidden" in attributes:
        return True
    style = attributes.get("style")
    if style and _DISPLAY_NONE.search(style):
        return True
    names = attributes.get("class")
    if not names:
        return False
    classes = names.split()
    if not screen_reader and not _SCREEN_READER_CLASSES.isdisjoint(classes):
        return True
    return "hidden" in names and _display_hidden(classes)


def _shown_on_desktop(element: Any) -> bool:
    return not _hidden(element, screen_reader=True)


def _walk(element: Any, texts: list[str], images: list[Any], screen_reader: bool) -> None:
    text = element.text
    if text and not text.isspace():
        texts.append(text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _UNSHOWN_TAGS and not _hidden(child, screen_reader):
            if tag == "img":
                images.append(child)
            _walk(child, texts, images, screen_reader)
        tail = child.tail
        if tail and not tail.isspace():
            texts.append(tail)


def shown_parts(cell: Any, *, screen_reader: bool = False) -> tuple[list[str], list[Any]]:
    """The text fragments and images a desktop browser shows in a cell, in document order.
    Each text node is a fragment of its own: an element boundary may be a visual break (flex
    gaps, stacked divs), so "Qwen3.5 27B" and "(Reasoning)" in two spans are two words."""
    texts: list[str] = []
    images: list[Any] = []
    if cell is not None:
        _walk(cell, texts, images, screen_reader)
    return [_words(t) for t in texts], images


_TIGHT_OPEN = re.compile(r"([($])\s+")
_TIGHT_CLOSE = re.compile(r"\s+([),%])")


def cell_text(cell: Any, *, screen_reader: bool = False) -> str:
    """A cell's shown text, fragments joined by one space; '' for no cell."""
    texts, _ = shown_parts(cell, screen_reader=screen_reader)
    return cell_text_of(texts)


def cell_text_of(fragments: list[str]) -> str:
    """Text fragments as one line: a space between, none inside brackets ("27B (Reasoning)")."""
    return _TIGHT_CLOSE.sub(r"\1", _TIGHT_OPEN.sub(r"\1", " ".join(fragments)))


# Elements a browser lays out inline: no break between their text and their neighbours'.
_INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
                          "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "font"})


_LAID_OUT_APART = re.compile(r"(?:^|\s)(?:[a-z0-9]+:)?(?:inline-)?(?:flex|grid)(?:\s|$)|display\s*:\s*(?:inline-)?(?:flex|grid)")


def _inline_walk(element: Any, out: list[str]) -> None:
    if element.text:
        out.append(element.text)
    # The children of a flex or grid container are laid out apart, inline elements or not.
    apart = bool(_LAID_OUT_APART.search(f"{element.get('class') or ''} {element.get('style') or ''}"))
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _UNSHOWN_TAGS and not _hidden(child):
            block = apart or tag not in _INLINE_TAGS
            if block:
                out.append(" ")
            _inline_walk(child, out)
            if block:
                out.append(" ")
        if child.tail:
            out.append(child.tail)


def joined_text(cell: Any) -> str:
    """A cell's shown text with inline elements joined as a browser joins them: 'Con<b>text</b>'
    is 'Context' here, where cell_text (for values) reads element boundaries as breaks."""
    out: list[str] = []
    _inline_walk(cell, out)
    return _words("".join(out))


def header_words_of(cell: Any, name: str, text: str) -> str:
    """The lower-case words a header cell is matched by: its name and, where its name is its
    text, the text as inline elements join it, when that differs."""
    words = name.lower()
    if name and name == text:
        joined = joined_text(cell).lower()
        if joined != words:
            words = f"{words} {joined}"
    return words


def cell_name(cell: Any, text: str | None = None) -> str:
    """A header cell's name: its text (`text`, when already read), else its aria-label or title,
    else an image's alt, else its text for screen readers."""
    text = cell_text(cell) if text is None else text
    if any(ch.isalnum() for ch in text):
        return text  # a glyph alone (a sort arrow, an icon font) names nothing
    for attribute in ("aria-label", "title"):
        value = cell.get(attribute)
        if value and value.strip():
            return _words(value)
    for value in cell.xpath(".//@aria-label|.//@title|.//img/@alt"):
        if value.strip():
            return _words(value)
    spoken = cell_text(cell, screen_reader=True)
    return spoken if any(ch.isalnum() for ch in spoken) else text


def _span(cell: Any, attribute: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(cell.get(attribute, "1")).strip() or "1")))
    except ValueError:
        return 1


def _role(element: Any) -> str:
    return str(element.get("role") or "").strip().lower()


def _table_rows(table: Any) -> list[tuple[Any, list[Any], bool]]:
    """(row, cells, in_thead) of a <table>, in document order, not descending into nested tables."""
    rows = []
    # A <tfoot> holds totals or "showing 59 models", never a board row.
    for row in table.xpath("./thead/tr|./tbody/tr|./tr"):
        in_head = row.getparent().tag == "thead"
        rows.append((row, row.xpath("./th|./td"), in_head))
    return rows


def _aria_rows(container: Any) -> list[tuple[Any, list[Any], bool]]:
    rows = []
    for row in container.iter():
        if row is container or _role(row) != "row" or _owner(row) is not container:
            continue
        cells = [c for c in row.iter() if c is not row and _role(c) in _ARIA_CELL and _nearest_row(c) is row]
        in_head = any(_role(a) == "rowgroup" and a.tag == "thead" for a in row.iterancestors())
        rows.append((row, cells, in_head))
    return rows


def _owner(element: Any) -> Any:
    for ancestor in element.iterancestors():
        if _role(ancestor) in _ARIA_CONTAINER:
            return ancestor
    return None


def _nearest_row(element: Any) -> Any:
    for ancestor in element.iterancestors():
        if _role(ancestor) == "row":
            return ancestor
    return None


def _expand(rows: list[list[Any]]) -> list[list[Any]]:
    """Cells placed on a grid, each spanning its rowspan x colspan (HTML's table model)."""
    grid: list[list[Any]] = []
    pending: dict[tuple[int, int], Any] = {}
    for r, cells in enumerate(rows):
        line: list[Any] = []
        column = 0
        queue = list(cells)
        while queue or (r, column) in pending:
            if (r, column) in pending:
                line.append(pending.pop((r, column)))
                column += 1
                continue
            cell = queue.pop(0)
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            for dc in range(colspan):
                line.append(cell)
                for dr in range(1, rowspan):
                    pending[(r + dr, column + dc)] = cell
            column += colspan
        grid.append(line)
    return grid


def _is_header_cell(cell: Any) -> bool:
    return cell.tag == "th" or _role(cell) in _ARIA_HEADER


def _looks_like_data(cells: list[Any], text_of: Any = cell_text) -> bool:
    """A row with a number-like cell (a score, a size, a price) is data, whatever its tags."""
    return any(_NUMBER_LIKE.match(text_of(c)) for c in cells if c is not None)


class _CellTexts:
    """Each cell's text and name, read once however many tests look at them."""

    def __init__(self) -> None:
        self._texts: dict[int, str] = {}

    def text(self, cell: Any) -> str:
        found = self._texts.get(id(cell))
        if found is None:
            found = self._texts[id(cell)] = cell_text(cell)
        return found

    def name(self, cell: Any) -> str:
        return cell_name(cell, self.text(cell))


def _grid_of(how: str, rows: list[tuple[Any, list[Any], bool]]) -> Grid | None:
    if not rows:
        return None
    expanded = _expand([cells for _, cells, _ in rows])
    width = max((len(line) for line in expanded), default=0)
    if width == 0:
        return None
    texts = _CellTexts()
    header_rows = _header_rows(rows, expanded, texts)
    names, heads = _column_names(expanded[:header_rows], width, texts)
    return Grid(how=how, names=names, rows=_data_rows(expanded[header_rows:], width), header_rows=header_rows, heads=heads)


def _header_rows(rows: list[tuple[Any, list[Any], bool]], expanded: list[list[Any]], texts: _CellTexts) -> int:
    """How many rows at the top are headers: those in <thead>, all header cells, or (written with
    <td>, in the body) named cells with no figure and no link in them, before any data row."""
    count = 0
    for (_, _cells, in_head), line in zip(rows, expanded):
        unique = [c for i, c in enumerate(line) if c is not None and (i == 0 or line[i - 1] is not c)]
        header_like = in_head or (bool(unique) and all(_is_header_cell(c) for c in unique)) or (
            count < 3 and not any(_LINKS(c) for c in unique) and not _looks_like_data(unique, texts.text)
            and sum(bool(texts.name(c)) for c in unique) >= max(2, len(unique) // 2))
        if not header_like:
            break
        count += 1
    return count


def _column_names(header: list[list[Any]], width: int, texts: _CellTexts) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """Each column's name (the names of the header cells over it, top down) and those cells."""
    names = []
    heads = []
    for column in range(width):
        parts: list[str] = []
        seen: list[Any] = []
        for line in header:
            cell = line[column] if column < len(line) else None
            if cell is None or any(cell is s for s in seen):
                continue
            seen.append(cell)
            name = texts.name(cell)
            if name:
                parts.append(name)
        names.append(" ".join(parts))
        heads.append(tuple(seen))
    return tuple(names), tuple(heads)


def _data_rows(body: list[list[Any]], width: int) -> tuple[tuple[Any, ...], ...]:
    """The body's rows, each `width` cells, without spacers and rows that are one cell across."""
    data = []
    for line in body:
        # Any text at all, shown or not (the C-speed test; a spacer row has none).
        if not any(c is not None and c.text_content().strip() for c in line):
            continue  # spacer rows
        if len(line) > 1 and all(c is line[0] for c in line):
            continue  # one cell across the board: a group label or a "show more" button, not a model
        data.append(tuple(line[i] if i < len(line) else None for i in range(width)))
    return tuple(data)


def _shown(element: Any) -> bool:
    return _shown_on_desktop(element) and all(_shown_on_desktop(a) for a in element.iterancestors())


def grids(doc: Any) -> Iterator[Grid]:
    """Every table-like structure of the page as a grid, split header/body tables joined;
    those a desktop browser shows first, then copies it hides (mobile-only layouts)."""
    found = list(_grids(doc))
    yield from (grid for grid in found if grid.shown)
    yield from (grid for grid in found if not grid.shown)


def _grids(doc: Any) -> Iterator[Grid]:
    tables = [t for t in doc.iter("table")]
    built = [(_grid_of("table", _table_rows(t)), t) for t in tables]
    used: set[int] = set()
    for index, (grid, table) in enumerate(built):
        if grid is None or index in used:
            continue
        if not grid.rows and grid.header_rows:
            # A header with no body: the next table with data and no header, as wide, is its body.
            for later in range(index + 1, min(index + 4, len(built))):
                body, body_table = built[later]
                if body is not None and body.rows and len(body.names) == len(grid.names):
                    used.add(later)
                    # The body repeats its header: trust its own.
                    head = body if body.header_rows and any(body.names) else grid
                    yield Grid(how="split header and body tables", names=head.names, rows=body.rows,
                               header_rows=grid.header_rows, shown=_shown(body_table), heads=head.heads)
                    break
            continue
        yield replace(grid, shown=_shown(table))
    # The role attributes' values, not their elements: an element is made (a Python object, by
    # lxml.html's class lookup) only for a table-like role, of the hundreds a page has.
    for role in _ROLES(doc):
        if role.strip().lower() not in _ARIA_CONTAINER:
            continue
        container = role.getparent()
        if container.tag == "table":
            continue
        grid = _grid_of("aria grid", _aria_rows(container))
        if grid is not None and grid.rows:
            yield replace(grid, shown=_shown(container))
