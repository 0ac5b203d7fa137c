"""Normalisers: table-driven cases from the real boards, plus properties over all inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.normalise import (
    Params,
    model_key,
    parse_context_window,
    parse_number,
    parse_params,
    parse_price,
    parse_providers_more,
    round_significant,
    split_variant,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.2B (3B active at inference time)", Params(31.2, 3.0, True)),
        ("31.2B3B active at inference time", Params(31.2, 3.0, True)),
        ("8.39B (4B active at inference time)", Params(8.39, 4.0, True)),
        ("16.3B (1.4B active at inference time)", Params(16.3, 1.4, True)),
        ("0.752B", Params(0.752, None, None)),
        ("350M", Params(0.35, None, None)),
        ("36B", Params(36.0, None, None)),  # a total alone: Qwen3.5 35B A3B is MoE,
        ("1.2T", Params(1200.0, None, None)),
        ("-", Params(None, None, None)),
        ("?", Params(None, None, None)),
        ("", Params(None, None, None)),
        (None, Params(None, None, None)),
    ],
)
def test_parse_params(text: str | None, expected: Params) -> None:
    assert parse_params(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("262k", 262_000), ("32.8k", 32_800), ("1.00M", 1_000_000), ("4.10k", 4_100), ("8.19k", 8_190),
     ("65.5k", 65_500), ("16.0k", 16_000), ("128k", 128_000), ("4096", 4_096), ("-", None), ("?", None), ("", None)],
)
def test_parse_context_window(text: str, expected: int | None) -> None:
    assert parse_context_window(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("$0.8", 0.8), ("$0.0", 0.0), ("$2.6", 2.6), ("$1,250.5", 1250.5), ("$1,234.5", 1234.5), ("-", None), ("--", None), ("?", None), ("", None)],
)
def test_parse_price(text: str, expected: float | None) -> None:
    assert parse_price(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42.0), ("305", 305.0), ("1,204", 1204.0), ("1,234,567.5", 1234567.5), ("20*", 20.0), ("-", None), ("?", None)],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "12 apples", "$", "B", "1.2.3.x", "31.2B (lots active)",
                                  # a comma that is not a thousands separator is a decimal comma or a garble
                                  "4,2", "27,8", "1,00", "1,2345", "12,34,567"])
def test_unreadable_values_raise_value_error(text: str) -> None:
    for parse in (parse_params, parse_context_window, parse_price, parse_number):
        with pytest.raises(ValueError, match="unreadable"):
            parse(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("+7 more", 7), ("+ 12 more", 12), ("7 more", None), ("-", None), (None, None)]
)
def test_parse_providers_more(text: str | None, expected: int | None) -> None:
    assert parse_providers_more(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GLM-4.7-Flash (Reasoning)", ("GLM-4.7-Flash", "Reasoning")),
        ("gpt-oss-20B (high)", ("gpt-oss-20B", "high")),
        ("Llama 3.2 Instruct 11B (Vision)", ("Llama 3.2 Instruct 11B", "Vision")),
        ("HyperCLOVA X SEED Think (32B)", ("HyperCLOVA X SEED Think (32B)", None)),
        ("Qwen3 VL 32B Instruct", ("Qwen3 VL 32B Instruct", None)),
    ],
)
def test_split_variant(name: str, expected: tuple[str, str | None]) -> None:
    assert split_variant(name) == expected


def test_model_key_is_the_same_across_the_sites_spellings() -> None:
    assert model_key("gpt-oss-20B (high)") == model_key("gpt-oss-20b (high)") == "gpt-oss-20b-high"
    assert model_key("Mi:dm K 2.5 Pro") == "mi-dm-k-2-5-pro"
    with pytest.raises(ValueError):
        model_key("()")


MISSING = st.sampled_from(["-", "--", "?", "", "  ", "\u2014"])


@given(MISSING)
def test_missing_markers_are_none_never_zero(marker: str) -> None:
    assert parse_price(marker) is None
    assert parse_context_window(marker) is None
    assert parse_number(marker) is None
    assert parse_params(marker) == Params(None, None, None)


@given(st.decimals(min_value="0.001", max_value="1999", places=3, allow_nan=False, allow_infinity=False))
def test_a_lone_figure_is_a_total_and_says_nothing_of_active_or_moe(total) -> None:
    parsed = parse_params(f"{total}B")
    assert parsed.total_b == pytest.approx(float(total))
    assert parsed.active_b is None and parsed.is_moe is None


@given(
    st.decimals(min_value="0.1", max_value="1999", places=1),
    st.decimals(min_value="0.1", max_value="1999", places=1),
)
def test_moe_params_both_renderings_agree(total, active) -> None:
    spaced = parse_params(f"{total}B ({active}B active at inference time)")
    run_together = parse_params(f"{total}B{active}B active at inference time")
    assert spaced == run_together
    assert spaced.is_moe is True and spaced.active_b == pytest.approx(float(active))


@given(st.integers(min_value=1_000, max_value=10_000_000))
def test_displayed_context_window_is_within_display_rounding(tokens: int) -> None:
    shown = round_significant(tokens)
    text = f"{shown / 1_000_000:.2f}M" if shown >= 1_000_000 else f"{shown / 1000:g}k"
    assert abs(parse_context_window(text) - tokens) <= 0.005 * tokens + 1


@given(st.text(max_size=40))
def test_normalisers_return_or_raise_value_error_only(text: str) -> None:
    for parse in (parse_params, parse_context_window, parse_price, parse_number, parse_providers_more):
        try:
            parse(text)
        except ValueError:
            pass


@given(st.decimals(min_value="0", max_value="100000", places=2))
def test_price_round_trip(price) -> None:
    assert parse_price(f"${price}") == pytest.approx(float(price))


@pytest.mark.parametrize("text", ["27,8B", "4,2B", "27,8B (3,1B active at inference time)", "1,2M"])
def test_a_decimal_comma_in_a_parameter_count_is_unreadable_never_278(text: str) -> None:
    with pytest.raises(ValueError, match="unreadable"):
        parse_params(text)


@given(st.integers(min_value=1_000, max_value=10**12))
def test_grouped_thousands_read_as_the_number(number: int) -> None:
    assert parse_number(f"{number:,}") == float(number)
    assert parse_price(f"${number:,}.5") == pytest.approx(number + 0.5)
