"""Properties of drift-proof reading: the rows of a board do not depend on the order of its
columns, on columns this parser does not know, or on where the payload is cut into pushes."""

from __future__ import annotations

import json
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from parsers import parse_page
from parsers.payload.flight import payload_text
from parsers.rows import ModelRow
from tests.conftest import FIXTURES
from tests.golden_rows import DISPLAYED_BOARDS

# Headers the site could add that name none of our fields (the neighbours of our fields, an
# input price beside the blended one, are read and tested in tests/test_table_forms.py).
UNKNOWN_HEADERS = ("Release Date", "Modality", "Notes", "Family", "Reasoning Mode", "Tags", "Rank \u0394",
                   "Benchmarks", "Status")
CELL_TEXT = st.text(alphabet="abcXYZ 019.-$%", max_size=12)


@cache
def table_page(tier: str) -> bytes:
    return (FIXTURES / f"{tier}-board-table.html").read_bytes()


def facts(rows: tuple[ModelRow, ...]) -> list[dict[str, object]]:
    """Every field but the row's record as the page showed it (its columns move with the page)."""
    return [{k: v for k, v in row.as_dict().items() if k != "source_record"} for row in rows]


@cache
def expected_rows(name: str) -> list[dict[str, object]]:
    return facts(parse_page((FIXTURES / name).read_bytes()).rows)


def _rebuilt(tier: str, order: list[int], extra: list[tuple[int, str, list[str]]]) -> bytes:
    """The fixture's table with its columns in `order` and unknown columns inserted."""
    doc = lxml_html.document_fromstring(table_page(tier))
    for row in doc.iter("tr"):
        cells = list(row)
        for cell in cells:
            row.remove(cell)
        cells = [cells[i] for i in order]
        is_head = row.getparent().tag == "thead"
        for place, header, values in extra:
            new = lxml_html.Element("th" if is_head else "td")
            new.text = header if is_head else values[len(row.getparent().findall("tr")) % len(values)]
            cells.insert(min(place, len(cells)), new)
        for cell in cells:
            row.append(cell)
    return lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>")


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(tier=st.sampled_from(DISPLAYED_BOARDS), order=st.permutations(range(10)),
       extra=st.lists(st.tuples(st.integers(0, 12), st.sampled_from(UNKNOWN_HEADERS), st.lists(CELL_TEXT, min_size=1, max_size=4)),
                      max_size=3))
def test_shuffled_and_added_columns_never_change_the_rows(tier: str, order: list[int], extra: list[tuple[int, str, list[str]]]) -> None:
    page = parse_page(_rebuilt(tier, list(order), extra), source="shuffled")
    assert facts(page.rows) == expected_rows(f"{tier}-board-table.html")
    # The unknown columns are not lost: each row's record keeps them.
    record = json.loads(page.rows[0].source_record or "{}")
    assert {header for _, header, _ in extra} <= set(record)


def _pushes(payload: str, cuts: list[int]) -> str:
    points = sorted({0, len(payload), *(c % (len(payload) + 1) for c in cuts)})
    pieces = [payload[a:b] for a, b in zip(points, points[1:])]
    return "".join(f"<script>self.__next_f.push({json.dumps([1, p]).replace('<', chr(92) + 'u003c')})</script>" for p in pieces)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(tier=st.sampled_from(DISPLAYED_BOARDS), cuts=st.lists(st.integers(0, 10**7), max_size=60),
       every=st.sampled_from([None, 1, 2, 3, 7, 64, 997]))
def test_recutting_the_payload_never_changes_the_rows(tier: str, cuts: list[int], every: int | None) -> None:
    name = f"{tier}-board-payload.html"
    original = (FIXTURES / name).read_text(encoding="utf-8")
    payload = payload_text(original, name)
    assert payload is not None
    if every is not None:
        # Short pushes everywhere: many splits fall inside escapes and multi-byte characters.
        cuts = [*cuts, *range(0, min(len(payload), 4000), every)]
    start = original.index("<script>(self.__next_f")
    end = original.rindex("</script>") + len("</script>")
    page = original[:start] + "<script>(self.__next_f=self.__next_f||[]).push([0])</script>" + _pushes(payload, cuts) + original[end:]
    assert facts(parse_page(page.encode(), source=name).rows) == expected_rows(name)
