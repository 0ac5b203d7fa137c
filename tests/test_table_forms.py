"""Board tables in forms other than the fixtures': read field for field, or refused saying why."""

from __future__ import annotations

import re

from parsers import parse_page
from parsers.rows import ModelRow
from tests.conftest import FIXTURES

SMALL_TABLE = (FIXTURES / "small-board-table.html").read_text(encoding="utf-8")


def facts(rows: tuple[ModelRow, ...], **read: object) -> list[dict[str, object]]:
    """Each row's fields but its record as the page showed it (which names the headers), with
    the fields an added column gives (`read`) set as expected."""
    return [{**{k: v for k, v in row.as_dict().items() if k != "source_record"}, **read} for row in rows]


EXPECTED = facts(parse_page(SMALL_TABLE.encode()).rows)


def _cells_after(page: str, header: str, extra_header: str, cell: str) -> str:
    """Insert a column before `header`, with `cell` in every row at that place."""
    headers = re.findall(r"<th>.*?</th>", page.split("</thead>")[0])
    at = [h for h in headers].index(f"<th>{header}</th>")
    page = page.replace(f"<th>{header}</th>", f"<th>{extra_header}</th><th>{header}</th>", 1)

    def add(match: re.Match[str]) -> str:
        cells = re.findall(r"<td>.*?</td>", match.group(0))
        cells.insert(at, f"<td>{cell}</td>")
        return "<tr>" + "".join(cells) + "</tr>"

    head, body = page.split("</thead>", 1)
    return head + "</thead>" + re.sub(r"<tr><td>.*?</tr>", add, body)


def test_input_and_output_price_beside_blended_never_become_the_blended_price() -> None:
    page = _cells_after(SMALL_TABLE, "Price (Blended USD/1M Tokens)", "Input Price (USD/1M)", "$9.9")
    page = _cells_after(page, "Output Speed (tokens/s)", "Output Price", "$7.7")
    parsed = parse_page(page.encode())
    # Each price goes to its own field; the blended one stays the blended one.
    assert facts(parsed.rows) == facts(parse_page(SMALL_TABLE.encode()).rows, input_price_usd_per_1m=9.9,
                                       output_price_usd_per_1m=7.7)


def test_input_price_before_a_plain_price_column_is_not_the_price() -> None:
    page = _cells_after(SMALL_TABLE, "Price (Blended USD/1M Tokens)", "Input Price", "$9.9")
    page = page.replace("<th>Price (Blended USD/1M Tokens)</th>", "<th>Price</th>")
    assert facts(parse_page(page.encode()).rows) == facts(parse_page(SMALL_TABLE.encode()).rows, input_price_usd_per_1m=9.9)


def test_a_grouped_two_row_header_with_spans_is_read() -> None:
    groups = ('<tr><th colspan="2">Model</th><th rowspan="2">Intelligence Index</th><th colspan="4">Details</th>'
              '<th>Weights</th><th>Provider</th><th>Benchmarks</th></tr>')
    page = SMALL_TABLE.replace("<thead><tr><th>Model</th><th>Creator</th><th>Intelligence Index</th>",
                               "<thead>" + groups + "<tr><th>Name</th><th>Creator</th>")
    page = page.replace("<th>Weights</th><th>Providers</th><th></th></tr>", "<th>Link</th><th>Names</th><th>View</th></tr>")
    parsed = parse_page(page.encode())
    assert facts(parsed.rows) == EXPECTED


def test_an_aria_grid_without_a_table_is_read() -> None:
    page = (SMALL_TABLE.replace("<table", '<div role="table"').replace("</table>", "</div>")
            .replace("<thead>", '<div role="rowgroup">').replace("</thead>", "</div>")
            .replace("<tbody>", '<div role="rowgroup">').replace("</tbody>", "</div>")
            .replace("<tr>", '<div role="row">').replace("</tr>", "</div>")
            .replace("<th>", '<div role="columnheader">').replace("</th>", "</div>")
            .replace("<td>", '<div role="cell">').replace("</td>", "</div>"))
    assert "<table" not in page and "<td" not in page
    assert facts(parse_page(page.encode()).rows) == EXPECTED


def test_a_sticky_header_table_and_its_body_table_are_joined() -> None:
    head, body = SMALL_TABLE.split("</thead>", 1)
    page = head + "</thead></table><div class=\"overflow-auto\"><table class=\"w-full\">" + body.replace("</table>", "</table></div>", 1)
    assert page.count("<table") == 2
    assert facts(parse_page(page.encode()).rows) == EXPECTED


def test_headers_named_only_by_aria_label_or_title() -> None:
    page = SMALL_TABLE.replace("<th>Intelligence Index</th>", '<th aria-label="Intelligence Index"><svg></svg></th>')
    page = page.replace("<th>Parameters</th>", '<th><button title="Parameters">&#8597;</button></th>')
    assert facts(parse_page(page.encode()).rows) == EXPECTED


def test_table_and_payload_disagreeing_beyond_rounding_is_a_warning_naming_model_field_and_values() -> None:
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring((FIXTURES / "small-board-full.html").read_bytes())
    first = doc.xpath("//table/tbody/tr")[0]
    cells = first.findall("td")
    name = " ".join(cells[0].text_content().split())
    shown = {"creator": cells[1].text_content(), "index": cells[2].text_content(), "context": cells[4].text_content()}
    cells[1].text, cells[2].text, cells[4].text = "Mistral", str(int(shown["index"]) + 3), "131k"
    page = parse_page(lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>"))
    row = page.boards["small"][0]
    assert row.model == name and row.intelligence_index == float(shown["index"]) and row.creator == shown["creator"]
    warned = [w for w in page.warnings if name in w]
    assert len(warned) == 3, page.warnings
    assert any(f"intelligence_index is {float(shown['index']) + 3!r} in the table but {float(shown['index'])!r}" in w for w in warned)
    assert any("context_window_tokens is 131000 in the table but 262" in w for w in warned)
    assert any(f"creator is 'Mistral' in the table but {shown['creator']!r}" in w for w in warned)
