"""What happened to each page of a run: the line a user reads, the exit status, what is told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from warehouse.events import Failure
from warehouse.load import LoadResult, PageLoad, SnapshotMeta

from ..errors import UnreachableError
from ..sources.fetch import tier_of_source


@dataclass(frozen=True)
class PageOutcome:
    """What happened to one page, for the report and the exit status."""

    source: str
    status: str  # loaded | unchanged | failed
    content_sha256: str | None = None
    snapshot_id: int | None = None
    tiers: tuple[str, ...] = ()
    rows: int = 0
    captured_at: dt.datetime | None = None
    capture_time_source: str | None = None
    error: str | None = None
    # A failure worth retrying later as it is (the network or the host not there), not a bad page.
    temporary: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)
    held: tuple[str, ...] = field(default_factory=tuple)  # boards loaded but held back, with the reasons
    # About the capture time (taken from a file's mtime; an option the warehouse did not use):
    # printed on stderr always, since a wrong time misdates the board for good.
    capture_notes: tuple[str, ...] = field(default_factory=tuple)
    # The board's index version steps back at this page's snapshot: the page is probably dated
    # wrong. Known once the run's pages are all loaded; printed on stderr after its summary.
    dating_warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


# Told of each page's outcome as soon as it is decided (the CLI prints it then, so a run cut off
# by a kill or a full disk has already said what it loaded).
OutcomeSink = Callable[[PageOutcome], None]


def loaded_snapshots(outcomes: Sequence[PageOutcome]) -> list[int]:
    """The snapshots a run loaded (or loaded again under a new parser version), in id order."""
    return sorted({o.snapshot_id for o in outcomes if o.status == "loaded" and o.snapshot_id is not None})


# sysexits.h's EX_TEMPFAIL: try again later (cron, systemd and monitors tell it from "broken").
EXIT_TEMPORARY = 75


def exit_status(outcomes: Sequence[PageOutcome]) -> int:
    """75 when every failure of the run was temporary (the network not there) and no board was
    held, 1 when a page failed or a board was held back, else 0."""
    failed = [o for o in outcomes if o.failed]
    if failed and all(o.temporary for o in failed) and not any(o.held for o in outcomes):
        return EXIT_TEMPORARY
    return 1 if failed or any(o.held for o in outcomes) else 0


def failed_outcome(source: str, error: object) -> PageOutcome:
    """A page that could not be captured or read: the outcome carries the one-line reason."""
    return PageOutcome(source=source, status="failed", error=str(error), temporary=isinstance(error, UnreachableError))


def failures_of(outcomes: Sequence[PageOutcome]) -> list[Failure]:
    """The run's failed pages as the warehouse records them (and receivers are told), each with its board where known."""
    return [Failure(source=o.source, tier=tier_of_source(o.source), detail=str(o.error)) for o in outcomes if o.failed]


def capture_notes(meta: SnapshotMeta, result: LoadResult) -> tuple[str, ...]:
    """What a user must know about the time a page is dated by."""
    if result.stored_captured_at is not None:
        if meta.capture_time_source == "option" and meta.captured_at != result.stored_captured_at:
            return (f"{meta.source}: --captured-at {meta.captured_at.isoformat()} not used: this content is snapshot "
                    f"{result.snapshot_id}, stored as captured {result.stored_captured_at.isoformat()} "
                    f"(from {result.stored_capture_time_source}); the stored time is kept",)
        return ()
    if result.status == "loaded" and meta.capture_time_source == "mtime":
        return (f"{meta.source}: dated {meta.captured_at.isoformat()} by the file's modification time (no capture time "
                "in its name or the archive); if that is not when the page was captured, give --captured-at",)
    return ()


def load_outcome(load: PageLoad, result: LoadResult) -> PageOutcome:
    """What the warehouse did with a parsed page (or with its refusal)."""
    page = load.page
    return PageOutcome(
        source=load.meta.source,
        status=result.status,
        content_sha256=load.meta.content_sha256,
        snapshot_id=result.snapshot_id,
        tiers=page.tiers if page else (),
        rows=result.rows if result.status == "loaded" else (len(page.rows) if page else 0),
        # A snapshot keeps the time it was first stored with: the line says that time, not this run's.
        captured_at=result.stored_captured_at or load.meta.captured_at,
        capture_time_source=result.stored_capture_time_source or load.meta.capture_time_source,
        error=result.error,
        warnings=page.warnings if page else (),
        held=result.held,
        capture_notes=capture_notes(load.meta, result),
    )
