"""Backfill from a web archive, against a real HTTP server on 127.0.0.1 playing the archive
(tests/archive_server.py): the installed command run as a subprocess, its output and the
warehouse read back with DuckDB."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import TIERS, parse_page
from pipeline.errors import FetchError
from pipeline.runs.planning import PLANNED_FIELDS
from pipeline.sources.cdx import parse_cdx
from tests.archive_server import SMALL, TINY, ArchivedCapture, ArchiveServer, run_backfill, serving
from tests.cli_runner import SAFE_ENV, run_cli
from tests.conftest import FIXTURES

UNREADABLE = (b"<!DOCTYPE html><html><head><title>Open Source Models | Artificial Analysis</title></head>"
              b"<body><h1>Small models (4B-40B)</h1><div class='cards'><p>Coming soon</p></div></body></html>")


def _without_last_row(page: bytes) -> bytes:
    """The tiny table page with its last model row taken away (a model leaving; nothing added)."""
    text = page.decode("utf-8")
    last = text.rindex("<tr>")
    return (text[:last] + text[text.index("</tr>", last) + len("</tr>"):]).encode("utf-8")


def captures() -> list[ArchivedCapture]:
    small_table = (FIXTURES / "small-board-table.html").read_bytes()
    tiny_table = (FIXTURES / "tiny-board-table.html").read_bytes()
    return [
        ArchivedCapture(SMALL, "20250301000000", small_table),
        ArchivedCapture(SMALL, "20250315000000", small_table),  # identical content: collapsed
        ArchivedCapture(SMALL, "20250401000000", (FIXTURES / "forms" / "small-grouped-header.html").read_bytes()),
        ArchivedCapture(SMALL, "20250501000000", UNREADABLE),
        ArchivedCapture(SMALL, "20250601000000", (FIXTURES / "small-board-full.html").read_bytes(), failures=[(503, {})]),
        ArchivedCapture(SMALL, "20250615000000", b"gone", status=404),  # not a 200 capture: never listed
        ArchivedCapture(TINY, "20250310000000", tiny_table),
        ArchivedCapture(TINY, "20250410000000", (FIXTURES / "forms" / "tiny-aria-grid.html").read_bytes(),
                        failures=[(429, {"Retry-After": "1"})]),
        ArchivedCapture(TINY, "20250510000000", _without_last_row(tiny_table)),
    ]


@pytest.fixture
def archive() -> Iterator[ArchiveServer]:
    yield from serving(captures())


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def as_of(db: Path, tier: str, when: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute("SELECT * FROM leaderboard_as_of(?::TIMESTAMPTZ) WHERE tier = ? ORDER BY rank", [when, tier])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def assert_board_is_page(board: list[dict[str, Any]], page: bytes) -> None:
    """Every field the page gives, as leaderboard_as_of gives it back."""
    rows = parse_page(page).rows
    assert len(board) == len(rows)
    for got, want in zip(board, rows):
        for field, value in want.as_dict().items():
            if field in ("evaluations", "value_source"):
                continue
            loaded = got[field]
            if isinstance(value, list):
                loaded = list(loaded) if loaded is not None else None
            assert loaded == value, f"{want.model} {field}: {loaded!r} != {value!r}"


def test_backfill_loads_the_history_names_the_unreadable_capture_and_a_rerun_fetches_nothing(archive: ArchiveServer,
                                                                                          tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    done = run_backfill(archive, db)
    assert done.returncode == 1, done.stdout + done.stderr
    # The unreadable capture is named with its time; every other capture loaded.
    failed = [line for line in done.stdout.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "20250501000000" in failed[0] and "not an Artificial Analysis board page" in failed[0]
    assert "7 capture(s) found: 7 to fetch" in done.stdout and "6 loaded, 0 unchanged, 1 failed" in done.stdout

    # Paged index: 5 captures of the small board in pages of 2 (3 queries, 404 dropped by the filter), 3 of the tiny in 2.
    assert len(archive.cdx_queries) == 5
    assert sum(1 for q in archive.cdx_queries if "resumeKey" in q) == 3
    # Every capture once, the 503 and the 429 retried once each; the identical capture never fetched.
    assert sorted(archive.replays) == sorted([
        f"20250301000000id_/{SMALL}", f"20250401000000id_/{SMALL}", f"20250501000000id_/{SMALL}",
        f"20250601000000id_/{SMALL}", f"20250601000000id_/{SMALL}",
        f"20250310000000id_/{TINY}", f"20250410000000id_/{TINY}", f"20250410000000id_/{TINY}", f"20250510000000id_/{TINY}"])

    snapshots = query(db, "SELECT captured_at, capture_time_source FROM snapshots ORDER BY captured_at")
    assert [c.strftime("%Y%m%d%H%M%S") for c, _ in snapshots] == [
        "20250301000000", "20250310000000", "20250401000000", "20250410000000", "20250510000000", "20250601000000"]
    assert {how for _, how in snapshots} == {"web-archive"}
    runs = query(db, "SELECT source, status FROM parse_runs WHERE status <> 'ok' ORDER BY source")
    assert runs == [(f"{archive.replay}/20250501000000id_/{SMALL}", "failed")]

    # As of a time between two captures: the earlier capture's board, field for field.
    pages = {c.timestamp: c.body for c in captures()}
    assert_board_is_page(as_of(db, "tiny", "2025-04-01T00:00:00Z"), pages["20250310000000"])
    assert_board_is_page(as_of(db, "small", "2025-03-20T00:00:00Z"), pages["20250301000000"])
    assert_board_is_page(as_of(db, "tiny", "2025-06-30T00:00:00Z"), pages["20250510000000"])
    assert as_of(db, "small", "2025-02-01T00:00:00Z") == []
    # The one real change in this history: the last tiny model left in May.
    changes = query(db, "SELECT tier, change, strftime(captured_at, '%Y%m%d') FROM leaderboard_changes WHERE change <> 'changed'")
    assert changes == [("tiny", "left", "20250510")]

    # Each archived capture's sidecar names where it came from.
    sidecars = [json.loads(p.read_text()) for p in (tmp_path / "archive").glob("??/*.json")]
    unreadable = [s for s in sidecars if s["web_captures"][0]["timestamp"] == "20250501000000"]
    assert len(unreadable) == 1
    assert unreadable[0]["web_captures"][0] == {
        "replay_url": f"{archive.replay}/20250501000000id_/{SMALL}", "served_url": f"{archive.replay}/20250501000000id_/{SMALL}",
        "original": SMALL, "timestamp": "20250501000000",
        "digest": next(c.digest for c in captures() if c.timestamp == "20250501000000")}

    before = list(archive.replays)
    queries = len(archive.cdx_queries)
    again = run_backfill(archive, db)
    assert again.returncode == 0, again.stdout + again.stderr
    assert archive.replays == before, "a rerun fetched a capture again"
    assert len(archive.cdx_queries) == queries + 5
    assert "7 capture(s) found: 7 archived" in again.stdout and "0 loaded, 0 unchanged, 0 failed" in again.stdout
    assert "failed:" not in again.stdout

    # Default page size: one index query per URL.
    queries = len(archive.cdx_queries)
    assert run_cli("backfill", "--db", str(db), "--cdx-endpoint", archive.cdx, "--replay-endpoint", archive.replay,
                   "--url", SMALL, "--url", TINY, "--interval", "0", env=SAFE_ENV).returncode == 0
    assert len(archive.cdx_queries) == queries + 2 and archive.replays == before


def test_dry_run_lists_captures_and_narrows_by_date(archive: ArchiveServer, tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    listed = run_backfill(archive, db, "--dry-run", "--format", "json", "--since", "2025-04-01", "--until", "2025-04-30")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["timestamp"], r["board_url"], r["state"]) for r in rows] == [
        ("20250401000000", SMALL, "to fetch"), ("20250410000000", TINY, "to fetch")]
    assert rows[0]["replay_url"] == f"{archive.replay}/20250401000000id_/{SMALL}"
    assert archive.replays == [] and not db.exists()
    assert {q["from"][0] for q in archive.cdx_queries} == {"20250401"} and {q["to"][0] for q in archive.cdx_queries} == {"20250430"}
    window = ("--since", "2025-04-01", "--until", "2025-04-30")
    lines = run_backfill(archive, db, "--dry-run", "--format", "jsonl", *window).stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    as_csv = list(csv.DictReader(io.StringIO(run_backfill(archive, db, "--dry-run", "--format", "csv", *window).stdout, newline="")))
    assert [{k: v or None for k, v in r.items()} for r in as_csv] == rows
    nothing = run_backfill(archive, db, "--dry-run", "--format", "csv", "--since", "2001-01-01", "--until", "2001-01-02")
    assert nothing.returncode == 0 and nothing.stdout.splitlines() == [",".join(PLANNED_FIELDS)], "an empty plan keeps its header"

    assert run_backfill(archive, db, "--since", "2025-04-01", "--until", "2025-04-30").returncode == 0
    table = run_backfill(archive, db, "--dry-run")
    assert table.returncode == 0
    states = dict(re.findall(r"^(\d{14})\s+(.+?)\s+https://", table.stdout, re.MULTILINE))
    assert states["20250401000000"] == "archived" and states["20250301000000"] == "to fetch"
    assert "7 capture(s) found: 2 archived, 5 to fetch" in table.stdout


def test_an_index_that_cannot_be_read_is_one_line_naming_it_and_nothing_is_loaded(archive: ArchiveServer, tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    done = run_cli("backfill", "--db", str(db), "--cdx-endpoint", archive.base + "/nowhere",
                           "--replay-endpoint", archive.replay, "--interval", "0", "--attempts", "1", env=SAFE_ENV)
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("failed:")]
    assert len(failed) == len(TIERS) and all("/nowhere" in line and "HTTP 404" in line for line in failed), done.stdout
    assert archive.replays == []


@pytest.mark.parametrize(("body", "expected"), [
    (b'[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],'
     b'["k","20250101000000","https://a.example/x","text/html","200","AAA","1"],[],["k+20250101000000"]]',
     (["20250101000000"], "k+20250101000000")),
    (b'{"urlkey":"k","timestamp":"20250102000000","url":"https://a.example/x","status":"200","digest":"B"}\n'
     b'{"urlkey":"k","timestamp":"20250103000000","url":"https://a.example/x","status":"301","digest":"C"}\n',
     (["20250102000000"], None)),
    (b"k 20250104000000 https://a.example/x text/html 200 D 10\n\nk+20250104000000\n", (["20250104000000"], "k+20250104000000")),
    (b"", ([], None)),
    (b"[]", ([], None)),
])
def test_cdx_answers_in_every_form_servers_give(body: bytes, expected: tuple[list[str], str | None]) -> None:
    page = parse_cdx(body, "index")
    assert ([c.timestamp for c in page.captures], page.resume_key) == expected


@pytest.mark.parametrize("body", [b"<!DOCTYPE html><html>blocked</html>", b"[1, 2", b'[["timestamp","original"],["2025","x"]]',
                                  b"\xff\xfe"])
def test_cdx_answers_that_are_not_an_index_are_refused_saying_so(body: bytes) -> None:
    with pytest.raises(FetchError, match="^index: "):
        parse_cdx(body, "index")


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_backfill_flow_under_prefect(prefect_harness: None, archive: ArchiveServer, tmp_path: Path) -> None:
    from pipeline.runs.flows import backfill_flow

    db = tmp_path / "lb.duckdb"
    state = backfill_flow(urls=[TINY], cdx_endpoint=archive.cdx, replay_endpoint=archive.replay, interval_s=0.0,
                          db=str(db), attempts=3, return_state=True)
    assert state.is_completed(), state.message
    outcomes = state.result()
    assert [o["status"] for o in outcomes] == ["loaded", "loaded", "loaded"]
    assert [o["captured_at"] for o in outcomes] == [dt.datetime(2025, m, 10, tzinfo=dt.UTC) for m in (3, 4, 5)]
    assert query(db, "SELECT count(*) FROM snapshots") == [(3,)]


def test_the_archives_robots_txt_is_honoured(archive: ArchiveServer, tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    done = run_cli("backfill", "--db", str(db), "--cdx-endpoint", archive.cdx, "--url", TINY,
                           "--replay-endpoint", archive.base + "/private/web", "--interval", "0", env=SAFE_ENV)
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("failed:")]
    assert len(failed) == 3 and all("disallowed by" in line and "robots.txt" in line for line in failed), done.stdout
    assert archive.replays == [] and archive.hits["/robots.txt"] == 1


def test_the_pacer_spaces_requests_by_the_interval() -> None:
    from pipeline.sources.web_archive import Pacer

    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(5.0, clock=lambda: now[0], sleep=sleep)
    pacer.wait()  # the first request goes at once
    now[0] += 2.0
    pacer.wait()  # 2 s after: waits the other 3
    now[0] += 7.0
    pacer.wait()  # 7 s after: no wait
    assert slept == [3.0]
