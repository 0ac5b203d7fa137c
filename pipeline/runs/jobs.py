"""The jobs users run (ingest, refresh, backfill, reparse), each written once as its steps in flow order.

How a step runs is the caller's choice: `plain` calls it here and now (the fast path: no
orchestration server), and pipeline.runs.flows passes a runner that makes each step a Prefect
task of its flow run. Either way the job is the same code, so both give the same warehouse.

Every job runs in one frame (`running`): one run per database at a time (the run lock), a run
that fails as a whole told to its receivers, and, at its end, its events recorded and the copy
and feeds published under its write connection, then its receivers told with no connection open.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

import duckdb

from warehouse.db import bound_memory, open_warehouse
from warehouse.errors import WarehouseError
from warehouse.events import record_events, record_job_run
from warehouse.load import PageLoad, batches_by_rows, rows_of
from warehouse.queries import index_version_regressions

from ..errors import PipelineError
from ..files import sweep_temporaries
from ..outputs.publishing import publish_after, publish_destination
from ..outputs.receivers import Notifications, deliver, notify_failure
from ..outputs.remote import publish_to
from ..settings import Settings
from ..sources.fetch import Fetcher, FetchPolicy
from ..sources.saved_files import PAGE_SUFFIXES, expand_paths
from ..sources.web_archive import BackfillOptions, Pacer
from .outcomes import OutcomeSink, PageOutcome, failed_outcome, failures_of, loaded_snapshots
from .planning import BackfillReport, PlannedCapture, pages_to_reparse, plan_backfill
from .progress import PROGRESS
from .runlock import run_lock
from .steps import Captured, capture_file, capture_url, capture_web, load_reparsed, process, reparse_page

T = TypeVar("T")


class StepRunner(Protocol):
    """Runs one step of a job with its arguments and returns what the step returns (or raises what it raises)."""

    def __call__(self, step: Callable[..., T], /, *args: Any) -> T: ...


def plain(step: Callable[..., T], /, *args: Any) -> T:
    """The fast path: the step is called here and now."""
    return step(*args)


@dataclass
class Run:
    """One job's run: where it works, who hears of it, how its steps run, and what it has done."""

    settings: Settings
    command: str  # names the run to a second run waiting on the lock, and to receivers if it fails as a whole
    notifications: Notifications = field(default_factory=Notifications)
    step: StepRunner = plain
    on_outcome: OutcomeSink | None = None
    outcomes: list[PageOutcome] = field(default_factory=list)

    def record(self, done: PageOutcome) -> None:
        """Keep a page's outcome and tell it at once (the progress line taken off first)."""
        self.outcomes.append(done)
        if self.on_outcome is not None:
            PROGRESS.clear()
            self.on_outcome(done)

    @contextmanager
    def loading(self) -> Iterator[None]:
        """A load the warehouse refuses (a full disk) ends the run, saying how many of its pages are loaded already."""
        try:
            yield
        except WarehouseError as exc:
            loaded = sum(o.status == "loaded" for o in self.outcomes)
            so_far = (f"{loaded} earlier page(s) of this run were loaded and stay in the warehouse" if loaded
                      else "no earlier page of this run was loaded")
            raise WarehouseError(f"{exc}; {so_far}") from exc

    def capture_and_process(self, source: str, capture: Callable[..., Captured], *capture_args: Any, tier: str | None = None,
                  con: duckdb.DuckDBPyConnection | None = None) -> None:
        """A page's two steps: capture it (a failure is this page's outcome, never the run's end), then process it."""
        try:
            captured = self.step(capture, *capture_args)
        except PipelineError as exc:
            self.record(failed_outcome(source, exc))
            return
        with self.loading():
            done = self.step(process, self.settings, captured, tier, con)
        self.record(done)


@contextmanager
def running(run: Run) -> Iterator[Run]:
    """Every job's frame: the run lock for its whole run, and a failure of the whole run (a locked
    or full warehouse, no pages) told to its receivers before it is raised."""
    settings = run.settings
    try:
        with run_lock(settings.db_path, run.command, settings.lock_timeout_s):
            yield run
    except (PipelineError, WarehouseError) as exc:
        _record_failed_run(run, str(exc))
        notify_failure(settings, run.notifications, run.command, str(exc))
        raise


