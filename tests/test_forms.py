"""fixtures/forms/: board pages in other served forms, each read to the text snapshots' rows,
every row and every field (fixtures/build_forms.py says what each form does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_page
from parsers.html.table import TABLE_FIELDS
from parsers.payload.records import PAYLOAD_FIELDS
from tests.conftest import FIXTURES
from tests.golden_rows import DISPLAYED_BOARDS, assert_board_matches, shown_zero_prices

FORMS = FIXTURES / "forms"
TABLE_FORMS = ("grouped-header", "header-in-body", "icon-headers", "aria-grid", "split-sticky", "no-headers",
               "reordered-columns", "responsive-copies", "creator-under-name", "cards",
               # The site's own table component: group rows over the names, as drawn and one cell off
               # either way; a header whose only words are group labels; link buttons in the last column.
               "site-table", "site-groups-right", "site-groups-left", "group-words-only", "group-words-only-shifted")
PAYLOAD_FORMS = ("payload-rechunked", "payload-next-data")
# Forms whose headers do not name every column: the page must say what it inferred.
INFERRED = {"no-headers", "group-words-only", "group-words-only-shifted"}


def _parse(path: Path):  # type: ignore[no-untyped-def]
    return parse_page(path.read_bytes(), source=path.name)


def test_every_form_in_the_folder_is_tested() -> None:
    names = {p.name for p in FORMS.glob("*.html")}
    assert names == {f"{tier}-{form}.html" for tier in DISPLAYED_BOARDS for form in (*TABLE_FORMS, *PAYLOAD_FORMS)}


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
@pytest.mark.parametrize("form", TABLE_FORMS)
def test_table_form_gives_the_text_rows_field_for_field(tier: str, form: str) -> None:
    page = _parse(FORMS / f"{tier}-{form}.html")
    assert page.tiers == (tier,) and page.strategies == ("table",)
    assert_board_matches(page.boards[tier], tier, TABLE_FIELDS)
    inferred = [w for w in page.warnings if "inferred" in w]
    assert bool(inferred) == (form in INFERRED), page.warnings
    # Every column a field was read from is named in the column map.
    assert {"model", "intelligence", "parameters", "context", "price", "speed", "weights", "providers"} <= set(page.column_map)


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
@pytest.mark.parametrize("form", PAYLOAD_FORMS)
def test_payload_forms_give_the_text_rows(tier: str, form: str) -> None:
    page = _parse(FORMS / f"{tier}-{form}.html")
    assert page.tiers == (tier,) and page.strategies == ("payload",)
    assert_board_matches(page.boards[tier], tier, PAYLOAD_FIELDS, ties_as_sets=True, not_representable=shown_zero_prices(tier))


def test_the_grouped_header_maps_each_column_by_all_its_header_words() -> None:
    page = _parse(FORMS / "small-grouped-header.html")
    assert page.column_map["providers"] == "Further details Provider Benchmarks"
    assert page.column_map["price"] == "Highlights Blended Price (USD / 1M tokens)"
    assert page.column_map["model"] == "Model"
    # "Model" spans the name and the creator: the name is the column with the creator's logo, and
    # the creator, whose column has no name of its own, is read from that logo.
    assert "creator" not in page.column_map
    assert any("2 columns are named 'Model'; model read from column 1" in w for w in page.warnings), page.warnings


def test_a_json_data_script_cut_short_is_refused_not_read_in_part() -> None:
    from parsers import ParseError

    text = (FORMS / "small-payload-next-data.html").read_text(encoding="utf-8")
    start = text.index('type="application/json">') + len('type="application/json">')
    end = text.index("</script>", start)
    cut = text[:start] + text[start : (start + end) // 2] + text[end:]
    with pytest.raises(ParseError, match="JSON data script 1 is not valid JSON"):
        parse_page(cut.encode(), source="cut.html")
