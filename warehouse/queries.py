"""Read-side queries the CLI prints; the SQL lives in warehouse/sql/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb

from parsers.boards import TIERS

from .errors import WarehouseError
from .resources import sql_file
from .schema import refresh_derived
from .transaction import atomic

# The columns board_status.sql returns, known without a database (status of a database not
# created yet still prints a CSV header); board_status checks the query agrees.
BOARD_STATUS_COLUMNS: tuple[str, ...] = ("tier", "snapshots", "latest_captured_at", "latest_snapshot_id", "latest_models")


@dataclass(frozen=True)
class ResultRows:
    """A query's rows with its column names, which an empty result still has."""

    columns: tuple[str, ...]
    rows: list[dict[str, Any]]


def latest_board(con: duckdb.DuckDBPyConnection, tiers: list[str]) -> ResultRows:
    """Every column of leaderboard_latest for these boards, in board and rank order."""
    return result_rows(con, "latest_board.sql", {"tiers": tiers})


def board_as_of(con: duckdb.DuckDBPyConnection, tiers: list[str], at: dt.datetime) -> ResultRows:
    """Every column of leaderboard_latest as it stood at `at`, for these boards, in board and rank order."""
    return result_rows(con, "board_as_of.sql", {"tiers": tiers, "ts": at})


def board_of_snapshot(con: duckdb.DuckDBPyConnection, tiers: list[str], snapshot_id: int) -> ResultRows:
    """Every column of leaderboard_latest as one snapshot gave these boards."""
    return result_rows(con, "board_of_snapshot.sql", {"tiers": tiers, "snapshot_id": snapshot_id})


def last_job_runs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The newest run of each job, newest first."""
    return query_rows(con, "last_job_runs.sql", {})


def last_failed_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    rows = query_rows(con, "last_failed_run.sql", {})
    return rows[0] if rows else None


def board_status(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per board: snapshot count and the newest snapshot's capture time, id and model count."""
    result = result_rows(con, "board_status.sql", {"tiers": list(TIERS)})
    if result.columns != BOARD_STATUS_COLUMNS:
        raise RuntimeError(f"board_status.sql returns {result.columns}, BOARD_STATUS_COLUMNS says {BOARD_STATUS_COLUMNS}")
    return result.rows


def held_boards(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Boards loaded but held back from the views, with why."""
    return query_rows(con, "held_boards.sql", {})


def holds_content(con: duckdb.DuckDBPyConnection, sha: str) -> bool:
    """Is a page of this content loaded here (a snapshot with a parse run that read it)?"""
    return bool(con.execute(sql_file("holds_content.sql"), {"sha": sha}).fetchall()[0][0])


def payload_changes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Per board, what the payload reader no longer found on the board's newest page."""
    return [f"{row['tier']} board, snapshot {row['snapshot_id']}: {row['warning']}"
            for row in query_rows(con, "payload_changes.sql", {})]


def retract(con: duckdb.DuckDBPyConnection, snapshot_id: int, reason: str, *, undo: bool = False,
            captured_at: dt.datetime | None = None) -> list[int]:
    """Take a snapshot back (or bring it back with `undo`, at `captured_at` where given: its right
    capture time); the snapshots whose events it changes (itself and the board snapshots that
    follow it). Raises LookupError saying why it cannot."""
    exists, retracted, following = con.execute(sql_file("retraction_state.sql"), {"snapshot_id": snapshot_id}).fetchall()[0]
    if not exists:
        raise LookupError(f"there is no snapshot {snapshot_id}")
    now = dt.datetime.now(dt.UTC)
    if undo and not retracted:
        raise LookupError(f"snapshot {snapshot_id} is not retracted")
    if not undo and retracted:
        raise LookupError(f"snapshot {snapshot_id} is retracted already")
    with _changing_boards(con, "undoing the retraction" if undo else "retracting the snapshot"):
        if not undo:
            con.execute(sql_file("retract.sql"), {"snapshot_id": snapshot_id, "reason": reason, "now": now})
            return [snapshot_id, *(following or [])]
        if captured_at is not None:
            con.execute(sql_file("redate_snapshot.sql"), {"snapshot_id": snapshot_id, "captured_at": captured_at})
        con.execute(sql_file("undo_retraction.sql"), {"snapshot_id": snapshot_id, "now": now})
        return [snapshot_id]


def retractions(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Snapshots retracted now, with why and when."""
    return query_rows(con, "retractions.sql", {})


def accept_boards(con: duckdb.DuckDBPyConnection, snapshot_id: int, tier: str | None) -> list[str]:
    """Release a snapshot's held boards (or one of them); the tiers released."""
    with _changing_boards(con, "accepting the boards"):
        found = con.execute(sql_file("accept_boards.sql"),
                            {"snapshot_id": snapshot_id, "tier": tier, "accepted_at": dt.datetime.now(dt.UTC)}).fetchall()
    return sorted(t for (t,) in found)


@contextmanager
def _changing_boards(con: duckdb.DuckDBPyConnection, what: str) -> Iterator[None]:
    """One transaction for a change to which boards the views show, and the refresh of the
    derived tables that list them."""
    with atomic(con, lambda exc: WarehouseError(f"{what} failed, nothing was changed ({exc})")):
        yield
        refresh_derived(con)


def last_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    rows = query_rows(con, "last_run.sql", {})
    return rows[0] if rows else None


def parse_state(con: duckdb.DuckDBPyConnection, parser_version: str) -> set[str]:
    """sha256 of every page this parser version has already read (loaded or refused)."""
    return {sha for (sha,) in con.execute(sql_file("parse_state.sql"), {"version": parser_version}).fetchall()}


def run_summary(con: duckdb.DuckDBPyConnection, snapshot_ids: list[int]) -> list[tuple[Any, ...]]:
    return con.execute(sql_file("run_summary.sql"), {"snapshot_ids": snapshot_ids, "tiers": list(TIERS)}).fetchall()


def snapshot_pages(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """(snapshot_id, content_sha256, archive_path) of every snapshot."""
    return con.execute(sql_file("snapshot_pages.sql")).fetchall()


def result_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> ResultRows:
    """The rows of one warehouse/sql/ query, as dicts, with its column names."""
    cursor = con.execute(sql_file(name), params)
    columns = tuple(d[0] for d in cursor.description)
    return ResultRows(columns, [dict(zip(columns, row)) for row in cursor.fetchall()])


def query_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one warehouse/sql/ query, as dicts."""
    return result_rows(con, name, params).rows


def report_data(con: duckdb.DuckDBPyConnection, tier: str, top: int = 10) -> dict[str, Any]:
    """Everything the report draws for one board."""
    return {
        "board": query_rows(con, "report_board.sql", {"tier": tier}),
        "snapshots": con.execute(sql_file("report_snapshot_count.sql"), {"tier": tier}).fetchall()[0][0],
        "history": query_rows(con, "report_score_history.sql", {"tier": tier, "top": top}),
        "events": query_rows(con, "report_events.sql", {"tier": tier}),
        "methodology": query_rows(con, "report_methodology.sql", {"tier": tier}),
        "snapshot_ids": [row[0] for row in con.execute(sql_file("report_board_snapshots.sql"), {"tier": tier}).fetchall()],
    }


def index_version_regressions(con: duckdb.DuckDBPyConnection, snapshot_ids: list[int]) -> list[dict[str, Any]]:
    """Where a board's index version steps back at one of these snapshots (a page dated wrong)."""
    return result_rows(con, "index_version_regressions.sql", {"ids": snapshot_ids}).rows
