"""Field-for-field comparison of parsed boards with the golden rows of the text snapshots.

The golden rows are what the text renderings say, every field. A page in another form is
expected to say exactly the same, except where its form cannot carry a field (then None) and,
for a board built from the payload alone, the order of models whose shown index ties: the
payload does not say the site's order, so tied models are compared as a set of ranks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from parsers.rows import ModelRow
from tests.conftest import GOLDEN

# The boards with a text rendering in ../shared/snapshots, whose golden rows say what the board
# displays: only these have fixtures in every form (fixtures/build_forms.py). The medium and large
# boards are known from the catalogue pages alone, whose golden rows (tests/golden/*-2026-07-*.json)
# every board has.
DISPLAYED_BOARDS = ("small", "tiny")
IDENTITY = ("tier", "model", "variant", "model_key")
# Provenance, not facts of the page: the form the values were read from, and its record as it was.
NOT_COMPARED = ("value_source", "rank", "evaluations", "source_record")


def golden_rows(tier: str) -> list[dict[str, Any]]:
    return json.loads((GOLDEN / f"{tier}-text.json").read_text(encoding="utf-8"))


def expected_value(want: Mapping[str, Any], field: str, carried: Iterable[str]) -> Any:
    if field in IDENTITY or field in carried:
        return want[field]
    return None


def assert_board_matches(rows: Sequence[ModelRow], tier: str, carried: frozenset[str], *,
                         ties_as_sets: bool = False, not_representable: Mapping[tuple[str, str], Any] | None = None) -> None:
    """Every row, every field. `not_representable` maps (model_key, field) to the value a form
    must give where it cannot express the golden value (a shown "$0.0" in a payload)."""
    golden = golden_rows(tier)
    got = {row.model_key: row for row in rows}
    assert sorted(got) == sorted(w["model_key"] for w in golden), "the board's models differ"
    assert [row.rank for row in rows] == list(range(1, len(rows) + 1))
    for want in golden:
        row = got[want["model_key"]].as_dict()
        for field in want:
            if field in NOT_COMPARED:
                continue
            expected = expected_value(want, field, carried)
            if not_representable and (want["model_key"], field) in not_representable:
                expected = not_representable[(want["model_key"], field)]
            assert row[field] == expected, f"{tier} {want['model']!r} {field}: {row[field]!r} != {expected!r}"
        assert row["evaluations"] == {}, f"{want['model']!r} has evaluation scores no snapshot of this board shows"
        if ties_as_sets:
            tied = [w["rank"] for w in golden if w["intelligence_index"] == want["intelligence_index"]]
            assert min(tied) <= row["rank"] <= max(tied), f"{want['model']!r} rank {row['rank']} outside its tie {tied}"
        else:
            assert row["rank"] == want["rank"], f"{want['model']!r} rank"


def shown_zero_prices(tier: str) -> dict[tuple[str, str], Any]:
    """Prices the board shows as "$0.0": a payload cannot say them (0 there means "-")."""
    return {(w["model_key"], "blended_price_usd_per_1m"): None for w in golden_rows(tier) if w["blended_price_usd_per_1m"] == 0.0}
