"""The last stage of a run: record its events, publish (the copy and the feeds), then notify.

Recording and publishing happen under the run's write connection; sending happens with no
connection open (a slow receiver never keeps analysts' tools or the next run from the
warehouse), and the deliveries are recorded after it. A receiver's failure is a warning: the
load it reports on is already committed and stays so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from warehouse.db import open_warehouse
from warehouse.errors import WarehouseError
from warehouse.events import Failure, feed_events, mark_delivered, pending_events, record_events, register_targets
from warehouse.publish import publish as publish_copy
from warehouse.publish import published_path

from ..runs.steps import PageOutcome, loaded_snapshots
from ..sources.fetch import DEFAULT_SOURCES
from .digest import Message, digest
from .feeds import FEED_ENTRIES, feeds_dir, write_feeds
from .notify import Delivery, Target, send_all

TIERS: tuple[str, ...] = tuple(DEFAULT_SOURCES)
DeliverySink = Callable[[Delivery], None]


@dataclass(frozen=True)
class Telling:
    """Who a run tells, and who hears how it went (the CLI prints failed deliveries)."""

    targets: tuple[Target, ...] = ()
    on_delivery: DeliverySink | None = None
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def failure_tier(source: str) -> str | None:
    """The board a failed source was for, where its URL says (a board URL, or a web archive's copy of one)."""
    for tier, url in DEFAULT_SOURCES.items():
        if source == url or source.endswith(url) or f"{url}?" in source or f"/{url}" in source:
            return tier
    return None


def failures_of(outcomes: Sequence[PageOutcome]) -> list[Failure]:
    return [Failure(source=o.source, tier=failure_tier(o.source), detail=str(o.error)) for o in outcomes if o.failed]


def record_run(con: duckdb.DuckDBPyConnection, outcomes: Sequence[PageOutcome], started_at: dt.datetime) -> int:
    """Record the run's events; returns the last event number before them."""
    return record_events(con, loaded_snapshots(outcomes), failures_of(outcomes), started_at)


def publish(db_path: Path, con: duckdb.DuckDBPyConnection | None = None, lock_timeout_s: float = 30.0) -> Path:
    """The published copy and, beside it, every board's feed (each file whole or absent)."""
    if con is None:
        with open_warehouse(db_path, lock_timeout_s=lock_timeout_s) as own:
            return publish(db_path, own, lock_timeout_s)
    target = publish_copy(db_path, con=con, lock_timeout_s=lock_timeout_s)
    write_feeds(feeds_dir(published_path(db_path)), {tier: feed_events(con, tier, FEED_ENTRIES) for tier in TIERS})
    return target


def deliver(db_path: Path, telling: Telling, since_event_seq: int | None, lock_timeout_s: float,
            unrecorded: Sequence[Failure] = ()) -> list[Delivery]:
    """Send each receiver one message with every event it has not been sent (this run's and any
    left pending by an earlier run whose delivery failed), and record what was delivered.

    `since_event_seq` None: the run could not record its events (no warehouse); its failures
    (`unrecorded`) are then sent as they are, once, with nothing recorded.
    """
    targets = list(telling.targets)
    if not targets:
        return []
    if since_event_seq is None:
        if not unrecorded:
            return []
        rows = [{"kind": "failed", "tier": f.tier, "snapshot_id": None, "source": f.source, "detail": f.detail,
                 "captured_at": telling.started_at} for f in unrecorded]
        return _told(telling, [replace(d, events=len(rows)) for d in send_all(targets, {t.fingerprint: digest(rows) for t in targets})])
    messages: dict[str, Message] = {}
    seqs: dict[str, list[int]] = {}
    try:
        with open_warehouse(db_path, lock_timeout_s=lock_timeout_s) as con:
            register_targets(con, [t.fingerprint for t in targets], since_event_seq)
            for target in targets:
                pending = pending_events(con, target.fingerprint)
                if pending:
                    messages[target.fingerprint] = digest(pending)
                    seqs[target.fingerprint] = [int(e["event_seq"]) for e in pending]
    except WarehouseError as exc:
        return _told(telling, [Delivery(t, False, f"could not read its pending events ({exc}); they stay pending")
                               for t in targets])
    deliveries = [replace(d, events=len(seqs[d.target.fingerprint])) for d in send_all(targets, messages)]
    delivered = [d for d in deliveries if d.delivered]
    if delivered:
        try:
            with open_warehouse(db_path, lock_timeout_s=lock_timeout_s) as con:
                for d in delivered:
                    mark_delivered(con, d.target.fingerprint, seqs[d.target.fingerprint])
        except WarehouseError as exc:
            # Sent, but not written down: the next run sends these events again (at least once, not twice silently).
            deliveries = [replace(d, reason=f"delivered, but recording that failed ({exc}); the next run may send "
                                           "these events again") if d.delivered else d for d in deliveries]
    return _told(telling, deliveries)


def _told(telling: Telling, deliveries: list[Delivery]) -> list[Delivery]:
    if telling.on_delivery is not None:
        for d in deliveries:
            telling.on_delivery(d)
    return deliveries
