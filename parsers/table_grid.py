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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_ARIA_CONTAINER = ("table", "grid", "treegrid")
_ARIA_HEADER = ("columnheader",)
_ARIA_CELL = ("cell", "gridcell", "rowheader", "columnheader")
_MAX_SPAN = 64  # a span wider than any board is damage, not layout
_NUMBER_LIKE = re.compile(r"^[\s$+~\-]*\d[\d.,]*\s*[%kKmMbBtT]?\b")


@dataclass(frozen=True)
class Grid:
    """One table as columns: names (possibly empty) and the data rows' cell elements."""

    how: str  # "table", "aria grid", "split header and body tables"
    names: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # each row has len(names) cells; None where a span covers nothing
    header_rows: int


def _words(text: str) -> str:
    return " ".join(text.split())


def cell_text(cell: Any) -> str:
    """A cell's text with whitespace runs folded to one space; '' for no cell."""
    return _words(cell.text_content()) if cell is not None else ""


def cell_name(cell: Any) -> str:
    """A header cell's name: its text, else its aria-label or title, else an image's alt."""
    text = cell_text(cell)
    if any(ch.isalnum() for ch in text):
        return text  # a glyph alone (a sort arrow, an icon font) names nothing
    for attribute in ("aria-label", "title"):
        value = cell.get(attribute)
        if value and value.strip():
            return _words(value)
    for value in cell.xpath(".//@aria-label|.//@title|.//img/@alt"):
        if value.strip():
            return _words(value)
    return text


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
    for row in table.xpath("./thead/tr|./tbody/tr|./tr|./tfoot/tr"):
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


def _looks_like_data(cells: list[Any]) -> bool:
    """A row with a number-like cell (a score, a size, a price) is data, whatever its tags."""
    return any(_NUMBER_LIKE.match(cell_text(c)) for c in cells if c is not None)


def _grid_of(how: str, rows: list[tuple[Any, list[Any], bool]]) -> Grid | None:
    if not rows:
        return None
    expanded = _expand([cells for _, cells, _ in rows])
    width = max((len(line) for line in expanded), default=0)
    if width == 0:
        return None
    header_rows = 0
    for (_, cells, in_head), line in zip(rows, expanded):
        unique = [c for i, c in enumerate(line) if c is not None and (i == 0 or line[i - 1] is not c)]
        # Header rows come first: in <thead>, all header cells, or (written with <td>, in the
        # body) named cells with no figure and no link in them, before any data row.
        header_like = in_head or (bool(unique) and all(_is_header_cell(c) for c in unique)) or (
            header_rows < 3 and not _looks_like_data(unique)
            and sum(bool(cell_name(c)) for c in unique) >= max(2, len(unique) // 2)
            and not any(c.xpath(".//a[@href]") for c in unique))
        if not header_like:
            break
        header_rows += 1
    names = []
    for column in range(width):
        parts: list[str] = []
        seen: list[Any] = []
        for line in expanded[:header_rows]:
            cell = line[column] if column < len(line) else None
            if cell is None or any(cell is s for s in seen):
                continue
            seen.append(cell)
            name = cell_name(cell)
            if name:
                parts.append(name)
        names.append(" ".join(parts))
    data = []
    for line in expanded[header_rows:]:
        if not any(c is not None and cell_text(c) for c in line):
            continue  # spacer rows
        data.append(tuple(line[i] if i < len(line) else None for i in range(width)))
    return Grid(how=how, names=tuple(names), rows=tuple(data), header_rows=header_rows)


def grids(doc: Any) -> Iterator[Grid]:
    """Every table-like structure of the page as a grid, split header/body tables joined."""
    tables = [t for t in doc.iter("table")]
    built = [(_grid_of("table", _table_rows(t)), t) for t in tables]
    used: set[int] = set()
    for index, (grid, _) in enumerate(built):
        if grid is None or index in used:
            continue
        if not grid.rows and grid.header_rows:
            # A header with no body: the next table with data and no header, as wide, is its body.
            for later in range(index + 1, min(index + 4, len(built))):
                body = built[later][0]
                if body is not None and body.rows and len(body.names) == len(grid.names):
                    used.add(later)
                    if body.header_rows and any(body.names):
                        names = body.names  # the body repeats its header: trust its own
                    else:
                        names = grid.names
                    yield Grid(how="split header and body tables", names=names, rows=body.rows, header_rows=grid.header_rows)
                    break
            continue
        yield grid
    for container in doc.iter():
        if container.tag == "table" or _role(container) not in _ARIA_CONTAINER:
            continue
        grid = _grid_of("aria grid", _aria_rows(container))
        if grid is not None and grid.rows:
            yield grid
