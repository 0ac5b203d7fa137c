"""A board's own header cannot make a value wrong: group rows are context, every mapped column
must fit its field cell by cell, link and button labels are never names or creators, and only
http(s) links are kept. A page is read exactly or refused naming the column, never loaded wrong."""

from __future__ import annotations

import json
import os
import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from parsers import ParseError, parse_page
from parsers.rows import ModelRow
from tests.conftest import FIXTURES
from tests.golden_rows import DISPLAYED_BOARDS

FORMS = FIXTURES / "forms"


def facts(rows: tuple[ModelRow, ...]) -> list[dict[str, object]]:
    """Every field but the record of the row as shown (its keys are the page's own headers)."""
    return [{k: v for k, v in row.as_dict().items() if k != "source_record"} for row in rows]


@cache
def site_table(tier: str) -> str:
    return (FORMS / f"{tier}-site-table.html").read_text(encoding="utf-8")


@cache
def expected(tier: str) -> list[dict[str, object]]:
    return facts(parse_page(site_table(tier).encode(), source="site-table").rows)


def _with_group_row(tier: str, labels: list[str] | None) -> bytes:
    """The site table with its group row replaced by `labels` (one cell each), or removed (None)."""
    doc = lxml_html.document_fromstring(site_table(tier))
    group = doc.xpath("//thead/tr")[0]
    if labels is None:
        group.getparent().remove(group)
    else:
        for cell in list(group):
            group.remove(cell)
        for label in labels:
            cell = lxml_html.Element("th")
            cell.text = label
            group.append(cell)
    return lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>")


GROUPS = ["", "Intelligence", "Size", "Context", "Price", "Speed", "Weights", "Provider Benchmarks", ""]


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
@pytest.mark.parametrize("shift", [-2, -1, 1, 2, None])
def test_a_group_row_moved_or_removed_never_changes_a_value(tier: str, shift: int | None) -> None:
    if shift is None:
        labels = None
    elif shift > 0:
        labels = [""] * shift + GROUPS[: len(GROUPS) - shift]
    else:
        labels = GROUPS[-shift:] + [""] * -shift
    page = parse_page(_with_group_row(tier, labels), source=f"shift {shift}")
    assert facts(page.rows) == expected(tier)


# Group labels a component could put anywhere: field words, units and noise.
LABELS = ("", "", "Price", "Speed", "Intelligence", "Size", "Context", "Weights", "Provider Benchmarks", "Model",
          "Output", "Input", "Highlights", "Further details", "Cost", "Latency", "Index", "Tokens/s", "USD")


