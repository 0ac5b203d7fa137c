"""Golden tests on the real snapshots: every field of every row, not a sample."""

from __future__ import annotations

import json

import pytest

from parsers import parse_page
from parsers.payload.flight import model_records, payload_text
from tests.conftest import GOLDEN


@pytest.mark.parametrize(("tier", "rows", "fixture"), [("small", 59, "small_text_bytes"), ("tiny", 26, "tiny_text_bytes")])
def test_text_snapshot_matches_golden_in_every_field(tier: str, rows: int, fixture: str, request: pytest.FixtureRequest) -> None:
    page = parse_page(request.getfixturevalue(fixture), source=f"aa-open-source-{tier}.txt")
    golden = json.loads((GOLDEN / f"{tier}-text.json").read_text(encoding="utf-8"))
    assert page.tiers == (tier,)
    assert len(page.rows) == rows == len(golden)
    for got, want in zip(page.rows, golden):
        assert got.as_dict() == want, f"rank {want['rank']} {want['model']}"
    assert [r.rank for r in page.rows] == list(range(1, rows + 1))


# Characters str.splitlines would break a line at; inside a name they are white space, not line ends.
LINE_BREAKERS = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1e"]


@pytest.mark.parametrize("breaker", LINE_BREAKERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(("tier", "fixture", "name"), [("small", "small_text_bytes", "Qwen3.5 27B (Reasoning)"),
                                                      ("tiny", "tiny_text_bytes", "Granite 4.0 Micro")])
def test_a_text_rendering_breaks_lines_only_at_line_ends(tier: str, fixture: str, name: str, breaker: str,
                                                         request: pytest.FixtureRequest) -> None:
    text = request.getfixturevalue(fixture).decode("utf-8")
    first, rest = name.split(" ", 1)
    odd = parse_page(text.replace(name, f"{first}{breaker}{rest}", 1).encode("utf-8"), source=f"{tier}.txt")
    plain = parse_page(text.encode("utf-8"), source=f"{tier}.txt")
    assert [r.as_dict() for r in odd.rows] == [r.as_dict() for r in plain.rows], "the name reads as if it had a space"


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_a_text_rendering_reads_the_same_with_any_line_end(line_end: str, tiny_text_bytes: bytes) -> None:
    text = tiny_text_bytes.decode("utf-8")
    plain = parse_page(tiny_text_bytes, source="tiny.txt")
    assert parse_page(text.replace("\n", line_end).encode("utf-8"), source="tiny.txt").rows == plain.rows


def test_small_text_splits_every_creator_with_the_registry(small_text_bytes: bytes) -> None:
    page = parse_page(small_text_bytes, source="small.txt")
    assert all(row.creator for row in page.rows)
    assert page.warnings == ()
    assert {r.model: r.creator for r in page.rows}["Mi:dm K 2.5 Pro"] == "Korea Telecom"
    assert {r.model: r.creator for r in page.rows}["Phi-4"] == "Microsoft Azure"


def test_real_page_parses_into_every_board(real_page_bytes: bytes) -> None:
    page = parse_page(real_page_bytes, source="aa-model-page-2026-07-31.html.gz")
    assert page.tiers == ("small", "tiny", "medium", "large")
    assert {tier: len(rows) for tier, rows in page.boards.items()} == {"small": 67, "tiny": 27, "medium": 35, "large": 44}
    assert "payload" in page.strategies


def test_real_page_qwen36_35b_reasoning_values(real_page_bytes: bytes) -> None:
    page = parse_page(real_page_bytes)
    row = {r.model: r for r in page.boards["small"]}["Qwen3.6 35B A3B (Reasoning)"]
    assert row.rank == 2
    assert row.total_params_b == 36 and row.active_params_b == 3 and row.is_moe is True
    assert row.context_window_tokens == 262144
    assert row.blended_price_usd_per_1m == pytest.approx(0.55725)
    assert row.output_tokens_per_s == pytest.approx(140.8, abs=0.05)
    assert row.intelligence_index == pytest.approx(31.65, abs=0.005)
    assert row.intelligence_is_estimate is False
    assert row.creator == "Alibaba" and row.variant == "Reasoning"
    assert row.open_weights is True and row.weights_url == "https://huggingface.co/Qwen/Qwen3.6-35B-A3B"
    assert row.evaluations["gpqa"] == pytest.approx(0.841414141414142)
    assert row.evaluations["hle"] == pytest.approx(0.201575532900834)
    assert {"scicode", "lcr", "ifbench", "critpt", "tau2", "terminalbenchHard", "gdpval", "omniscience", "mmmuPro"} <= set(row.evaluations)
    assert row.value_source == "payload"


def test_real_page_board_is_open_non_deprecated_of_the_tier_in_score_order(real_page_bytes: bytes) -> None:
    import gzip

    page = parse_page(real_page_bytes)
    records = model_records(payload_text(gzip.decompress(real_page_bytes).decode("utf-8"), None) or "", None)
    for tier, rows in page.boards.items():
        expected = {r["slug"] for r in records.values() if r.get("sizeClass") == tier and r.get("isOpenWeights") and not r.get("deprecated")}
        assert {row.slug for row in rows} == expected
        scores = [row.intelligence_index for row in rows]
        scored = [s for s in scores if s is not None]
        assert scored == sorted(scored, reverse=True)
        assert scores[: len(scored)] == scored, "unscored models come last"


def test_real_page_prices_of_zero_are_null(real_page_bytes: bytes) -> None:
    page = parse_page(real_page_bytes)
    apriel = {r.model: r for r in page.boards["small"]}["Apriel-v1.6-15B-Thinker"]
    assert apriel.blended_price_usd_per_1m is None  # 0 in the payload, "-" on the site
    assert all(r.blended_price_usd_per_1m is None or r.blended_price_usd_per_1m > 0 for r in page.rows)


def test_text_and_html_give_the_same_key_for_the_same_model(small_text_bytes: bytes, real_page_bytes: bytes) -> None:
    text_keys = {r.model_key for r in parse_page(small_text_bytes).rows}
    html_keys = {r.model_key for r in parse_page(real_page_bytes).rows}
    # "gpt-oss-20B (high)" in the text is "gpt-oss-20b (high)" in the payload.
    assert {"gpt-oss-20b-high", "devstral-small-2", "magistral-small-1-2"} <= text_keys & html_keys
