"""The Atom feeds beside the published copy, read with a real feed reader (feedparser) and an XML
parser, after the installed command wrote them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers.boards import BOARDS_BY_NAME, TIERS
from pipeline.outputs.feeds import FEED_ENTRIES, atom_feed
from pipeline.sources.fetch import DEFAULT_SOURCES
from tests.cli_runner import cli
from tests.conftest import FIXTURES
from tests.page_edits import cut_board

SMALL_0718 = FIXTURES / "demo" / "small-board-2026-07-18T01-01-14Z.html"
SMALL_0731 = FIXTURES / "demo" / "small-board-2026-07-31T01-13-53Z.html"

pytestmark = pytest.mark.slow

ATOM = "{http://www.w3.org/2005/Atom}"


def feeds(db: Path) -> Path:
    return db.parent / "published" / "feeds"


def read(path: Path) -> Any:
    import feedparser

    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def entry_ids(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return [e.findtext(f"{ATOM}id") or "" for e in root.iter(f"{ATOM}entry")]


def test_every_publish_writes_a_valid_feed_per_board_with_stable_unique_ids(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert cli("ingest", str(SMALL_0718), "--db", str(db)).returncode == 0
    for tier in TIERS:  # no events yet: valid feeds with no entries
        assert read(feeds(db) / f"{tier}.atom").entries == []

    demo = sorted((FIXTURES / "demo").glob("*.html"))
    assert cli("ingest", *(str(p) for p in demo), "--db", str(db)).returncode == 0
    small = read(feeds(db) / "small.atom")
    assert small.feed.link == DEFAULT_SOURCES["small"]
    assert [e.title for e in small.entries] == ["small board 2026-07-31: 1 left, 2 index changes, 6 price changes"]
    entry = small.entries[0]
    assert entry.link == DEFAULT_SOURCES["small"] and entry.published.startswith("2026-07-31T01:13:53")
    assert "left: Tri-21B-think Preview (was #25)" in entry.content[0].value
    tiny = read(feeds(db) / "tiny.atom")
    assert [e.title for e in tiny.entries] == ["tiny board 2026-07-31: new first place, 1 entered, 1 index change"]

    for tier in ("medium", "large"):  # every board has its feed, its link and its night
        feed = read(feeds(db) / f"{tier}.atom")
        assert feed.feed.link == DEFAULT_SOURCES[tier] and f"({BOARDS_BY_NAME[tier].band})" in feed.feed.title
        assert [e.title.split(":")[0] for e in feed.entries] == [f"{tier} board 2026-07-31"]

    ids = {tier: entry_ids(feeds(db) / f"{tier}.atom") for tier in TIERS}
    every = [i for tier in TIERS for i in ids[tier]]
    assert len(set(every)) == len(every) and all(i.startswith("tag:aa-leaderboards,2026:") for i in every)
    with duckdb.connect(str(db), read_only=True) as con:
        sha = con.execute("SELECT content_sha256 FROM snapshots WHERE source LIKE '%small-board-2026-07-31%'").fetchone()
    assert ids["small"] == [f"tag:aa-leaderboards,2026:small/{sha[0]}"]

    assert cli("publish", "--db", str(db)).returncode == 0  # rewritten: the same ids
    assert entry_ids(feeds(db) / "small.atom") == ids["small"]
    assert not list(feeds(db).glob(".*.tmp"))


def test_a_held_board_has_its_entry(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert cli("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db), "--captured-at", "2026-08-01T03:00:00Z").returncode == 0
    cut = tmp_path / "small-cut.html"
    cut.write_bytes(cut_board(30))
    assert cli("ingest", str(cut), "--db", str(db), "--captured-at", "2026-08-02T03:00:00Z").returncode == 1
    [entry] = read(feeds(db) / "small.atom").entries
    assert entry.title == "small board 2026-08-02: held" and "30 models" in entry.content[0].value


def test_a_missing_feed_is_written_by_the_next_run_even_when_nothing_changed(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert cli("ingest", str(SMALL_0718), str(SMALL_0731), "--db", str(db)).returncode == 0
    (feeds(db) / "small.atom").unlink()
    assert cli("ingest", str(SMALL_0731), "--db", str(db)).returncode == 0
    assert len(read(feeds(db) / "small.atom").entries) == 1


def _real_events(tmp_path: Path) -> list[dict[str, Any]]:
    db = tmp_path / "lb.duckdb"
    assert cli("ingest", str(SMALL_0718), str(SMALL_0731), "--db", str(db)).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute("SELECT * FROM events WHERE tier = 'small'")
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def test_the_feed_keeps_the_newest_entries_only(tmp_path: Path) -> None:
    events = _real_events(tmp_path)
    # The real snapshot's events, repeated as if seen on FEED_ENTRIES + 50 nights (a capacity
    # test: the nights are made up, the events are the real ones).
    nights = []
    for night in range(FEED_ENTRIES + 50):
        when = events[0]["captured_at"] + dt.timedelta(days=night)
        nights += [{**e, "snapshot_id": 1000 + night, "content_sha256": f"{night:064x}", "captured_at": when} for e in events]
    feed = ET.fromstring(atom_feed("small", nights, dt.datetime.now(dt.UTC)))
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == FEED_ENTRIES
    assert entries[0].findtext(f"{ATOM}id") == f"tag:aa-leaderboards,2026:small/{FEED_ENTRIES + 49:064x}"  # newest first


def test_page_text_in_a_feed_is_text_never_markup(tmp_path: Path) -> None:
    import feedparser

    events = _real_events(tmp_path)
    hostile = "<a href='https://evil.example'>Tri</a><br><span>\x1b[2J\x00\u202e"
    events = [{**e, "model": hostile} if e["kind"] == "left" else e for e in events]
    data = atom_feed("small", events, dt.datetime.now(dt.UTC))
    root = ET.fromstring(data)  # still well-formed XML, NUL and all
    content = root.find(f"{ATOM}entry/{ATOM}content")
    assert content is not None and content.get("type") == "text" and list(content) == []
    assert "left: <a href='https://evil.example'>Tri</a><br><span> [2J (was #25)" in (content.text or "")
    assert b"<a href" not in data and b"&lt;a href" in data
    parsed = feedparser.parse(data)
    assert not parsed.bozo and "<a href" in parsed.entries[0].content[0].value
