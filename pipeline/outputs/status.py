"""What `status` reports, as plain data: the same for people, monitoring scripts and tests."""

from __future__ import annotations

from typing import Any

from warehouse.publish import copy_behind_s, published_path
from warehouse.queries import board_status, held_boards, last_failed_run, last_job_runs, last_run, payload_changes, retractions

from ..archive.store import RawArchive
from ..settings import Settings


def status_report(settings: Settings) -> dict[str, Any]:
    """Paths, archived page count, per-board snapshot counts, boards held back and the last parse run.

    Reads the database read-only, so it never waits on or disturbs a reader; a database that
    does not exist yet is reported as such, not created.
    """
    report: dict[str, Any] = {
        "database": str(settings.db_path.resolve()),
        "database_exists": settings.db_path.exists(),
        "archive": str(settings.archive_dir.resolve()),
        "archived_pages": sum(1 for _ in RawArchive(settings.archive_dir).shas()),
        "boards": [],
        "held_boards": [],
        # What the payload reader no longer finds on a board's newest page (a renamed key).
        "payload_changes": [],
        # Snapshots taken back (`retract`), with why and when: out of every view.
        "retracted_snapshots": [],
        "last_parse_run": None,
        # The newest run of each job (ingest, refresh, backfill, reparse) with its outcome, and
        # the newest run that failed, with why.
        "last_runs": [],
        "last_failed_run": None,
        "published_copy": str(published_path(settings.db_path).resolve()),
        "published_copy_exists": published_path(settings.db_path).exists(),
        # Seconds the copy is older than the warehouse's last change: 0 when current, None
        # when there is no copy (or no warehouse).
        "published_copy_behind_s": None,
    }

    if report["database_exists"]:
        with settings.reading() as con:
            report["boards"] = board_status(con)
            report["held_boards"] = held_boards(con)
            report["payload_changes"] = payload_changes(con)
            report["retracted_snapshots"] = retractions(con)
            report["last_parse_run"] = last_run(con)
            report["last_runs"] = last_job_runs(con)
            report["last_failed_run"] = last_failed_run(con)
            behind = copy_behind_s(settings.db_path, con)
            if behind != float("inf"):
                report["published_copy_behind_s"] = round(behind, 3)
    return report
