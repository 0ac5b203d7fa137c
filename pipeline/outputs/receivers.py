"""Notifying a run's receivers of what changed, what was held and what failed.

The run has recorded its events and published under its write connection; sending happens with
no connection open (a slow receiver never keeps analysts' tools or the next run from the
warehouse), and the deliveries are recorded after it. A receiver's failure is a warning: the
load it reports on is already committed and stays so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from warehouse.errors import WarehouseError
from warehouse.events import Failure, mark_delivered, pending_events, register_targets, rekey_targets

from ..errors import WriteError
from ..settings import Settings
from .digest import digest, summary
from .notify import Delivery, Target, keyed, receivers_key, send_all

DeliverySink = Callable[[Delivery], None]


@dataclass(frozen=True)
class Notifications:
    """Who a run tells, and who hears how it went (the CLI prints failed deliveries)."""

    targets: tuple[Target, ...] = ()
    on_delivery: DeliverySink | None = None
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def deliver(settings: Settings, notifications: Notifications, since_event_seq: int | None,
            unrecorded: Sequence[Failure] = ()) -> list[Delivery]:
    """Send each receiver one message with every event it has not been sent (this run's and any
    left pending by an earlier run whose delivery failed), and record what was delivered.

    `since_event_seq` None: the run could not record its events (no warehouse); its failures
    (`unrecorded`) are then sent as they are, once, with nothing recorded.
    """
    targets = list(notifications.targets)
    if not targets:
        return []
    if since_event_seq is None:
        return _send_unrecorded(notifications, targets, unrecorded)
    try:
        pending = _pending(settings, targets, since_event_seq)
    except (WarehouseError, WriteError, OSError) as exc:
        return _reported(notifications, [Delivery(t, False, f"could not read its pending events ({exc}); they stay pending")
                                         for t in targets])
    messages = {fingerprint: digest(events) for fingerprint, (_, events) in pending.items()}
    summaries = {fingerprint: summary(events) for fingerprint, (_, events) in pending.items()}
    seqs = {fingerprint: [int(e["event_seq"]) for e in events] for fingerprint, (_, events) in pending.items()}
    deliveries = [replace(d, events=len(seqs.get(d.target.fingerprint, []))) for d in send_all(targets, messages, summaries)]
    return _reported(notifications, _recorded(settings, deliveries, {f: stored for f, (stored, _) in pending.items()}, seqs))


def _send_unrecorded(notifications: Notifications, targets: list[Target], unrecorded: Sequence[Failure]) -> list[Delivery]:
    """A run's failures that no warehouse recorded, sent as they are, once."""
    if not unrecorded:
        return []
    rows = [{"kind": "failed", "tier": f.tier, "snapshot_id": None, "source": f.source, "detail": f.detail,
             "captured_at": notifications.started_at} for f in unrecorded]
    return _reported(notifications, [replace(d, events=len(rows)) for d in send_all(
        targets, {t.fingerprint: digest(rows) for t in targets}, {t.fingerprint: summary(rows) for t in targets})])


def _pending(settings: Settings, targets: list[Target], since_event_seq: int) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Each receiver with events to send: (its stored, keyed fingerprint, the events). Receivers
    seen for the first time are registered to be sent the events after `since_event_seq`."""
    key = receivers_key(settings.db_path)
    stored = {t.fingerprint: keyed(t.fingerprint, key) for t in targets}
    pending: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    with settings.writing() as con:
        rekey_targets(con, lambda old: keyed(old, key))
        register_targets(con, [stored[t.fingerprint] for t in targets], since_event_seq)
        for target in targets:
            events = pending_events(con, stored[target.fingerprint])
            if events:
                pending[target.fingerprint] = (stored[target.fingerprint], events)
    return pending


def _recorded(settings: Settings, deliveries: list[Delivery], stored: dict[str, str],
              seqs: dict[str, list[int]]) -> list[Delivery]:
    """Write down what each receiver accepted; a delivery whose record fails says so."""
    delivered = [d for d in deliveries if d.delivered]
    if not delivered:
        return deliveries
    try:
        with settings.writing() as con:
            for d in delivered:
                mark_delivered(con, stored[d.target.fingerprint], seqs[d.target.fingerprint])
    except WarehouseError as exc:
        # Sent, but not written down: the next run sends these events again (at least once, not twice silently).
        return [replace(d, reason=f"delivered, but recording that failed ({exc}); the next run may send "
                                  "these events again") if d.delivered else d for d in deliveries]
    return deliveries


def _reported(notifications: Notifications, deliveries: list[Delivery]) -> list[Delivery]:
    if notifications.on_delivery is not None:
        for d in deliveries:
            notifications.on_delivery(d)
    return deliveries


def notify_failure(settings: Settings, notifications: Notifications, source: str, detail: str) -> list[Delivery]:
    """A run that failed as a whole (a locked or full warehouse, no pages): its receivers are told
    once, as it is, since the warehouse could not record it."""
    if not notifications.targets:
        return []
    return deliver(settings, notifications, None, [Failure(source=source, tier=None, detail=detail)])