JOBS = ("ingest", "refresh", "backfill", "reparse")


def _job(run: Run) -> str:
    """The job a run's command names ("aa-leaderboards refresh", "refresh flow" -> refresh)."""
    return next((word for word in run.command.split() if word in JOBS), run.command)


def _failure_detail(outcomes: Sequence[PageOutcome]) -> str | None:
    """The first failure (a page that failed, else a board held back) and how many more."""
    failed = [f"{o.source}: {o.error}" for o in outcomes if o.failed]
    failed += [f"{o.source}: held: {reason}" for o in outcomes for reason in o.held]
    if not failed:
        return None
    return failed[0] + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else "")


def _record_run(con: duckdb.DuckDBPyConnection, run: Run, detail: str | None, *, failed_whole: bool) -> None:
    """The run's row in job_runs: its pages counted by outcome."""
    counts = Counter(o.status for o in run.outcomes)
    record_job_run(con, job=_job(run), started_at=run.notifications.started_at, pages=len(run.outcomes),
                   loaded=counts["loaded"], unchanged=counts["unchanged"], failed=counts["failed"], detail=detail,
                   failed_whole=failed_whole)


def _record_failed_run(run: Run, why: str) -> None:
    """A run that failed as a whole, recorded where the warehouse can be written at all (not when
    it is locked or full: then its receivers are told, and health sees the boards grow old)."""
    settings = run.settings
    if not settings.db_path.is_file():
        return
    try:
        with open_warehouse(settings.db_path, lock_timeout_s=min(settings.lock_timeout_s, 2.0)) as con:
            _record_run(con, run, why, failed_whole=True)
    except (WarehouseError, duckdb.Error):
        pass  # the run's own failure is what is raised and told


def record_and_publish(run: Run, con: duckdb.DuckDBPyConnection | None = None) -> int | None:
    """Record the run's events, then publish, on the run's write connection (or one held for this).
    Returns the last event number before this run's (None: no warehouse to record them in, as
    when every page failed before one was made)."""
    settings = run.settings
    if con is None and not settings.db_path.exists():
        return None
    with settings.writing(con) as writer:
        since = record_events(writer, loaded_snapshots(run.outcomes), failures_of(run.outcomes), run.notifications.started_at)
        _record_run(writer, run, _failure_detail(run.outcomes), failed_whole=any(o.held for o in run.outcomes))
        publish_after(settings, changed=any(o.status == "loaded" for o in run.outcomes), con=writer)
    return since


def notify_receivers(run: Run, since_event_seq: int | None) -> None:
    """Send the analysts' copy where AA_LEADERBOARDS_PUBLISH_TO says, when the run loaded pages,
    then notify the run's receivers (with the write connection closed)."""
    destination = publish_destination()
    if destination and any(o.status == "loaded" for o in run.outcomes):
        publish_to(run.settings.db_path, destination)
    unrecorded = failures_of(run.outcomes) if since_event_seq is None else []
    deliver(run.settings, run.notifications, since_event_seq, unrecorded)


def end_run(run: Run) -> None:
    """The last stage of a run that holds no connection of its own: record, publish, tell."""
    notify_receivers(run, record_and_publish(run))


# ---- the jobs --------------------------------------------------------------------------------

