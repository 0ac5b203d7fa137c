"""The nightly refresh against a real HTTP server on 127.0.0.1 (fast path, no Prefect server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import FetchError
from pipeline.sources.fetch import Fetcher, FetchPolicy
from tests.board_server import BoardServer, refresh, serving

FAST = FetchPolicy(connect_timeout_s=2, read_timeout_s=1, attempts=3, backoff_base_s=0.05, backoff_max_s=0.2, max_bytes=1024 * 1024)


@pytest.fixture
def server() -> Iterator[BoardServer]:
    yield from serving()


def counts(db: Path) -> tuple[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT (SELECT count(*) FROM snapshots), (SELECT count(*) FROM observations)").fetchall()[0]


def archived(db: Path) -> int:
    return len(list((db.parent / "archive").glob("??/*.gz")))


def test_refresh_loads_both_boards_and_an_unchanged_rerun_adds_nothing(server: BoardServer, tmp_path: Path, capsys) -> None:
    db = tmp_path / "lb.duckdb"
    assert refresh(db, server.base + "/small", server.base + "/tiny") == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert dict(con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier").fetchall()) == {"small": 59, "tiny": 26}
        sources = {r[0] for r in con.execute("SELECT capture_time_source FROM snapshots").fetchall()}
    assert sources == {"fetch"}
    before = counts(db)
    assert refresh(db, server.base + "/small", server.base + "/tiny") == 0
    assert counts(db) == before
    assert "2 unchanged" in capsys.readouterr().out
    # The second run asked conditionally and got 304s.
    assert server.last_headers["/small"].get("If-None-Match")


def test_a_500_is_retried_then_succeeds(server: BoardServer) -> None:
    result = Fetcher(FAST).fetch(server.base + "/flaky")
    assert result.status == 200 and result.attempts == 2 and server.hits["/flaky"] == 2


def test_a_429_waits_for_retry_after(server: BoardServer) -> None:
    slept: list[float] = []
    result = Fetcher(FAST, sleep=slept.append).fetch(server.base + "/busy")
    assert result.status == 200 and server.hits["/busy"] == 2
    assert slept and slept[0] >= 1.0, "Retry-After: 1 is honoured over the shorter backoff"


def test_a_404_is_not_retried(server: BoardServer) -> None:
    with pytest.raises(FetchError, match=r"/missing: HTTP 404.*not retried"):
        Fetcher(FAST).fetch(server.base + "/missing")
    assert server.hits["/missing"] == 1


def test_a_timeout_is_retried_then_reported(server: BoardServer) -> None:
    server.slow_seconds = 0.6
    impatient = replace(FAST, read_timeout_s=0.3)  # FAST's own second would make this test wait 3 s
    with pytest.raises(FetchError, match=r"/slow: timed out .*gave up after 3 attempts"):
        Fetcher(impatient, sleep=lambda s: None).fetch(server.base + "/slow")
    assert server.hits["/slow"] == 3


def test_an_oversized_body_is_refused(server: BoardServer) -> None:
    with pytest.raises(FetchError, match=r"/huge: body of \d+ bytes is over the 1048576-byte limit"):
        Fetcher(FAST).fetch(server.base + "/huge")


def test_a_non_html_body_is_refused(server: BoardServer) -> None:
    with pytest.raises(FetchError, match=r"/json: not an HTML page \(Content-Type 'application/json'\)"):
        Fetcher(FAST).fetch(server.base + "/json")


def test_a_redirect_to_another_host_is_refused_and_one_within_the_host_followed(server: BoardServer) -> None:
    with pytest.raises(FetchError, match=r"redirect to another host refused \(http://127\.0\.0\.2:"):
        Fetcher(FAST).fetch(server.base + "/offsite")
    assert Fetcher(FAST).fetch(server.base + "/redirect-same-host").final_url.endswith("/small")


def test_the_user_agent_names_the_project(server: BoardServer) -> None:
    Fetcher(FAST).fetch(server.base + "/small")
    assert server.last_headers["/small"]["User-Agent"].startswith("aa-leaderboards/")


def test_changed_markup_is_archived_reported_and_the_warehouse_unchanged(server: BoardServer, tmp_path: Path, capsys) -> None:
    db = tmp_path / "lb.duckdb"
    assert refresh(db, server.base + "/tiny") == 0
    before = counts(db)
    assert refresh(db, server.base + "/changed", server.base + "/small") == 1
    out, err = capsys.readouterr()
    assert f"FAILED     {server.base}/changed\n" in out and "/changed: no board table and no model payload" in err
    assert "1 loaded" in out, "the other source still loads"
    assert counts(db)[0] == before[0] + 1
    assert archived(db) == 3, "the page that no longer parses is archived"


def test_every_failing_source_is_reported_and_the_rest_still_load(server: BoardServer, tmp_path: Path, capsys) -> None:
    db = tmp_path / "lb.duckdb"
    status = refresh(db, server.base + "/missing", server.base + "/json", server.base + "/offsite", server.base + "/huge",
                     server.base + "/tiny")
    out = capsys.readouterr().out
    assert status == 1
    assert out.count("FAILED") == 4 and "1 loaded" in out
    assert counts(db) == (1, 26)
