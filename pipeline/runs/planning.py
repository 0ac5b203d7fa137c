"""What a run will take before it takes anything: the archived pages a reparse re-reads, the
captures a backfill fetches (those already archived are never fetched again)."""

from __future__ import annotations

from dataclasses import dataclass, field

import parsers
from warehouse.queries import parse_state

from ..archive.store import KnownCaptures, RawArchive, web_capture_key
from ..errors import PipelineError
from ..settings import Settings
from ..sources.capture_times import implausible
from ..sources.cdx import Capture
from ..sources.fetch import Fetcher
from ..sources.web_archive import BackfillOptions, Pacer, board_captures
from .outcomes import PageOutcome, failed_outcome


def pages_to_reparse(settings: Settings, *, force: bool) -> list[str]:
    """Archived pages the current parser version has not read yet (all of them with force)."""
    archived = list(RawArchive(settings.archive_dir).shas())
    if force or not settings.db_path.exists():
        return archived
    with settings.reading() as con:
        done = parse_state(con, parsers.PARSER_VERSION)
    return [sha for sha in archived if sha not in done]


# A planned capture's fields in output order (a dry run's CSV header, even when nothing is planned).
PLANNED_FIELDS: tuple[str, ...] = ("board_url", "timestamp", "captured_at", "original", "digest", "state",
                                   "archived_sha256", "replay_url")


@dataclass(frozen=True)
class PlannedCapture:
    board_url: str
    capture: Capture
    replay_url: str
    state: str  # "to fetch", "archived" (this capture), "same content archived" (another capture's)
    archived_sha256: str | None = None

    def as_dict(self) -> dict[str, object]:
        values = (self.board_url, self.capture.timestamp, self.capture.captured_at, self.capture.original,
                  self.capture.digest, self.state, self.archived_sha256, self.replay_url)
        return dict(zip(PLANNED_FIELDS, values, strict=True))


@dataclass
class BackfillReport:
    planned: list[PlannedCapture] = field(default_factory=list)
    outcomes: list[PageOutcome] = field(default_factory=list)  # index failures, then one per fetched capture
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[PageOutcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def to_fetch(self) -> list[PlannedCapture]:
        return [p for p in self.planned if p.state == "to fetch"]


def plan_backfill(settings: Settings, options: BackfillOptions, fetcher: Fetcher, pacer: Pacer) -> BackfillReport:
    """Ask the index for each URL's captures; mark those already archived. An index that fails
    for one URL is that URL's failed outcome; the others are still planned."""
    report = BackfillReport()
    known: KnownCaptures = RawArchive(settings.archive_dir).web_captures()
    for url in options.urls:
        try:
            captures = board_captures(options, url, fetcher, pacer, report.notes)
        except PipelineError as exc:
            report.outcomes.append(failed_outcome(f"{options.cdx_endpoint} ({url})", f"capture index: {exc}"))
            continue
        for capture in captures:
            replay = capture.replay_url(options.replay_endpoint)
            problem = capture.date_problem() or implausible(capture.captured_at)
            if problem:
                # A capture dated in the future would stay "latest" and hide every later night.
                report.outcomes.append(failed_outcome(replay, f"capture {capture.timestamp}: {problem}; refused"))
                continue
            sha = known.by_key.get(web_capture_key(capture.timestamp, capture.original))
            if sha:
                report.planned.append(PlannedCapture(url, capture, replay, "archived", sha))
            elif capture.digest and capture.digest in known.by_digest:
                report.planned.append(PlannedCapture(url, capture, replay, "same content archived", known.by_digest[capture.digest]))
            else:
                report.planned.append(PlannedCapture(url, capture, replay, "to fetch"))
    report.planned.sort(key=lambda p: (p.capture.timestamp, p.board_url))
    return report
