"""Atom 1.0 feeds of each board's events: `feeds/<tier>.atom` beside the published copy.

One entry per snapshot that had events, the newest FEED_ENTRIES of them. Ids are tag: URIs
(RFC 4151) built from the board and the snapshot's content hash, so an entry keeps its id when
the feed is rewritten, the warehouse rebuilt from the archive, or the event list of the
snapshot grows; feed readers then show each snapshot once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from parsers.boards import BOARDS_BY_NAME

from ..files import atomic_write, sweep_temporaries, temporaries_of
from ..sources.fetch import DEFAULT_SOURCES
from .digest import by_snapshot, snapshot_headline, snapshot_lines

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 200
TAG_AUTHORITY = "aa-leaderboards,2026"
# Characters XML 1.0 cannot hold at all; a page's text could carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def feeds_dir(published_copy: Path) -> Path:
    return published_copy.parent / "feeds"


def _text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", "" if value is None else str(value))


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def entry_id(tier: str, content_sha256: str) -> str:
    return f"tag:{TAG_AUTHORITY}:{tier}/{content_sha256}"


def feed_url(tier: str) -> str:
    """Where the board's feed is read: under AA_LEADERBOARDS_FEEDS_URL where the feeds are served
    (https://example.org/aa/feeds), else its file name, a reference relative to the feed itself."""
    base = os.environ.get("AA_LEADERBOARDS_FEEDS_URL", "").strip().rstrip("/")
    return f"{base}/{tier}.atom" if base else f"{tier}.atom"


def atom_feed(tier: str, events: Sequence[Mapping[str, Any]], written_at: dt.datetime) -> bytes:
    """The board's feed from its events (the feed_events rows), newest snapshot first."""
    board_url = DEFAULT_SOURCES.get(tier, "https://artificialanalysis.ai/models/open-source")
    groups = list(reversed(by_snapshot(events)))[:FEED_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", f"tag:{TAG_AUTHORITY}:feed/{tier}")
    _add(feed, "title", f"Artificial Analysis: {BOARDS_BY_NAME[tier].title if tier in BOARDS_BY_NAME else tier}: changes")
    _add(feed, "subtitle", "Models that entered or left, index and price changes, new first places, methodology "
                           "changes and boards held back, per snapshot, recorded by aa-leaderboards")
    _add(feed, "link", rel="alternate", type="text/html", href=board_url)
    _add(feed, "link", rel="self", type="application/atom+xml", href=feed_url(tier))
    updated = max((max(e["recorded_at"] for e in group) for _, group in groups), default=written_at)
    _add(feed, "updated", _stamp(updated))
    author = _add(feed, "author")
    _add(author, "name", "aa-leaderboards")
    _add(feed, "generator", "aa-leaderboards")
    for (_, _), group in groups:
        first = group[0]
        entry = _add(feed, "entry")
        _add(entry, "id", entry_id(tier, str(first["content_sha256"])))
        _add(entry, "title", snapshot_headline(tier, group))
        _add(entry, "link", rel="alternate", type="text/html", href=board_url)
        _add(entry, "published", _stamp(first["captured_at"]))
        _add(entry, "updated", _stamp(max(e["recorded_at"] for e in group)))
        _add(entry, "content", "\n".join(snapshot_lines(tier, group)), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feeds(folder: Path, events_by_tier: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[Path]:
    """Write every board's feed, each whole or not at all."""
    written = []
    now = dt.datetime.now(dt.UTC)
    for tier, events in events_by_tier.items():
        path = folder / f"{tier}.atom"
        sweep_temporaries(folder, temporaries_of(path.name))
        atomic_write(path, atom_feed(tier, events, now))
        written.append(path)
    return written
