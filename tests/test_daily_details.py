"""The small things a daily user meets: progress lines, network errors said once and whole,
globs with other files in them, feeds that link to themselves, and cookbook answers that mean
what they say."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest

from pipeline.runs.jobs import Run
from pipeline.runs.outcomes import PageOutcome
from pipeline.runs.progress import ProgressLine
from pipeline.settings import Settings
from tests.cli_runner import SAFE_ENV, run_cli
from tests.conftest import FIXTURES, ROOT
from tests.receivers import free_port

ATOM = "{http://www.w3.org/2005/Atom}"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=env or SAFE_ENV)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_line_is_cleared_before_a_page_line_is_printed(tmp_path: Path) -> None:
    screen = Terminal()
    line = ProgressLine(screen)
    printed: list[str] = []
    import pipeline.runs.jobs as jobs

    original = jobs.PROGRESS
    jobs.PROGRESS = line
    try:
        run_ = Run(Settings.for_db(tmp_path / "lb.duckdb"), "aa-leaderboards reparse",
                   on_outcome=lambda o: printed.append(screen.getvalue()))
        line.show("reparse [###   ] 1/2")
        run_.record(PageOutcome(source="a.html", status="unchanged"))
    finally:
        jobs.PROGRESS = original
    assert printed == ["\rreparse [###   ] 1/2\x1b[K\r\x1b[K"], "the line was taken off before the page's line"
    assert not line.shown
    plain = io.StringIO()
    ProgressLine(plain).show("backfill 1/2")
    assert plain.getvalue() == "", "no progress line where stderr is not a terminal"


@pytest.mark.parametrize("robots", [[], ["--ignore-robots"]], ids=["robots.txt first", "page first"])
def test_a_refused_connection_is_said_once_in_whole_words(tmp_path: Path, robots: list[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/small"
    done = run("refresh", "--url", url, "--db", str(tmp_path / "lb.duckdb"), "--attempts", "1", *robots)
    assert done.returncode == 75, "EX_TEMPFAIL: the network or host is not there, try again later"
    assert f"FAILED     {url}\n" in done.stdout
    both = done.stdout + done.stderr
    assert both.count("connection refused") == 1, both
    assert "Pool(" not in both and "Tracked(" not in both and "Max retries" not in both


def test_a_run_with_a_broken_page_beside_an_unreachable_one_exits_1(tmp_path: Path) -> None:
    from tests.board_server import serving

    for server in serving():
        done = run("refresh", "--url", f"http://127.0.0.1:{free_port()}/small", "--url", server.base + "/changed",
                   "--db", str(tmp_path / "lb.duckdb"), "--attempts", "1", "--ignore-robots")
    assert done.returncode == 1, "a page that answered wrongly is broken, not temporary"


def test_a_glob_over_a_folder_with_other_files_skips_them_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(FIXTURES / "small-board-table.html", folder / "small-2026-08-01.html")
    (folder / "SOURCES.md").write_text("# where these pages came from\n", encoding="utf-8")
    for given in (str(folder / "*"), str(folder)):
        done = run("ingest", given, "--db", str(tmp_path / f"lb-{len(given)}.duckdb"))
        assert done.returncode == 0, done.stderr
        assert f"note: skipped {folder / 'SOURCES.md'}: not a saved page (.html, .htm, .txt, .gz)" in done.stderr
        assert "1 page(s): 1 loaded, 0 unchanged, 0 failed" in done.stdout
    named = run("ingest", str(folder / "SOURCES.md"), "--db", str(tmp_path / "named.duckdb"))
    assert named.returncode == 1, "a file named outright is read, and refused as no page"


def test_each_feed_links_to_itself(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert run("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db)).returncode == 0
    feed = ET.parse(tmp_path / "published" / "feeds" / "small.atom").getroot()
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "small.atom" and links["alternate"].endswith("/models/open-source/small")
    served = {**SAFE_ENV, "AA_LEADERBOARDS_FEEDS_URL": "https://example.org/aa/feeds/"}
    assert run("publish", "--db", str(db), env=served).returncode == 0
    feed = ET.parse(tmp_path / "published" / "feeds" / "tiny.atom").getroot()
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}["self"] == "https://example.org/aa/feeds/tiny.atom"


def _cookbook(name: str) -> str:
    text = (ROOT / "docs" / "cookbook.sql").read_text(encoding="utf-8")
    return re.search(rf"-- name: {name}\n(.*?;)", text, re.DOTALL).group(1)


def test_cookbook_leaders_rank_the_hallucination_rate_lowest_first_and_spans_are_days(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert run("ingest", *map(str, sorted((FIXTURES / "demo").glob("*.html"))), "--db", str(db)).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        leaders = {(t, e): (m, s, low) for t, e, m, s, low in con.execute(_cookbook("evaluation_leaders")).fetchall()}
        lowest = con.execute("SELECT arg_min(model, score), min(score) FROM evaluation_history WHERE tier = 'large' AND "
                             "evaluation = 'omniscienceHallucinationRate' AND (tier, snapshot_id) IN "
                             "(SELECT tier, snapshot_id FROM leaderboard_latest)").fetchone()
        assert leaders[("large", "omniscienceHallucinationRate")] == (*lowest, True)
        assert leaders[("large", "gpqa")][2] is False
        spans = con.execute(_cookbook("model_version_spans")).fetchall()
    # Two nights: every second version began on the newest night and still holds, 0 days so far;
    # the durations are plain numbers of days, not intervals.
    assert spans and all(row[4] is None and row[5] == 0.0 and row[6] is True for row in spans)
    assert json.loads(json.dumps([row[5] for row in spans])) == [0.0] * len(spans)
