"""One story (issue 28): whatever order the nights are loaded in, `changes`, the feeds' events
and leaderboard_changes tell the history as it now stands. An event a later load made untrue is
withdrawn (kept, told no more); a corrected one is recorded once."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.cli.main import main
from tests.conftest import snapshot_path

# The three real nights: the text renderings (dated 2026-07-01 here: SOURCES.md says only
# "before 2026-07-18"), and the two catalogue pages, dated by their file names.
NIGHTS = ("text", "2026-07-18", "2026-07-31")


def _load(db: Path, night: str, capsys: pytest.CaptureFixture[str]) -> None:
    if night == "text":
        argv = ["ingest", str(snapshot_path("aa-open-source-small.txt")), str(snapshot_path("aa-open-source-tiny.txt")),
                "--captured-at", "2026-07-01T00:00:00Z"]
    else:
        argv = ["ingest", str(snapshot_path(f"aa-model-page-{night}.html.gz"))]
    code = main([*argv, "--db", str(db)])
    assert code in (0, 1), capsys.readouterr().err  # 1: the dating warning of an out-of-order load is no failure here


def _story(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[Any], list[Any]]:
    capsys.readouterr()
    assert main(["changes", "--db", str(db), "--format", "json"]) == 0
    # Recording times and sequence numbers (event_seq, and snapshot ids, numbered in load order)
    # are left out; the snapshots are named by their capture times, which every row carries.
    told = sorted(json.dumps({k: v for k, v in e.items() if k not in ("event_seq", "recorded_at", "snapshot_id")},
                             sort_keys=True) for e in json.loads(capsys.readouterr().out))
    with duckdb.connect(str(db), read_only=True) as con:
        changes = sorted(map(repr, con.execute("SELECT * EXCLUDE (snapshot_id, previous_snapshot_id) FROM leaderboard_changes").fetchall()))
        assert con.execute("SELECT count(*) FROM held_boards").fetchall() == [(0,)]
    return told, changes


def test_the_three_real_nights_tell_one_story_in_any_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stories = {}
    for order in itertools.permutations(NIGHTS):
        db = tmp_path / "-".join(order) / "lb.duckdb"
        for night in order:
            _load(db, night, capsys)
        stories[order] = _story(db, capsys)
    in_order = stories[NIGHTS]
    assert in_order[0] and in_order[1]
    for order, story in stories.items():
        assert story[1] == in_order[1], f"leaderboard_changes after loading {order}"
        assert story[0] == in_order[0], f"changes after loading {order}"
