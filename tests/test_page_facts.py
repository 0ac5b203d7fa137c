"""Facts beyond the board's columns: the index methodology, licences, prices, latency, the
source record, and which fields each form can carry."""

from __future__ import annotations

import gzip
import json

import pytest

from parsers import parse_page
from parsers.html.table import TABLE_FIELDS
from parsers.methodology import index_methodology
from parsers.payload.records import PAYLOAD_FIELDS
from parsers.text.renderings import LINE_FIELDS, PIPE_FIELDS
from tests.conftest import FIXTURES

V40 = ("GDPval-AA", "\U0001d70f\u00b2-Bench Telecom", "Terminal-Bench Hard", "SciCode", "AA-LCR", "AA-Omniscience", "IFBench",
       "Humanity's Last Exam", "GPQA Diamond", "CritPt")
V41 = ("GDPval-AA v2", "\U0001d70f\u00b3-Banking", "Terminal-Bench v2.1", "SciCode", "Humanity's Last Exam", "GPQA Diamond",
       "CritPt", "AA-Omniscience", "AA-LCR")


@pytest.mark.parametrize(("text", "version", "evaluations", "warns"), [
    ("Artificial Analysis Intelligence Index v4.0 includes: A, B v2.1, C. See Intelligence Index methodology", "4.0",
     ("A", "B v2.1", "C"), False),
    ('<p>Artificial Analysis Intelligence Index v4.1<!-- --> includes: <!-- -->A, <a href="/x">B</a>, Humanity&#x27;s C'
     '<!-- -->. See<!-- --> <a href="/m">methodology</a></p>', "4.1", ("A", "B", "Humanity's C"), False),
    ('<span>Intelligence Index v4.1 incorporates 2 evaluations: A, B</span></div><button class="x">Copy</button>', "4.1",
     ("A", "B"), False),
    ('"description":"Artificial Analysis Intelligence Index v4.1 incorporates 2 evaluations: A, B \u00b7 Evaluation results"',
     "4.1", ("A", "B"), False),
    ("Intelligence Index v5 incorporates 3 evaluations: A, B</p>", "5", ("A", "B"), True),
    ("<h2>Intelligence Index v4.1</h2><p>was v4.0 before</p>", "4.1", (), False),
    ("Intelligence Index v4.0 (old) and Intelligence Index v4.1 includes: A, B.", "4.1", ("A", "B"), True),
])
def test_index_methodology_is_read_in_any_form(text: str, version: str, evaluations: tuple[str, ...], warns: bool) -> None:
    warnings: list[str] = []
    found = index_methodology(text, warnings)
    assert found is not None and (found.version, found.evaluations) == (version, evaluations)
    assert bool(warnings) == warns, warnings


def test_a_page_that_names_no_version_has_none() -> None:
    assert index_methodology("<p>Intelligence Index</p>", []) is None


def test_the_text_snapshots_say_v4_0_and_the_real_page_v4_1(small_text_bytes: bytes, tiny_text_bytes: bytes,
                                                             real_page_bytes: bytes) -> None:
    for data in (small_text_bytes, tiny_text_bytes):
        page = parse_page(data)
        assert (page.index_version, page.index_evaluations) == ("4.0", V40)
    page = parse_page(gzip.decompress(real_page_bytes))
    assert (page.index_version, page.index_evaluations) == ("4.1", V41) and page.warnings == ()


