"""What a monitor asks: `health` (an exit status and one line per problem) and `status`'s last
runs, through the installed command on real DuckDB files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from pipeline.outputs.health import health_problems
from tests.cli_runner import SAFE_ENV, run_cli
from tests.conftest import FIXTURES

NOW = dt.datetime(2026, 8, 2, 12, 0, tzinfo=dt.UTC)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=SAFE_ENV)


def stamp(age: dt.timedelta) -> str:
    return (dt.datetime.now(dt.UTC) - age).isoformat(timespec="seconds")


def test_health_is_1_on_a_board_two_days_old_and_0_on_one_captured_now(tmp_path: Path) -> None:
    db = str(tmp_path / "lb.duckdb")
    assert run("ingest", str(FIXTURES / "small-board-table.html"), "--db", db, "--captured-at", stamp(dt.timedelta(days=2))).returncode == 0
    old = run("health", "--db", db)
    assert old.returncode == 1
    assert old.stdout.startswith("problem: small board: newest night captured ") and "48 h ago (older than 36 h)" in old.stdout
    assert run("health", "--db", db, "--max-age", "3d").returncode == 0
    assert run("ingest", str(FIXTURES / "small-board-full.html"), "--db", db, "--captured-at", stamp(dt.timedelta())).returncode == 0
    now = run("health", "--db", db)
    assert now.returncode == 0 and now.stdout.startswith("ok: 1 board(s)"), now.stdout
    missing = run("health", "--db", db, "--tier", "small", "--tier", "tiny")
    assert missing.returncode == 1 and missing.stdout == "problem: tiny board: never loaded\n"
    assert run("health", "--db", str(tmp_path / "none.duckdb")).returncode == 1


def test_a_failed_run_shows_in_status_and_health_until_a_run_succeeds(tmp_path: Path) -> None:
    db = str(tmp_path / "lb.duckdb")
    bad = tmp_path / "small-broken.html"
    bad.write_text("<html><body>not a board</body></html>", encoding="utf-8")
    earlier = stamp(dt.timedelta(minutes=5))
    assert run("ingest", str(FIXTURES / "small-board-table.html"), str(bad), "--db", db, "--captured-at", earlier).returncode == 1
    status = json.loads(run("status", "--db", db, "--format", "json").stdout)
    (last,) = status["last_runs"]
    assert (last["job"], last["outcome"], last["pages"], last["loaded"], last["failed"]) == ("ingest", "failed", 2, 1, 1)
    assert status["last_failed_run"]["detail"].startswith(f"{bad}: ")
    health = run("health", "--db", db)
    assert health.returncode == 1 and "problem: last run (ingest at " in health.stdout and str(bad) in health.stdout
    assert "LAST FAILURE: ingest at " in run("status", "--db", db).stdout

    assert run("ingest", str(FIXTURES / "small-board-full.html"), "--db", db, "--captured-at", stamp(dt.timedelta())).returncode == 0
    assert run("health", "--db", db).returncode == 0
    status = json.loads(run("status", "--db", db, "--format", "json").stdout)
    assert status["last_runs"][0]["outcome"] == "ok" and status["last_failed_run"]["detail"].startswith(f"{bad}: ")


def _report(**given: object) -> dict[str, object]:
    report: dict[str, object] = {"database_exists": True, "database": "lb.duckdb", "boards": [], "last_runs": [],
                                 "held_boards": []}
    report.update(given)
    return report


def _board(tier: str, hours: float) -> dict[str, object]:
    return {"tier": tier, "latest_captured_at": NOW - dt.timedelta(hours=hours)}


@pytest.mark.parametrize(("report", "tiers", "expected"), [
    (_report(boards=[_board("small", 2), _board("tiny", 35)]), None, []),
    (_report(boards=[_board("small", 2), _board("tiny", 37)]), None,
     ["tiny board: newest night captured 2026-07-31 23:00 UTC, 37 h ago (older than 36 h)"]),
    (_report(boards=[_board("small", 2)]), ["small", "large"], ["large board: never loaded"]),
    (_report(), None, ["no board loaded yet"]),
    (_report(database_exists=False), None, ["no database at lb.duckdb"]),
    (_report(boards=[_board("small", 1)], last_runs=[{"job": "refresh", "outcome": "failed", "finished_at": NOW,
                                                      "detail": "https://x/small: HTTP 503"}]), None,
     ["last run (refresh at 2026-08-02 12:00 UTC) failed: https://x/small: HTTP 503"]),
    (_report(boards=[_board("small", 1)], held_boards=[{"tier": "small", "snapshot_id": 7, "reason": "30 models"}]), None,
     ["small board of snapshot 7 held: 30 models"]),
], ids=["fresh", "one stale", "one missing", "empty", "no database", "last run failed", "held"])
def test_health_rules(report: dict[str, object], tiers: list[str] | None, expected: list[str]) -> None:
    assert health_problems(report, now=NOW, max_age=dt.timedelta(hours=36), tiers=tiers) == expected
