"""The jobs users run, as plain functions over the steps (the fast path: no orchestration server).

pipeline.flows runs the same per-page functions as Prefect tasks; both give the same warehouse.
A page's work is split in two: capture (fetch or read, then archive) and process (parse,
validate, load). Capture always finishes before anything parses the page, so a page that
fails later is still archived.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import duckdb

import parsers
from warehouse.db import bound_memory, open_warehouse
from warehouse.errors import WarehouseError
from warehouse.load import DEFAULT_MAX_SHRINK, PageLoad, batches_by_rows, rows_of
from warehouse.publish import copy_behind_s, published_path
from warehouse.queries import index_version_regressions, parse_state

from ..archive.store import RawArchive, page_content, sweep_temporaries
from ..errors import ArchiveError, PipelineError
from ..outputs.feeds import feeds_dir
from ..outputs.tell import TIERS, Telling, deliver, failures_of, publish, record_run
from ..sources.fetch import Fetcher, FetchPolicy, http_meta
from .steps import (
    ArchivedFile,
    PageOutcome,
    archive_file,
    expand_paths,
    failed_outcome,
    load_batch,
    loaded_snapshots,
    outcome,
    parse_content,
)

REPARSE_BATCH = 150  # archived pages per Prefect task in the reparse flow
T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    db_path: Path
    archive_dir: Path
    lock_timeout_s: float = 30.0
    max_shrink: float | None = DEFAULT_MAX_SHRINK  # None: never hold a board back

    @classmethod
    def for_db(cls, db: Path | str, archive: Path | str | None = None, lock_timeout_s: float = 30.0,
               max_shrink: float | None = DEFAULT_MAX_SHRINK) -> Settings:
        """Settings for a database; the raw archive lives beside it unless told otherwise."""
        db_path = Path(db)
        return cls(db_path=db_path, archive_dir=Path(archive) if archive else db_path.parent / "archive",
                   lock_timeout_s=lock_timeout_s, max_shrink=max_shrink)


@dataclass(frozen=True)
class Captured:
    """A page captured and archived (or found unchanged at its source)."""

    source: str
    saved: ArchivedFile | None
    validators: dict[str, str]


# Threads of one process share a DuckDB database; its ids are assigned per load, so loads
# from one process go one at a time (other processes wait on the file lock).
_LOAD_LOCK = threading.Lock()


def capture_file(settings: Settings, path: Path, captured_at: dt.datetime | None) -> Captured:
    return Captured(source=str(path), saved=archive_file(RawArchive(settings.archive_dir), path, captured_at), validators={})


def capture_url(settings: Settings, url: str, fetcher: Fetcher) -> Captured:
    """Fetch (conditionally, when the last fetch left validators) and archive the page."""
    archive = RawArchive(settings.archive_dir)
    result = fetcher.fetch(url, archive.validators(url))
    if result.not_modified or result.body is None:
        return Captured(source=url, saved=None, validators=result.validators)
    content = page_content(result.body, url)
    archived = archive.store(content, source=url, captured_at=result.fetched_at, capture_time_source="fetch", http=http_meta(result))
    saved = ArchivedFile(content, archived, result.fetched_at, "fetch")
    return Captured(source=url, saved=saved, validators=result.validators)


def process(settings: Settings, captured: Captured, tier: str | None = None,
            con: duckdb.DuckDBPyConnection | None = None) -> PageOutcome:
    """Parse, validate and load one captured page; remember the source's validators once loaded.

    `con` is an open write connection to reuse; without it one is held just for the load.
    """
    if captured.saved is None:
        return PageOutcome(source=captured.source, status="unchanged")
    saved = captured.saved
    load = parse_content(saved.content, saved.archived, source=captured.source, tier=tier,
                         captured_at=saved.captured_at, capture_time_source=saved.capture_time_source)
    with _LOAD_LOCK:
        [result] = load_batch(settings.db_path, [load], lock_timeout_s=settings.lock_timeout_s, con=con,
                              max_shrink=settings.max_shrink)
    done = outcome(load, result)
    if not done.failed and captured.validators:
        # Only a page that made it into the warehouse may be skipped by a 304 next time.
        RawArchive(settings.archive_dir).save_validators(captured.source, captured.validators)
    return done


def publish_after(settings: Settings, outcomes: Sequence[PageOutcome], con: duckdb.DuckDBPyConnection | None = None) -> Path | None:
    """Refresh the analysts' copy and the feeds when the run changed the warehouse, or when the
    copy or a feed is missing or the copy is older than the warehouse's last change (an earlier
    publish failed: a full disk, a file in the way), so analysts never read yesterday's board
    after a run that succeeded."""
    if not settings.db_path.exists():
        return None
    if not any(o.status == "loaded" for o in outcomes):
        if con is not None:
            behind = copy_behind_s(settings.db_path, con)
        else:
            with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as own:
                behind = copy_behind_s(settings.db_path, own)
        feeds = feeds_dir(published_path(settings.db_path))
        if behind <= 0 and all((feeds / f"{tier}.atom").exists() for tier in TIERS):
            return None
    return publish(settings.db_path, con=con, lock_timeout_s=settings.lock_timeout_s)


def finish_run(settings: Settings, outcomes: Sequence[PageOutcome], telling: Telling,
               con: duckdb.DuckDBPyConnection | None = None) -> int | None:
    """Record the run's events, then publish. Returns the last event number before this run's
    (None when there is no warehouse to record them in: every page failed before one was made)."""
    if con is None:
        if not settings.db_path.exists():
            return None
        with open_warehouse(settings.db_path, lock_timeout_s=settings.lock_timeout_s) as own:
            return finish_run(settings, outcomes, telling, own)
    since = record_run(con, outcomes, telling.started_at)
    publish_after(settings, outcomes, con=con)
    return since


def end_run(settings: Settings, outcomes: Sequence[PageOutcome], telling: Telling) -> None:
    """A run's last stage, for runs that hold no connection of their own: record, publish, notify."""
    tell(settings, outcomes, telling, finish_run(settings, outcomes, telling))