def ingest_files(settings: Settings, patterns: Sequence[str], *, tier: str | None = None,
                 captured_at: dt.datetime | None = None, on_outcome: OutcomeSink | None = None,
                 notifications: Notifications | None = None, step: StepRunner = plain,
                 command: str = "aa-leaderboards ingest", on_note: Callable[[str], None] | None = None) -> list[PageOutcome]:
    """Archive, parse, validate and load saved pages, then publish and tell. A bad page never stops the others.
    `on_note` hears of the files a folder or glob holds that are not saved pages (skipped).

    Local files are quick to read, so one write connection serves the whole run (each page is
    still its own transaction) and the publishing after it.
    """
    run = Run(settings, command, notifications or Notifications(), step, on_outcome)
    with running(run):
        def skipped(path: Path) -> None:
            if on_note is not None:
                on_note(f"skipped {path}: not a saved page ({', '.join(PAGE_SUFFIXES)})")

        paths = expand_paths(patterns, skipped)
        sweep_temporaries(settings.archive_dir)
        with settings.writing() as con:
            for path in paths:
                run.capture_and_process(str(path), capture_file, settings, path, captured_at, tier=tier, con=con)
            since = record_and_publish(run, con)
            run.outcomes[:] = with_dating_warnings(run.outcomes, con)
        notify_receivers(run, since)
    return run.outcomes


def refresh_urls(settings: Settings, urls: Sequence[str], *, policy: FetchPolicy | None = None,
                 on_outcome: OutcomeSink | None = None, notifications: Notifications | None = None, step: StepRunner = plain,
                 command: str = "aa-leaderboards refresh") -> list[PageOutcome]:
    """Fetch each source, archive, parse, load, then publish and tell. A failing source never
    stops the others. No write connection is held while fetching: each page's load takes one."""
    run = Run(settings, command, notifications or Notifications(), step, on_outcome)
    with running(run):
        fetcher = Fetcher(policy or FetchPolicy())
        try:
            sweep_temporaries(settings.archive_dir)
            for url in urls:
                run.capture_and_process(url, capture_url, settings, url, fetcher)
        finally:
            fetcher.close()
        end_run(run)
    return run.outcomes


def _backfill_progress(done: int, total: int, planned: PlannedCapture | None) -> None:
    if done == total:
        PROGRESS.clear()
        return
    current = f" {planned.capture.timestamp} {planned.board_url}" if planned else ""
    PROGRESS.show(f"backfill {done}/{total}{current}")


def backfill_plan(settings: Settings, options: BackfillOptions, *, policy: FetchPolicy | None = None,
                  pacer: Pacer | None = None) -> BackfillReport:
    """A dry run: the captures a backfill would fetch and those already archived. Nothing is
    fetched but the index, nothing written, no lock taken."""
    fetcher = Fetcher(policy or FetchPolicy())
    try:
        return plan_backfill(settings, options, fetcher, pacer or Pacer(options.interval_s))
    finally:
        fetcher.close()


def backfill(settings: Settings, options: BackfillOptions, *, policy: FetchPolicy | None = None,
             progress: Callable[[int, int, PlannedCapture | None], None] = _backfill_progress,
             pacer: Pacer | None = None, on_outcome: OutcomeSink | None = None, notifications: Notifications | None = None,
             step: StepRunner = plain, command: str = "aa-leaderboards backfill") -> BackfillReport:
    """The boards' history from a web archive: plan (list each board's captures, mark those
    already archived), then fetch, archive and load every capture not yet archived, then publish
    and tell. The index's own failures are said first; a capture that fails never stops the others."""
    run = Run(settings, command, notifications or Notifications(), step, on_outcome)
    pacer = pacer or Pacer(options.interval_s)
    with running(run):
        fetcher = Fetcher(policy or FetchPolicy())
        try:
            report = run.step(plan_backfill, settings, options, fetcher, pacer)
            for failed in report.outcomes:
                run.record(failed)
            todo = report.to_fetch
            sweep_temporaries(settings.archive_dir)
            for done, planned in enumerate(todo):
                progress(done, len(todo), planned)
                run.capture_and_process(planned.replay_url, capture_web, settings, planned, fetcher, pacer)
            if todo:
                progress(len(todo), len(todo), None)
        finally:
            fetcher.close()
        end_run(run)
    report.outcomes = run.outcomes
    return report


def _reparse_progress(done: int, total: int) -> None:
    if done == total:
        PROGRESS.clear()
        return
    width = 30
    filled = width * done // max(total, 1)
    PROGRESS.show(f"reparse [{'#' * filled}{' ' * (width - filled)}] {done}/{total}")


