"""The hand-written HTML fixtures read back to the text snapshots' values by every strategy."""

from __future__ import annotations

import pytest

from parsers import parse_page
from parsers.normalise import round_significant
from tests.conftest import FIXTURES

# Fields a text rendering and an HTML page both carry (the text has no slug, links or scores).
SHARED = ("model", "variant", "model_key", "creator", "total_params_b", "active_params_b", "is_moe", "open_weights")


def _shown(field: str, value: object) -> object:
    """A payload's exact value as the site would display it."""
    if value is None:
        return None
    if field == "intelligence_index":
        return round(float(value))  # type: ignore[arg-type]
    if field == "blended_price_usd_per_1m":
        return round(float(value), 1)  # type: ignore[arg-type]
    if field == "context_window_tokens":
        return int(round_significant(float(value)))  # type: ignore[arg-type]
    return value


@pytest.mark.parametrize("tier", ["small", "tiny"])
@pytest.mark.parametrize("kind", ["table", "payload", "full"])
def test_fixture_matches_text_snapshot(tier: str, kind: str, request: pytest.FixtureRequest) -> None:
    text_rows = parse_page(request.getfixturevalue(f"{tier}_text_bytes")).boards[tier]
    page = parse_page((FIXTURES / f"{tier}-board-{kind}.html").read_bytes(), source=f"{tier}-board-{kind}.html")
    assert page.tiers == (tier,)
    assert page.warnings == ()
    html_rows = page.boards[tier]
    assert {r.model_key for r in html_rows} == {r.model_key for r in text_rows}
    by_key = {r.model_key: r for r in html_rows}
    for want in text_rows:
        got = by_key[want.model_key]
        for field in SHARED:
            assert getattr(got, field) == getattr(want, field), (want.model, field)
        for field in ("intelligence_index", "blended_price_usd_per_1m", "context_window_tokens", "output_tokens_per_s"):
            assert _shown(field, getattr(got, field)) == _shown(field, getattr(want, field)), (want.model, field)
        if kind != "payload":
            # Only the visible table names providers; the payload gives a count.
            assert (got.providers, got.providers_more) == (want.providers, want.providers_more), want.model
        if want.provider_count is not None:
            assert got.provider_count == want.provider_count, want.model
        if want.intelligence_index is not None:
            assert got.rank == want.rank, want.model


@pytest.mark.parametrize("tier", ["small", "tiny"])
def test_full_fixture_uses_every_strategy(tier: str) -> None:
    page = parse_page((FIXTURES / f"{tier}-board-full.html").read_bytes())
    assert page.strategies == ("payload", "table", "jsonld")
    assert all(row.value_source == "payload+table" for row in page.rows)


@pytest.mark.parametrize("tier", ["small", "tiny"])
def test_payload_fixture_keeps_off_board_records_off(tier: str) -> None:
    from parsers.flight import model_records, payload_text

    data = (FIXTURES / f"{tier}-board-payload.html").read_bytes()
    records = model_records(payload_text(data.decode("utf-8"), None) or "", None)
    page = parse_page(data)
    assert len(records) > len(page.rows), "the fixture carries catalogue records that are not on the board"
    assert {r.slug for r in page.rows} < set(records)