def tell(settings: Settings, outcomes: Sequence[PageOutcome], telling: Telling, since_event_seq: int | None) -> None:
    """Notify the run's receivers (after the write connection is closed)."""
    unrecorded = failures_of(outcomes) if since_event_seq is None else []
    deliver(settings.db_path, telling, since_event_seq, settings.lock_timeout_s, unrecorded)


def dating_warnings(settings: Settings, outcomes: Sequence[PageOutcome]) -> list[str]:
    """Boards this run made step back to an older index version: a page dated wrong (by a file's
    mtime, say), which would invent a methodology change and misorder the board's history."""
    ids = loaded_snapshots(outcomes)
    if not ids or not settings.db_path.exists():
        return []
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        found = index_version_regressions(con, ids)
    return [f"{r['tier']} board: Intelligence Index v{r['old_value']} (snapshot {r['previous_snapshot_id']}, captured "
            f"{r['previous_captured_at'].isoformat()}) is followed by the older v{r['new_value']} (snapshot {r['snapshot_id']}, "
            f"captured {r['captured_at'].isoformat()}, from {r['capture_time_source']}): the site re-bases forward, so one "
            "of these pages is probably dated wrong. A snapshot keeps the time it was first loaded with: load that page "
            "into a fresh database with its real --captured-at, or leave it out" for r in found]


# Told of each page's outcome as soon as it is decided (the CLI prints it then, so a run cut off
# by a kill or a full disk has already said what it loaded).
OutcomeSink = Callable[[PageOutcome], None]


def record_outcome(outcomes: list[PageOutcome], done: PageOutcome, on_outcome: OutcomeSink | None) -> None:
    """Keep a page's outcome and tell it at once."""
    outcomes.append(done)
    if on_outcome is not None:
        on_outcome(done)


def _loads_so_far(outcomes: Sequence[PageOutcome]) -> str:
    loaded = sum(o.status == "loaded" for o in outcomes)
    return f"{loaded} earlier page(s) of this run were loaded and stay in the warehouse" if loaded else \
        "no earlier page of this run was loaded"


def ingest_files(settings: Settings, patterns: Sequence[str], *, tier: str | None = None,
                 captured_at: dt.datetime | None = None, on_outcome: OutcomeSink | None = None,
                 telling: Telling | None = None) -> list[PageOutcome]:
    """Archive, parse, validate and load saved pages, then publish. A bad page never stops the others.

    Local files are quick to read, so one write connection serves the whole run (each page is
    still its own transaction) and the publishing after it. A warehouse that cannot take a load
    (a full disk) ends the run, saying how many of its pages were loaded before.
    """
    telling = telling or Telling()
    paths = expand_paths(patterns)
    sweep_temporaries(settings.archive_dir)
    outcomes: list[PageOutcome] = []
    with open_warehouse(settings.db_path, lock_timeout_s=settings.lock_timeout_s) as con:
        for path in paths:
            try:
                captured = capture_file(settings, path, captured_at)
            except PipelineError as exc:
                record_outcome(outcomes, failed_outcome(str(path), exc), on_outcome)
                continue
            try:
                done = process(settings, captured, tier, con=con)
            except WarehouseError as exc:
                raise WarehouseError(f"{exc}; {_loads_so_far(outcomes)}") from exc
            record_outcome(outcomes, done, on_outcome)
        since = finish_run(settings, outcomes, telling, con=con)
    tell(settings, outcomes, telling, since)
    return outcomes