def test_real_page_licences_prices_latency_and_openness(real_page_bytes: bytes) -> None:
    page = parse_page(gzip.decompress(real_page_bytes))
    rows = {row.model: row for row in page.rows}
    qwen = rows["Qwen3.6 35B A3B (Reasoning)"]
    assert (qwen.license_name, qwen.commercial_use_restricted) == ("Apache 2.0", False)
    assert qwen.openness_index == pytest.approx(38.89, abs=0.005)
    assert (qwen.input_price_usd_per_1m, qwen.output_price_usd_per_1m) == (0.248, 1.485)
    assert qwen.time_to_first_token_s == pytest.approx(2.251, abs=0.0005)
    restricted = sorted(row.model for row in page.rows if row.commercial_use_restricted and row.tier in ("small", "tiny"))
    assert len(restricted) == 7 and all(name.lower().startswith(("exaone", "tiny aya")) for name in restricted), restricted
    # Each value is the payload record's own, read back from the row's source record.
    for row in page.rows:
        record = json.loads(row.source_record or "{}")
        assert record["name"].strip() == row.model
        assert row.license_name == (record.get("licenseName") or None)
        assert row.input_price_usd_per_1m == (record.get("price1mInputTokens") or None)
        assert row.output_price_usd_per_1m == (record.get("price1mOutputTokens") or None)
        assert row.time_to_first_token_s == ((record.get("timescaleData") or {}).get("medianTimeToFirstChunk") or None)
        assert row.openness_index == (record.get("openness") or {}).get("opennessIndex")
        restricted_flag = {"commercial-license": True, "permissive": False}.get(record.get("openSourceCategorization"))
        assert row.commercial_use_restricted == restricted_flag
    # A key no parser version reads is still there, in the record.
    assert "knowledgeCutoffDate" in json.loads(qwen.source_record or "{}")


def test_a_table_shows_licence_and_the_restricted_label() -> None:
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring((FIXTURES / "small-board-table.html").read_bytes())
    labels = ["Apache 2.0", "Open Weights (Commercial Use Restricted)"]
    for number, row in enumerate(doc.xpath("//table//tr")):
        cell = lxml_html.Element("th" if number == 0 else "td")
        cell.text = "License" if number == 0 else labels[number % 2 - 1]
        row.insert(8, cell)  # after Weights
    rows = parse_page(lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>")).rows
    assert (rows[0].license_name, rows[0].commercial_use_restricted) == ("Apache 2.0", None)
    assert (rows[1].license_name, rows[1].commercial_use_restricted) == (None, True)
    assert json.loads(rows[1].source_record or "{}")["License"] == "Open Weights (Commercial Use Restricted)"


@pytest.mark.parametrize(("name", "carried"), [
    ("small-board-table.html", TABLE_FIELDS), ("small-board-payload.html", PAYLOAD_FIELDS),
    ("small-board-full.html", TABLE_FIELDS | PAYLOAD_FIELDS)])
def test_each_board_says_which_fields_its_forms_can_carry(name: str, carried: frozenset[str]) -> None:
    page = parse_page((FIXTURES / name).read_bytes())
    assert dict(page.carried_fields) == {"small": carried}


def test_text_renderings_carry_their_declared_fields(small_text_bytes: bytes, tiny_text_bytes: bytes) -> None:
    assert dict(parse_page(small_text_bytes).carried_fields) == {"small": PIPE_FIELDS}
    assert dict(parse_page(tiny_text_bytes).carried_fields) == {"tiny": LINE_FIELDS}
    assert "weights_url" not in PIPE_FIELDS | LINE_FIELDS and "source_record" not in PIPE_FIELDS | LINE_FIELDS


def test_an_unreadable_side_column_is_null_with_a_warning_and_the_board_loads() -> None:
    from lxml import html as lxml_html

    doc = lxml_html.document_fromstring((FIXTURES / "small-board-table.html").read_bytes())
    for number, row in enumerate(doc.xpath("//table//tr")):
        cell = lxml_html.Element("th" if number == 0 else "td")
        cell.text = "Input Price (USD/1M)" if number == 0 else ("$0.25" if number % 2 else "call us")
        row.insert(6, cell)
    page = parse_page(lxml_html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>"))
    assert len(page.rows) == 59
    assert page.rows[0].input_price_usd_per_1m == 0.25 and page.rows[1].input_price_usd_per_1m is None
    assert any("input_price_usd_per_1m not read" in w and "call us" in w for w in page.warnings)
