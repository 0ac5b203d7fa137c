"""The analysts' read-only copy and, beside it, every board's Atom feed: published together.

A run publishes when it changed the warehouse, and also when the copy or a feed is missing or
the copy is older than the warehouse's last change (an earlier publish failed: a full disk, a
file in the way), so analysts never read yesterday's board after a run that succeeded.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from parsers.boards import TIERS
from warehouse.events import feed_events
from warehouse.publish import copy_behind_s, published_path
from warehouse.publish import publish as publish_copy

from ..settings import Settings
from .feeds import FEED_ENTRIES, feeds_dir, write_feeds


def publish_destination() -> str | None:
    """Where every run also sends the analysts' copy (object storage or a folder), if anywhere."""
    return os.environ.get("AA_LEADERBOARDS_PUBLISH_TO", "").strip() or None


def publish(settings: Settings, con: duckdb.DuckDBPyConnection | None = None) -> Path:
    """The published copy and, beside it, every board's feed (each file whole or absent), on the
    run's write connection `con` or one held for this."""
    with settings.writing(con) as writer:
        target = publish_copy(settings.db_path, con=writer)
        write_feeds(feeds_dir(published_path(settings.db_path)), feed_events(writer, TIERS, FEED_ENTRIES))
    return target


def publish_after(settings: Settings, *, changed: bool, con: duckdb.DuckDBPyConnection | None = None) -> Path | None:
    """Publish after a run: when it `changed` the warehouse, or when the copy is behind or a feed is missing."""
    if not settings.db_path.exists():
        return None
    if not changed:
        with settings.reading(con) as reader:
            behind = copy_behind_s(settings.db_path, reader)
        feeds = feeds_dir(published_path(settings.db_path))
        if behind <= 0 and all((feeds / f"{tier}.atom").exists() for tier in TIERS):
            return None
    return publish(settings, con=con)
