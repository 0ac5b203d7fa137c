"""The events ledger: record what a run saw, and who has been sent which event (SQL in warehouse/sql/).

Each function runs in one transaction on the connection it is given, so a run killed half-way
leaves the ledger as it was before the call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import duckdb

from .errors import WarehouseError
from .queries import query_rows, result_rows
from .resources import sql_file
from .transaction import atomic

CHANGES_COLUMNS: tuple[str, ...] = ("event_seq", "event_id", "captured_at", "tier", "snapshot_id", "kind", "model",
                                    "column_name", "old_value", "new_value", "old_rank", "new_rank", "index_version",
                                    "across_methodology_change", "detail", "source", "recorded_at")


@dataclass(frozen=True)
class Failure:
    """A page or source a run could not load: told as a 'failed' event."""

    source: str
    tier: str | None
    detail: str

    def event_id(self, started_at: dt.datetime) -> str:
        source_hash = hashlib.sha256(self.source.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"failed:{self.tier or '-'}:{started_at.astimezone(dt.UTC).isoformat()}:{source_hash}"


def _transaction(con: duckdb.DuckDBPyConnection, what: str) -> AbstractContextManager[None]:
    return atomic(con, lambda exc: WarehouseError(f"{what} failed, nothing was recorded ({exc})"))


def max_event_seq(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute(sql_file("max_event_seq.sql")).fetchall()[0][0])


def record_events(con: duckdb.DuckDBPyConnection, snapshot_ids: Sequence[int], failures: Sequence[Failure],
                  started_at: dt.datetime) -> int:
    """Record the events of these snapshots and these failures that are not recorded yet.
    Returns the number of the last event recorded before this call (the run's own come after it)."""
    now = dt.datetime.now(dt.UTC)
    with _transaction(con, "recording the run's events"):
        before = max_event_seq(con)
        if snapshot_ids:
            ids = list(snapshot_ids)
            affected = [row[0] for row in con.execute(sql_file("affected_snapshots.sql"), {"snapshot_ids": ids}).fetchall()]
            con.execute(sql_file("current_board_events.sql"), {"affected": affected})
            con.execute(sql_file("withdraw_events.sql"), {"affected": affected, "recorded_at": now})
            con.execute(sql_file("restore_events.sql"), {"affected": affected, "snapshot_ids": ids})
            con.execute(sql_file("record_events.sql"), {"snapshot_ids": ids, "recorded_at": now})
            con.execute("DROP TABLE current_board_events")
        for failure in failures:
            con.execute(sql_file("record_failure.sql"), {"event_id": failure.event_id(started_at), "tier": failure.tier,
                                                         "started_at": started_at, "detail": failure.detail,
                                                         "source": failure.source, "recorded_at": now})
    return before


def record_job_run(con: duckdb.DuckDBPyConnection, *, job: str, started_at: dt.datetime, pages: int, loaded: int,
                   unchanged: int, failed: int, detail: str | None, failed_whole: bool = False) -> None:
    """A run's outcome: failed where any page failed or the run failed as a whole."""
    outcome = "failed" if failed or failed_whole else "ok"
    con.execute(sql_file("record_job_run.sql"), {
        "started_at": started_at, "finished_at": dt.datetime.now(dt.UTC), "job": job, "outcome": outcome, "pages": pages,
        "loaded": loaded, "unchanged": unchanged, "failed": failed, "detail": detail})


def register_targets(con: duckdb.DuckDBPyConnection, fingerprints: Sequence[str], since_event_seq: int) -> None:
    """Receivers seen for the first time are sent the events after `since_event_seq`."""
    now = dt.datetime.now(dt.UTC)
    with _transaction(con, "registering the notification receivers"):
        for fingerprint in fingerprints:
            con.execute(sql_file("register_target.sql"), {"fingerprint": fingerprint, "now": now,
                                                          "since_event_seq": since_event_seq})


def rekey_targets(con: duckdb.DuckDBPyConnection, rekey: Callable[[str], str]) -> int:
    """Give every receiver stored under an unkeyed fingerprint its keyed one; how many were."""
    unkeyed = [row[0] for row in con.execute(sql_file("unkeyed_targets.sql")).fetchall()]
    if unkeyed:
        with _transaction(con, "keying the notification receivers' fingerprints"):
            for old in unkeyed:
                new = rekey(old)
                con.execute(sql_file("rekey_target.sql"), {"old": old, "new": new})
                con.execute(sql_file("rekey_deliveries.sql"), {"old": old, "new": new})
    return len(unkeyed)


def pending_events(con: duckdb.DuckDBPyConnection, fingerprint: str) -> list[dict[str, Any]]:
    """Events this receiver has not been sent, oldest first."""
    return query_rows(con, "pending_events.sql", {"fingerprint": fingerprint})


def mark_delivered(con: duckdb.DuckDBPyConnection, fingerprint: str, event_seqs: Sequence[int]) -> None:
    with _transaction(con, "recording a delivery"):
        con.execute(sql_file("mark_delivered.sql"), {"fingerprint": fingerprint, "event_seqs": list(event_seqs),
                                                     "now": dt.datetime.now(dt.UTC)})


def events_between(con: duckdb.DuckDBPyConnection, since: dt.datetime | None, until: dt.datetime | None,
                   tier: str | None) -> list[dict[str, Any]]:
    """Recorded events captured in [since, until), of one board or all, in capture order."""
    result = result_rows(con, "events_between.sql", {"since": since, "until": until, "tier": tier})
    if result.columns != CHANGES_COLUMNS:
        raise RuntimeError(f"events_between.sql returns {result.columns}, CHANGES_COLUMNS says {CHANGES_COLUMNS}")
    return result.rows


def feed_events(con: duckdb.DuckDBPyConnection, tiers: Sequence[str], limit: int) -> dict[str, list[dict[str, Any]]]:
    """Per board, the events of its newest `limit` snapshots that had any, newest snapshot first."""
    by_tier: dict[str, list[dict[str, Any]]] = {tier: [] for tier in tiers}
    for row in query_rows(con, "feed_events.sql", {"tiers": list(tiers), "limit": limit}):
        by_tier[row["tier"]].append(row)
    return by_tier
