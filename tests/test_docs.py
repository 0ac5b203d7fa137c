"""The documents stay true: every test RELIABILITY.md names exists, and its totals add up."""

from __future__ import annotations

import re

from tests.conftest import ROOT

TEXT = (ROOT / "RELIABILITY.md").read_text(encoding="utf-8")


def test_every_test_named_in_reliability_md_exists() -> None:
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]]*\])?`", TEXT)
    assert len(named) >= 40
    for path, function in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {function}\(", source, re.MULTILINE), f"{path}::{function} is gone"


def test_reliability_totals_count_the_rows() -> None:
    rows = re.findall(r"^\| (\d+) \|", TEXT, re.MULTILINE)
    assert [int(n) for n in rows] == list(range(1, len(rows) + 1))
    total = re.search(r"distinct faults tried \(rows above\) \| (\d+) \|", TEXT)
    assert total and int(total.group(1)) == len(rows) >= 40
    assert re.search(r"crashes .*\| 0 \|", TEXT) and re.search(r"data lost \| 0 \|", TEXT)
