"""Every board of the two real catalogue pages (07-18 and 07-31), exact against the pages' records.

The golden rows (tests/golden/{tier}-{date}.json, written by tests/write_catalogue_golden.py) are
checked twice: the parser must give them field for field, and they must say what the page's own
records say, read the plainest way (tests/catalogue_records.py), so a parser that drifted and a
golden file rewritten to follow it cannot agree by themselves.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from parsers import BOARDS, TIERS, parse_page
from parsers.contract import BoardValues, own_breaches
from tests.catalogue_records import board_records
from tests.conftest import GOLDEN, snapshot_path
from tests.write_catalogue_golden import LEFT_OUT, PAGES, golden_file

# The boards' sizes as the pages hold them (the issue counted medium and large by hand).
SIZES = {"2026-07-18": {"small": 68, "tiny": 26, "medium": 35, "large": 46},
         "2026-07-31": {"small": 67, "tiny": 27, "medium": 35, "large": 44}}
EVERY_BOARD = [(tier, date) for date in PAGES for tier in TIERS]


@cache
def parsed(date: str) -> dict[str, list[dict[str, Any]]]:
    page = parse_page(snapshot_path(PAGES[date]).read_bytes(), source=PAGES[date])
    assert page.warnings == ()
    return {tier: [row.as_dict() for row in rows] for tier, rows in page.boards.items()}


def golden(tier: str, date: str) -> list[dict[str, Any]]:
    return json.loads((GOLDEN / golden_file(tier, date)).read_text(encoding="utf-8"))


def test_every_board_is_defined_once_and_each_has_golden_rows() -> None:
    assert TIERS == ("small", "tiny", "medium", "large")
    assert sorted(p.name for p in GOLDEN.glob("*-2026-07-*.json")) == sorted(golden_file(t, d) for t, d in EVERY_BOARD)


@pytest.mark.parametrize("date", list(PAGES))
def test_a_catalogue_page_gives_every_board(date: str) -> None:
    assert {tier: len(rows) for tier, rows in parsed(date).items()} == SIZES[date]
    assert tuple(parsed(date)) == TIERS


@pytest.mark.parametrize(("tier", "date"), EVERY_BOARD)
def test_the_parser_gives_the_golden_rows_field_for_field(tier: str, date: str) -> None:
    got = parsed(date)[tier]
    want = golden(tier, date)
    assert [r["model"] for r in got] == [w["model"] for w in want]
    for row, expected in zip(got, want, strict=True):
        for field in expected:
            assert row[field] == expected[field], f"{tier} {date} {expected['model']!r} {field}: {row[field]!r} != {expected[field]!r}"
        assert set(row) - set(expected) == set(LEFT_OUT)


def _given(value: Any) -> Any:
    """The site prints '-' where a record has 0 or nothing: no value, never a zero."""
    return None if value in (0, None) else value


@pytest.mark.parametrize(("tier", "date"), EVERY_BOARD)
def test_the_golden_rows_say_what_the_pages_records_say(tier: str, date: str) -> None:
    records = board_records(snapshot_path(PAGES[date]), tier)
    rows = golden(tier, date)
    assert sorted(r["record_id"] for r in rows) == sorted(records), "the board's members are the page's"
    for row in rows:
        (record,) = records[row["record_id"]]
        where = f"{tier} {date} {row['model']!r}"
        assert row["model"] == record["name"].strip(), where
        assert row["slug"] == record.get("slug"), where
        assert row["tier"] == record["sizeClass"] == tier, where
        # The Weights column: a link, or "Not available" for open weights not yet published.
        assert row["open_weights"] is ("modelWeightsSourceUrl" not in record or bool(record["modelWeightsSourceUrl"])), where
        assert row["intelligence_index"] == record.get("intelligenceIndex"), where
        assert row["intelligence_is_estimate"] == record.get("intelligenceIndexIsEstimated"), where
        assert row["total_params_b"] == record.get("parameters"), where
        active = record.get("inferenceParametersActiveBillions")
        assert row["is_moe"] is (active is not None), where
        assert row["active_params_b"] == (active if active is not None else record.get("parameters")), where
        assert row["context_window_tokens"] == record.get("contextWindowTokens"), where
        assert row["blended_price_usd_per_1m"] == _given(record.get("price1mBlended0To3To1")), where
        assert row["input_price_usd_per_1m"] == _given(record.get("price1mInputTokens")), where
        assert row["output_price_usd_per_1m"] == _given(record.get("price1mOutputTokens")), where
        assert row["output_tokens_per_s"] == _given((record.get("timescaleData") or {}).get("medianOutputSpeed")), where
        assert row["provider_count"] == record.get("hostModelCount"), where
        assert row["weights_url"] == record.get("modelWeightsSourceUrl"), where
        assert row["release_date"] == record.get("releaseDate"), where
        assert row["license_name"] == record.get("licenseName"), where
        for key, score in row["evaluations"].items():
            breakdown = (record.get("omniscienceBreakdown") or {})
            given = record[key] if key in record else breakdown[key.removeprefix("omniscience")[0].lower() + key.removeprefix("omniscience")[1:]]
            assert score == given, f"{where} {key}"


@pytest.mark.parametrize(("tier", "date"), EVERY_BOARD)
def test_each_board_keeps_its_own_size_class(tier: str, date: str) -> None:
    """The size-class check takes each board's bounds from its definition; every real board keeps them."""
    board = next(b for b in BOARDS if b.name == tier)
    rows = golden(tier, date)
    values = BoardValues(1, tier, None, None, {r["model_key"]: r for r in rows})
    assert own_breaches(values) == []
    low, high = board.min_total_params_b or 0.0, board.max_total_params_b or float("inf")
    sizes = [r["total_params_b"] for r in rows if r["total_params_b"] is not None]
    assert sum(low <= size <= high for size in sizes) >= 0.9 * len(sizes)


@pytest.mark.parametrize("board", BOARDS, ids=TIERS)
def test_a_board_page_is_told_apart_by_its_band_title_or_address(board: Any) -> None:
    from fixtures.build_fixtures import site_title
    from parsers.page import tiers_named_in

    assert tiers_named_in(site_title(board.name)) == [board.name]
    assert tiers_named_in(site_title(board.name).replace(">", "&gt;")) == [board.name]
    assert tiers_named_in(board.url) == [board.name]
    assert tiers_named_in(f"{board.name.capitalize()} open source AI models") == [board.name]
    others = [b for b in BOARDS if b is not board]
    assert all(tiers_named_in(site_title(b.name)) != [board.name] for b in others)