def refresh_urls(settings: Settings, urls: Sequence[str], *, policy: FetchPolicy | None = None,
                 on_outcome: OutcomeSink | None = None, telling: Telling | None = None) -> list[PageOutcome]:
    """Fetch each source, archive, parse, load. A failing source never stops the others."""
    telling = telling or Telling()
    fetcher = Fetcher(policy or FetchPolicy())
    sweep_temporaries(settings.archive_dir)
    outcomes: list[PageOutcome] = []
    try:
        for url in urls:
            try:
                captured = capture_url(settings, url, fetcher)
            except PipelineError as exc:
                record_outcome(outcomes, failed_outcome(url, exc), on_outcome)
                continue
            try:
                done = process(settings, captured)
            except WarehouseError as exc:
                raise WarehouseError(f"{exc}; {_loads_so_far(outcomes)}") from exc
            record_outcome(outcomes, done, on_outcome)
    finally:
        fetcher.close()
    end_run(settings, outcomes, telling)
    return outcomes


# ---- reparse ---------------------------------------------------------------------------------

def reparse_page(archive_dir: str, sha: str) -> PageLoad | PageOutcome:
    """Worker: read one archived page (hash verified) and parse it with the current parser.

    A page whose bytes no longer match their hash is reported, never parsed.
    """
    archive = RawArchive(archive_dir)
    try:
        described = archive.describe(sha)
        content = archive.read(sha)
    except ArchiveError as exc:
        return failed_outcome(f"archive:{sha}", exc)
    return parse_content(content, described, source=described.source,
                         captured_at=described.captured_at, capture_time_source=described.capture_time_source)


def pages_to_reparse(settings: Settings, *, force: bool) -> list[str]:
    """Archived pages the current parser version has not read yet (all of them with force)."""
    archived = list(RawArchive(settings.archive_dir).shas())
    if force or not settings.db_path.exists():
        return archived
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        done = parse_state(con, parsers.PARSER_VERSION)
    return [sha for sha in archived if sha not in done]


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done == total else ""
        print(f"\rreparse [{'#' * filled}{' ' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True)


def _bounded_map(pool: ProcessPoolExecutor, fn: Callable[[str], T], items: Sequence[str], *, in_flight: int) -> Iterator[T]:
    """pool.map, in order, with at most `in_flight` pages parsed ahead of the loader (enough to keep
    the workers busy while the loader commits a batch): Executor.map
    submits everything at once, and parsed pages (source records and all) would pile up in memory
    whenever parsing outruns loading."""
    pending: deque[Future[T]] = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def reparse_archive(settings: Settings, *, force: bool = False, workers: int | None = None,
                    shas: Sequence[str] | None = None, progress: Callable[[int, int], None] = _progress,
                    publish_copy: bool = True, on_outcome: OutcomeSink | None = None,
                    telling: Telling | None = None) -> list[PageOutcome]:
    """Re-parse archived pages with the current parser version, in parallel across cores.

    Parsing runs in worker processes; loading stays in this one, a transaction per about
    BULK_ROWS rows (never splitting a snapshot).
    """
    telling = telling or Telling()
    todo = list(shas) if shas is not None else pages_to_reparse(settings, force=force)
    outcomes: list[PageOutcome] = []
    if not todo:
        return outcomes
    workers = workers or os.cpu_count() or 1
    progress(0, len(todo))
    # One connection for the whole run: opening and closing (a checkpoint) per batch would cost
    # more than the loading itself. Each batch is still its own transaction.
    with ProcessPoolExecutor(max_workers=workers) as pool, \
            open_warehouse(settings.db_path, lock_timeout_s=settings.lock_timeout_s) as con:
        bound_memory(con)
        results = _bounded_map(pool, partial(reparse_page, str(settings.archive_dir)), todo, in_flight=workers * 32)
        for batch in batches_by_rows(results, lambda r: rows_of(r) if isinstance(r, PageLoad) else 0):
            loads = [r for r in batch if isinstance(r, PageLoad)]
            for unread in (r for r in batch if isinstance(r, PageOutcome)):
                record_outcome(outcomes, unread, on_outcome)
            try:
                with _LOAD_LOCK:
                    loaded = load_batch(settings.db_path, loads, lock_timeout_s=settings.lock_timeout_s, con=con,
                                        max_shrink=settings.max_shrink)
            except WarehouseError as exc:
                raise WarehouseError(f"{exc}; {_loads_so_far(outcomes)}") from exc
            for load, result in zip(loads, loaded):
                record_outcome(outcomes, outcome(load, result), on_outcome)
            progress(len(outcomes), len(todo))
        since = finish_run(settings, outcomes, telling, con=con) if publish_copy else None
    if publish_copy:
        tell(settings, outcomes, telling, since)
    return outcomes