@settings(max_examples=int(os.environ.get("AA_HEADER_EXAMPLES", "40")), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(tier=st.sampled_from(DISPLAYED_BOARDS), labels=st.lists(st.sampled_from(LABELS), min_size=0, max_size=11))
def test_any_group_row_gives_the_board_exactly_or_a_refusal_naming_a_column(tier: str, labels: list[str]) -> None:
    data = _with_group_row(tier, labels)
    try:
        page = parse_page(data, source="groups")
    except ParseError as exc:
        assert re.search(r"column \d+ \(", str(exc)), str(exc)
        return
    assert facts(page.rows) == expected(tier), labels


def test_a_column_that_fits_no_field_refuses_the_page_naming_it_its_header_and_three_cells() -> None:
    doc = lxml_html.document_fromstring(site_table("small"))
    # The speed column's cells replaced by dollar amounts: a price column where a speed is named,
    # beside the board's own price column, so no field is left for it.
    for row in doc.xpath("//tbody/tr"):
        shown = row[5].text_content()
        row[5].text = shown if shown == "-" else "$" + shown
        for child in list(row[5]):
            row[5].remove(child)
    with pytest.raises(ParseError) as caught:
        parse_page(lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>"), source="bad.html")
    message = str(caught.value)
    assert message.startswith("bad.html: board table refused: ")
    assert "column 6 ('Speed Median Output Speed (Tokens/s)') is headed as speed" in message
    assert "'$100', '$178', '$64'" in message and "\n" not in message


def test_speeds_under_a_price_label_are_speeds_and_say_so_nowhere_as_prices() -> None:
    page = parse_page((FORMS / "small-site-groups-right.html").read_bytes(), source="right")
    assert page.column_map["speed"] == "Price Median Output Speed (Tokens/s)"
    assert "output_price" not in page.column_map
    qwen = page.rows[0]
    assert (qwen.output_tokens_per_s, qwen.output_price_usd_per_1m) == (100.0, None)


def test_a_header_that_points_at_the_wrong_column_is_remapped_and_the_warning_says_so() -> None:
    page = parse_page((FORMS / "small-group-words-only-shifted.html").read_bytes(), source="shifted")
    assert facts(page.rows) == facts(parse_page((FORMS / "small-group-words-only.html").read_bytes()).rows)
    remapped = [w for w in page.warnings if "is headed as weights but its cells do not fit it" in w]
    assert remapped and "read as speed" in remapped[0] and "'100'" in remapped[0], page.warnings
    explained = "\n".join(page.explanation)
    assert "'Weights' -> speed" in explained and "'Provider Benchmarks' -> weights" in explained


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
def test_link_button_labels_are_never_creators_or_providers(tier: str) -> None:
    for form in ("site-table", "group-words-only", "site-groups-right"):
        rows = parse_page((FORMS / f"{tier}-{form}.html").read_bytes()).rows
        for row in rows:
            assert row.creator not in ("Model Providers", "Model", "Providers"), (form, row.model)
            assert not ({"Model", "Providers"} & set(row.providers or ())), (form, row.model)


def test_a_creator_in_small_print_under_the_name_is_read_without_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    import parsers.html.table as html_table

    monkeypatch.setattr(html_table, "known_creators", lambda: frozenset())
    # No logo either: only the print size says the second line is the creator.
    text = re.sub(r'<img src="/img/logos/creator.svg" alt="[^"]*"[^>]*/>', "", site_table("small"))
    rows = parse_page(text.encode(), source="no registry").rows
    assert [(r.model, r.creator) for r in rows] == [(e["model"], e["creator"]) for e in expected("small")]


def test_button_labels_inside_the_name_cell_are_not_part_of_the_name() -> None:
    text = site_table("small").replace('<div class="font-medium">',
                                       '<button type="button" class="text-xs">Details</button><div class="font-medium">')
    assert facts(parse_page(text.encode()).rows) == expected("small")


def test_a_javascript_weights_link_in_a_table_is_null_with_a_warning() -> None:
    text = site_table("small").replace('<span title="Hugging Face">\U0001f917</span>',
                                       '<a href="javascript:alert(1)"><span title="Hugging Face">\U0001f917</span></a>', 1)
    page = parse_page(text.encode(), source="js")
    assert page.rows[0].weights_url is None and page.rows[0].open_weights is True
    assert any("weights link 'javascript:alert(1)' is not an http(s) URL" in w for w in page.warnings), page.warnings
    assert facts(page.rows) == expected("small")


def test_a_javascript_model_link_gives_no_slug_and_a_warning() -> None:
    text = site_table("small").replace('<div class="font-medium">',
                                       '<div class="font-medium"><a href="javascript:go(\'/models/x\')">', 1)
    text = text.replace("</div><div class=\"text-xs", "</a></div><div class=\"text-xs", 1)
    page = parse_page(text.encode(), source="js")
    assert page.rows[0].slug is None
    assert any("model link" in w and "is not an http(s) URL" in w for w in page.warnings), page.warnings


def test_a_javascript_weights_url_in_the_payload_is_null_with_a_warning() -> None:
    text = (FIXTURES / "small-board-payload.html").read_text(encoding="utf-8")
    # The first record's weights link as a javascript: URL, written as the flight payload writes it.
    start = text.index('\\"name\\":\\"Qwen3.5 27B (Reasoning)\\"')
    text = text[:start] + '\\"modelWeightsSourceUrl\\":\\"javascript:alert(1)\\",' + text[start:]
    page = parse_page(text.encode(), source="js payload")
    qwen = next(r for r in page.rows if r.model == "Qwen3.5 27B (Reasoning)")
    assert qwen.weights_url is None and qwen.open_weights is True
    assert any("weights link 'javascript:alert(1)' is not an http(s) URL" in w for w in page.warnings), page.warnings


@pytest.mark.parametrize("url, kept", [
    ("https://huggingface.co/Qwen/Qwen3.5-27B", True), ("http://example.org/w", True), ("javascript:alert(1)", False),
    ("data:text/html,x", False), ("/models/qwen", False), ("https://exa mple.org", False), ("https://e.org/\u0085x", False),
    ("vbscript:x", False), (" https://huggingface.co/x ", True), ("", False), (None, False), (5, False),
])
def test_web_url_keeps_only_absolute_http_urls(url: object, kept: bool) -> None:
    from parsers.normalise import web_url

    assert (web_url(url) is not None) == kept
    if kept:
        assert web_url(url) == str(url).strip()


def test_the_record_of_a_refused_form_is_never_half_loaded() -> None:
    """Through the installed reader of a page: a refusal is one line and names the column."""
    doc = lxml_html.document_fromstring(site_table("tiny"))
    for row in doc.xpath("//tbody/tr"):
        row[1].text = "View"  # every index cell a link label
        for child in list(row[1]):
            row[1].remove(child)
    with pytest.raises(ParseError, match=r"column \d+ \(") as caught:
        parse_page(lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>"), source="tiny.html")
    assert json.dumps(str(caught.value))  # one plain line


@cache
def words_only(tier: str) -> str:
    return (FORMS / f"{tier}-group-words-only.html").read_text(encoding="utf-8")


@cache
def words_only_facts(tier: str) -> list[dict[str, object]]:
    """What the page says with its group row as the site has it (read once a board, not once an example)."""
    return facts(parse_page(words_only(tier).encode()).rows)


@settings(max_examples=int(os.environ.get("AA_HEADER_EXAMPLES", "40")), suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(tier=st.sampled_from(DISPLAYED_BOARDS),
       cells=st.lists(st.tuples(st.sampled_from(LABELS), st.integers(1, 3)), min_size=0, max_size=9))
def test_group_labels_over_unnamed_columns_give_the_board_exactly_or_a_refusal(tier: str, cells: list[tuple[str, int]]) -> None:
    """Where the group row holds a header's only words, wherever its labels stand and however
    wide, the board is read exactly (from the cells where the labels do not fit) or refused."""
    doc = lxml_html.document_fromstring(words_only(tier))
    group = doc.xpath("//thead/tr")[0]
    for cell in list(group):
        group.remove(cell)
    for label, span in cells:
        cell = lxml_html.Element("th")
        cell.text = label
        cell.set("colspan", str(span))
        group.append(cell)
    try:
        page = parse_page(lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>"), source="groups")
    except ParseError as exc:
        assert re.search(r"column \d+ \(|could not be mapped", str(exc)), str(exc)
        return
    assert facts(page.rows) == words_only_facts(tier), cells
