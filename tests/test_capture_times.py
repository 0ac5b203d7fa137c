"""Capture times that cannot be right are refused: they would make one snapshot "latest" for
ever, or make the latest board depend on the order pages were loaded in."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.cli_runner import run_cli
from tests.conftest import FIXTURES



def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def snapshots(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT snapshot_id, content_sha256, epoch(captured_at) FROM snapshots ORDER BY 1").fetchall()


@pytest.mark.parametrize("when", ["2099-01-01", "2022-12-31T23:59:59Z"])
def test_an_implausible_captured_at_option_is_a_usage_error(tmp_path: Path, when: str) -> None:
    db = tmp_path / "lb.duckdb"
    done = run("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db), "--captured-at", when)
    assert done.returncode == 2, done.stderr
    assert "--captured-at" in done.stderr and ("future" in done.stderr or "before 2023-01-01" in done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1 and "unexpected" not in done.stderr
    assert snapshots(db) == []


def test_a_page_whose_mtime_is_in_2099_fails_alone_and_the_others_load(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    future = tmp_path / "small.html"
    shutil.copy(FIXTURES / "small-board-table.html", future)
    os.utime(future, (4070908800, 4070908800))  # 2099-01-01
    done = run("ingest", str(future), str(FIXTURES / "tiny-board-table.html"), "--db", str(db))
    assert done.returncode == 1, done.stderr
    assert f"{future}: capture time 2099-01-01" in done.stdout + done.stderr
    assert "from its mtime" in done.stdout + done.stderr and "unexpected" not in done.stdout + done.stderr
    loaded = snapshots(db)
    assert len(loaded) == 1  # the tiny board, loaded; the page from 2099 is named and skipped


def test_a_second_page_of_one_board_at_the_same_capture_time_is_refused_naming_the_first(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    when = "2026-07-31T01:13:53Z"
    first = run("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db), "--captured-at", when)
    assert first.returncode == 0, first.stderr
    before = snapshots(db)
    second = run("ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db), "--captured-at", when)
    assert second.returncode == 1
    said = second.stdout + second.stderr
    assert "already has snapshot 1 captured at the same instant" in said and "small-board-table.html" in said
    assert snapshots(db) == before
    # The same page again at that time is simply unchanged, and another time is fine.
    assert run("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db), "--captured-at", when).returncode == 0
    assert run("ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db),
               "--captured-at", "2026-07-31T01:13:54Z").returncode == 0
    assert len(snapshots(db)) == 2


def test_two_pages_at_one_instant_in_one_run_load_the_first_only(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    done = run("ingest", str(FIXTURES / "small-board-table.html"), str(FIXTURES / "small-board-full.html"), "--db", str(db),
               "--captured-at", "2026-07-18T01:01:14Z")
    assert done.returncode == 1
    assert len(snapshots(db)) == 1
    assert "small-board-full.html: the small board already has snapshot 1" in done.stdout + done.stderr
