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


def _board_and_story(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Any, ...]:
    with duckdb.connect(str(db), read_only=True) as con:
        latest = con.execute("SELECT * EXCLUDE (snapshot_id) FROM leaderboard_latest ORDER BY tier, rank").fetchall()
    told, changes = _story(db, capsys)
    feeds = {tier: (db.parent / "published" / "feeds" / f"{tier}.atom").read_text(encoding="utf-8") for tier in ("small", "tiny")}
    # A feed names the time it was written: compare its entries.
    entries = {tier: [line for line in text.splitlines() if "<updated>" not in line] for tier, text in feeds.items()}
    return latest, told, changes, entries


def test_a_misdated_page_retracted_leaves_the_history_as_if_never_loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The text renderings dated by their mtime (today) land after the real July pages and become
    the latest boards; retracted, everything is as in a database that never loaded them."""
    never = tmp_path / "never" / "lb.duckdb"
    misdated = tmp_path / "misdated" / "lb.duckdb"
    for db in (never, misdated):
        for night in ("2026-07-18", "2026-07-31"):
            _load(db, night, capsys)
    texts = [str(snapshot_path(f"aa-open-source-{tier}.txt")) for tier in ("small", "tiny")]
    assert main(["ingest", *texts, "--db", str(misdated)]) == 0  # dated by mtime: a mistake
    with duckdb.connect(str(misdated), read_only=True) as con:
        wrong = [sid for (sid,) in con.execute("SELECT snapshot_id FROM snapshots WHERE capture_time_source = 'mtime'").fetchall()]
        # The two text renderings (v4.0) now lead the small and tiny boards; medium and large keep 07-31.
        assert con.execute("SELECT DISTINCT index_version FROM leaderboard_latest WHERE tier IN ('small', 'tiny')").fetchall() == [("4.0",)]
    capsys.readouterr()
    assert main(["retract", "99", "--why", "no such", "--db", str(misdated)]) == 1
    assert "there is no snapshot 99" in capsys.readouterr().err
    assert main(["retract", str(wrong[0]), "--db", str(misdated)]) == 2  # a reason is required
    for sid in wrong:
        assert main(["retract", str(sid), "--why", "dated by its mtime: copied today, captured before July", "--db",
                     str(misdated)]) == 0
    assert _board_and_story(misdated, capsys) == _board_and_story(never, capsys)
    capsys.readouterr()
    assert main(["verify", "--db", str(misdated)]) == 0
    assert f"note: snapshot {wrong[0]} is retracted" in capsys.readouterr().out
    assert main(["status", "--db", str(misdated), "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert sorted(r["snapshot_id"] for r in status["retracted_snapshots"]) == sorted(wrong)
    assert all(r["reason"].startswith("dated by its mtime") for r in status["retracted_snapshots"])
    # Undone, the snapshot is back as it was; the page never left the archive.
    assert main(["retract", "--undo", str(wrong[0]), "--db", str(misdated)]) == 0
    with duckdb.connect(str(misdated), read_only=True) as con:
        assert con.execute("SELECT DISTINCT index_version FROM leaderboard_latest WHERE tier = 'small'").fetchall() == [("4.0",)]


def test_a_misdated_page_comes_back_at_its_right_capture_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lb.duckdb"
    _load(db, "2026-07-18", capsys)
    small = str(snapshot_path("aa-open-source-small.txt"))
    assert main(["ingest", small, "--db", str(db)]) == 0  # dated by its mtime: after 07-18, wrongly
    with duckdb.connect(str(db), read_only=True) as con:
        (sid,) = con.execute("SELECT snapshot_id FROM snapshots WHERE capture_time_source = 'mtime'").fetchall()[0]
    assert main(["retract", str(sid), "--why", "misdated", "--db", str(db)]) == 0
    assert main(["retract", "--undo", str(sid), "--captured-at", "2026-07-01T00:00:00Z", "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT capture_time_source, captured_at::DATE::VARCHAR FROM snapshots WHERE snapshot_id = ?",
                           [sid]).fetchall() == [("corrected", "2026-07-01")]
        assert con.execute("SELECT DISTINCT index_version FROM leaderboard_latest WHERE tier = 'small'").fetchall() == [("4.1",)]
        assert con.execute("SELECT count(*) FROM board_snapshots WHERE tier = 'small'").fetchall() == [(2,)]


def test_a_capture_loaded_late_is_told_once_as_history_corrected(tmp_path: Path) -> None:
    """A receiver is told the nights as news; an earlier capture loaded after them is history
    corrected, counted in one line, and nothing it was told before is told again."""
    from tests.receivers import HookServer

    db = tmp_path / "lb.duckdb"
    server = HookServer().start()
    url = f"json://127.0.0.1:{server.port}/hook"
    try:
        for night in ("2026-07-18", "2026-07-31"):
            assert main(["ingest", str(snapshot_path(f"aa-model-page-{night}.html.gz")), "--db", str(db), "--notify", url]) == 0
        news = len(server.posts)
        assert main(["ingest", str(snapshot_path("aa-open-source-small.txt")), "--captured-at", "2026-07-01T00:00:00Z",
                     "--db", str(db), "--notify", url]) == 0
    finally:
        server.stop()
    assert len(server.posts) == news + 1
    body = server.posts[-1]["json"]["message"]
    assert "small board: history up to 2026-07-18 corrected by captures loaded late" in body
    assert "entered:" not in body and "left:" not in body, body
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events WHERE backfill AND withdrawn_at IS NULL").fetchall()[0][0] > 0
        assert con.execute("SELECT count(*) FROM events WHERE NOT backfill AND withdrawn_at IS NULL "
                           "AND captured_at < '2026-07-18'").fetchall() == [(0,)]