def _bounded_map(pool: ProcessPoolExecutor, fn: Callable[[str], T], items: Sequence[str], *, in_flight: int) -> Iterator[T]:
    """pool.map, in order, with at most `in_flight` pages parsed ahead of the loader (enough to keep
    the workers busy while the loader commits a batch): Executor.map submits everything at once,
    and parsed pages (source records and all) would pile up in memory whenever parsing outruns loading."""
    pending: deque[Future[T]] = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def reparse_archive(settings: Settings, *, force: bool = False, workers: int | None = None,
                    shas: Sequence[str] | None = None, progress: Callable[[int, int], None] = _reparse_progress,
                    on_outcome: OutcomeSink | None = None, notifications: Notifications | None = None, step: StepRunner = plain,
                    command: str = "aa-leaderboards reparse") -> list[PageOutcome]:
    """Re-parse archived pages with the current parser version (those it has not read, or all
    with `force`), then publish and tell.

    Parsing runs in worker processes across cores; loading stays in this one, on one write
    connection (opening and closing one per batch, a checkpoint each, would cost more than the
    loading), a transaction and a step per about BULK_ROWS rows, never splitting a snapshot.
    """
    run = Run(settings, command, notifications or Notifications(), step, on_outcome)
    with running(run):
        todo = list(shas) if shas is not None else pages_to_reparse(settings, force=force)
        if not todo:
            return run.outcomes
        workers = workers or os.cpu_count() or 1
        progress(0, len(todo))
        with ProcessPoolExecutor(max_workers=workers) as pool, \
                settings.writing() as con:
            bound_memory(con)
            parsed = _bounded_map(pool, partial(reparse_page, str(settings.archive_dir)), todo, in_flight=workers * 32)
            for batch in batches_by_rows(parsed, lambda r: rows_of(r) if isinstance(r, PageLoad) else 0):
                for unread in (r for r in batch if isinstance(r, PageOutcome)):
                    run.record(unread)
                with run.loading():
                    loaded = run.step(load_reparsed, settings, [r for r in batch if isinstance(r, PageLoad)], con)
                for done in loaded:
                    run.record(done)
                progress(len(run.outcomes), len(todo))
            since = record_and_publish(run, con)
        notify_receivers(run, since)
    return run.outcomes


# ---- after a run -----------------------------------------------------------------------------

def with_dating_warnings(outcomes: Sequence[PageOutcome], con: duckdb.DuckDBPyConnection) -> list[PageOutcome]:
    """The outcomes, each loaded page's with the boards it made step back to an older index
    version: a page dated wrong (by a file's mtime, say), which would invent a methodology change
    and misorder the board's history. Read on the run's connection, once its pages are loaded."""
    ids = loaded_snapshots(outcomes)
    found = index_version_regressions(con, ids) if ids else []
    if not found:
        return list(outcomes)
    by_snapshot: dict[int, list[str]] = {}
    for r in found:
        # The step back is at a loaded page, or at the page after one (a page dated too early).
        page = r["snapshot_id"] if r["snapshot_id"] in ids else r["previous_snapshot_id"]
        by_snapshot.setdefault(page, []).append(_dating_warning(r))
    # Each said once, on the first page of its snapshot.
    return [replace(o, dating_warnings=tuple(by_snapshot.pop(o.snapshot_id))) if o.snapshot_id in by_snapshot else o
            for o in outcomes]


def _dating_warning(r: dict[str, Any]) -> str:
    return (f"{r['tier']} board: Intelligence Index v{r['old_value']} (snapshot {r['previous_snapshot_id']}, captured "
            f"{r['previous_captured_at'].isoformat()}) is followed by the older v{r['new_value']} (snapshot {r['snapshot_id']}, "
            f"captured {r['captured_at'].isoformat()}, from {r['capture_time_source']}): the site re-bases forward, so one "
            "of these pages is probably dated wrong: take it back with `aa-leaderboards retract "
            f"{r['snapshot_id']} --why ...`, then `aa-leaderboards retract --undo {r['snapshot_id']} --captured-at TIME` "
            "gives it its real capture time")
