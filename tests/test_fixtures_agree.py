"""The hand-written HTML fixtures read back to the text snapshots' rows, every field, by every strategy."""

from __future__ import annotations

import pytest

from parsers import parse_page
from parsers.html.table import TABLE_FIELDS
from parsers.payload.records import PAYLOAD_FIELDS
from tests.conftest import FIXTURES
from tests.golden_rows import DISPLAYED_BOARDS, assert_board_matches, shown_zero_prices


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
@pytest.mark.parametrize("kind", ["table", "full"])
def test_table_fixtures_give_the_text_rows_field_for_field(tier: str, kind: str) -> None:
    page = parse_page((FIXTURES / f"{tier}-board-{kind}.html").read_bytes(), source=f"{tier}-board-{kind}.html")
    assert page.tiers == (tier,)
    assert page.warnings == ()
    # The fixtures carry exactly the text's facts (the golden rows hold None for everything the
    # text does not show: no slug, weights URL or estimate flag), so every field must match.
    assert_board_matches(page.boards[tier], tier, TABLE_FIELDS)


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
def test_payload_fixture_gives_the_text_rows_ties_as_sets(tier: str) -> None:
    page = parse_page((FIXTURES / f"{tier}-board-payload.html").read_bytes(), source=f"{tier}-board-payload.html")
    assert page.tiers == (tier,)
    assert_board_matches(page.boards[tier], tier, PAYLOAD_FIELDS, ties_as_sets=True,
                         not_representable=shown_zero_prices(tier))


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
def test_payload_board_orders_ties_by_name(tier: str) -> None:
    """The stated rule (README): index descending, then name case-folded; no index last."""
    rows = parse_page((FIXTURES / f"{tier}-board-payload.html").read_bytes()).boards[tier]
    keys = [(row.intelligence_index is None, -(row.intelligence_index or 0.0), row.model.casefold()) for row in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
def test_full_fixture_uses_every_strategy(tier: str) -> None:
    page = parse_page((FIXTURES / f"{tier}-board-full.html").read_bytes())
    assert page.strategies == ("payload", "table", "jsonld")
    assert all(row.value_source == "payload+table" for row in page.rows)


@pytest.mark.parametrize("tier", DISPLAYED_BOARDS)
def test_payload_fixture_keeps_off_board_records_off(tier: str) -> None:
    from parsers.payload.flight import model_records, payload_text

    data = (FIXTURES / f"{tier}-board-payload.html").read_bytes()
    records = model_records(payload_text(data, None) or "", None)
    page = parse_page(data)
    assert len(records) > len(page.rows), "the fixture carries catalogue records that are not on the board"
    on_board = {row.model for row in page.rows}
    off = [r for r in records.values() if r["name"] not in on_board]
    assert off and all(r.get("sizeClass") != tier or not r.get("isOpenWeights") or r.get("deprecated") for r in off)
