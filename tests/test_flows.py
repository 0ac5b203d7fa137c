"""Flows orchestrated under Prefect's test harness, and the fast path against them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import parsers
from pipeline import Settings, reparse_archive
from pipeline.cli import main
from tests.board_server import BoardServer, serving
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[BoardServer]:
    yield from serving()


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_refresh_flow_completes_and_publishes_an_artifact(prefect_harness, server: BoardServer, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client

    from pipeline.runs.flows import refresh_flow

    db = tmp_path / "lb.duckdb"
    state = refresh_flow(urls=[server.base + "/small", server.base + "/tiny"], db=str(db), return_state=True)
    assert state.is_completed(), state
    assert rows(db, "SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier ORDER BY tier") == [("small", 59), ("tiny", 26)]

    async def artifacts() -> list:
        async with get_client() as client:
            return await client.read_artifacts()

    import asyncio

    found = [a for a in asyncio.run(artifacts()) if a.key == "refresh"]
    markdown = found[0].data
    assert markdown.count("| loaded |") == 2
    assert "## Entered and left\n\n- nobody" in markdown, "a board's first snapshot has nothing to compare with"


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_a_failing_source_makes_the_flow_failed_after_the_others_load(prefect_harness, server: BoardServer, tmp_path: Path) -> None:
    from pipeline.runs.flows import refresh_flow

    db = tmp_path / "lb.duckdb"
    state = refresh_flow(urls=[server.base + "/missing", server.base + "/tiny"], db=str(db), return_state=True)
    assert state.is_failed(), state
    assert "1 of 2 page(s) failed" in str(state.result(raise_on_failure=False))
    assert rows(db, "SELECT count(*) FROM leaderboard_latest") == [(26,)]


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_fast_path_and_orchestrated_ingest_give_the_same_warehouse(prefect_harness, tmp_path: Path) -> None:
    from pipeline.runs.flows import ingest_flow

    pages = [str(FIXTURES / "small-board-full.html"), str(FIXTURES / "tiny-board-table.html")]
    fast, orchestrated = tmp_path / "fast" / "lb.duckdb", tmp_path / "flow" / "lb.duckdb"
    assert main(["ingest", *pages, "--db", str(fast), "--captured-at", "2026-08-01T03:00:00Z"]) == 0
    state = ingest_flow(paths=pages, db=str(orchestrated), captured_at="2026-08-01T03:00:00Z", return_state=True)
    assert state.is_completed(), state
    for sql in ("SELECT * FROM leaderboard_history ORDER BY ALL",
                "SELECT * EXCLUDE (ingested_at, archive_path) FROM snapshots ORDER BY ALL",
                "SELECT * FROM evaluation_scores ORDER BY ALL",
                "SELECT snapshot_id, content_sha256, source, parser_version, status, boards, rows_loaded, warnings FROM parse_runs ORDER BY ALL"):
        assert rows(fast, sql) == rows(orchestrated, sql), sql


def test_reparse_after_a_version_bump_adds_a_version_and_the_views_switch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    db = tmp_path / "lb.duckdb"
    pages = [str(FIXTURES / "small-board-full.html"), str(FIXTURES / "tiny-board-payload.html")]
    assert main(["ingest", *pages, "--db", str(db)]) == 0
    assert main(["reparse", "--db", str(db)]) == 0
    assert "nothing to re-parse" in capsys.readouterr().out
    current = parsers.PARSER_VERSION
    major, minor, patch = (int(x) for x in current.split("."))
    bumped = f"{major}.{minor}.{patch + 1}"
    monkeypatch.setattr(parsers, "PARSER_VERSION", bumped)
    settings = Settings(db_path=db, archive_dir=db.parent / "archive")
    outcomes = reparse_archive(settings, workers=2)
    assert sorted(o.status for o in outcomes) == ["loaded", "loaded"]
    assert rows(db, "SELECT snapshot_id, list(parser_version ORDER BY parser_version) FROM boards GROUP BY 1 ORDER BY 1") == [
        (1, [current, bumped]), (2, [current, bumped])]
    assert rows(db, "SELECT DISTINCT parser_version FROM leaderboard_history") == [(bumped,)]
    assert rows(db, "SELECT count(*) FROM observations") == [((59 + 26) * 2,)]
    assert reparse_archive(settings) == []
    assert main(["reparse", "--db", str(db)]) == 0
    assert "nothing to re-parse" in capsys.readouterr().out


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_cli_prefect_flag_runs_the_flows(prefect_harness, server: BoardServer, tmp_path: Path, capfd) -> None:
    db = tmp_path / "lb.duckdb"
    assert main(["refresh", "--prefect", "--db", str(db), "--url", server.base + "/small", "--read-timeout", "5"]) == 0
    assert "1 loaded" in capfd.readouterr().out
    assert main(["ingest", "--prefect", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 0
    assert rows(db, "SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier ORDER BY tier") == [("small", 59), ("tiny", 26)]
    capfd.readouterr()
    # A page that fails: the same page lines and one-line errors as without --prefect, and no
    # traceback (issue 27, item 18); Prefect's own log lines may come beside them.
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><body><p>nothing here</p></body></html>", encoding="utf-8")
    assert main(["ingest", "--prefect", str(broken), str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 1
    out, err = capfd.readouterr()
    assert f"FAILED     {broken}\n" in out
    assert "unchanged" in out and "2 page(s): 0 loaded, 1 unchanged, 1 failed" in out, out
    assert f"error: {broken}: no board table and no model payload found" in err
    assert "Traceback" not in err and "flow ingest failed" not in err, err
    assert main(["refresh", "--prefect", "--db", str(db), "--url", server.base + "/missing"]) == 1
    out, err = capfd.readouterr()
    assert f"FAILED     {server.base}/missing\n" in out and "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        line for line in err.splitlines() if line.startswith("error:") and "/missing: HTTP 404" in line] != []


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_a_flow_runs_the_jobs_steps_as_its_tasks(prefect_harness, tmp_path: Path) -> None:
    """The flows are the jobs of pipeline.runs.jobs with a Prefect step runner: each page's
    capture and processing is a task run of the flow run, named for its step."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from pipeline.runs.flows import ingest_flow

    pages = [str(FIXTURES / "small-board-table.html"), str(FIXTURES / "tiny-board-table.html")]
    state = ingest_flow(paths=pages, db=str(tmp_path / "lb.duckdb"), captured_at="2026-08-01T03:00:00Z", return_state=True)
    assert state.is_completed(), state

    async def task_names() -> list[str]:
        async with get_client() as client:
            runs = await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
            return sorted(run.name.rsplit("-", 1)[0] for run in runs)  # a task run is named "<task>-<suffix>"

    assert asyncio.run(task_names()) == ["capture-file", "capture-file", "process-page", "process-page"]
