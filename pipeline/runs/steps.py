"""The steps every job is made of, as plain functions: a page's capture (read or fetch, then
archive) and its processing (parse, validate, load).

A job (jobs.py) runs them in flow order through a step runner: called directly on the fast
path, as Prefect tasks in a flow (flows.py). Capture always finishes before anything parses the
page, so a page that fails later is still archived.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

import parsers
from parsers import ParsedPage, ParseError, parse_page
from parsers.rows import FrozenMap
from warehouse.load import LoadResult, PageLoad, SnapshotMeta, load_pages
from warehouse.queries import holds_content

from ..archive.store import ArchivedPage, RawArchive, page_content, sha256_hex
from ..errors import ArchiveError
from ..settings import Settings
from ..sources.capture_times import capture_time
from ..sources.fetch import Fetcher, http_meta
from ..sources.saved_files import read_saved
from ..sources.web_archive import CAPTURE_TIME_SOURCE, Pacer, fetch_capture
from .outcomes import PageOutcome, failed_outcome, load_outcome
from .planning import PlannedCapture


@dataclass(frozen=True)
class ArchivedFile:
    content: bytes
    archived: ArchivedPage
    captured_at: dt.datetime
    capture_time_source: str


@dataclass(frozen=True)
class Captured:
    """A page captured and archived (or found unchanged at its source: `saved` None)."""

    source: str
    saved: ArchivedFile | None
    validators: dict[str, str]


# ---- capture: a page from its source into the archive ------------------------------------------

def capture_file(settings: Settings, path: Path, captured_at: dt.datetime | None) -> Captured:
    """Read a saved page and archive it, dated by the option, the archive, its name or its mtime."""
    archive = RawArchive(settings.archive_dir)
    content = page_content(read_saved(path), str(path))
    sha = sha256_hex(content)
    known = archive.sidecar(sha)
    archived_at = dt.datetime.fromisoformat(known["captured_at"]) if known else None
    when, how = capture_time(path, captured_at, archived_at)
    archived = archive.store(content, source=str(path), captured_at=when, capture_time_source=how, sha256=sha)
    return Captured(source=str(path), saved=ArchivedFile(content, archived, when, how), validators={})


def capture_url(settings: Settings, url: str, fetcher: Fetcher) -> Captured:
    """Fetch (conditionally, when the last fetch left validators) and archive the page."""
    archive = RawArchive(settings.archive_dir)
    validators = archive.validators(url)
    if validators and not _holds(settings, validators.get("sha256")):
        validators = {}  # this warehouse never loaded the page they stand for: ask for it whole
    result = fetcher.fetch(url, validators)
    if result.not_modified or result.body is None:
        return Captured(source=url, saved=None, validators=result.validators)
    content = page_content(result.body, url)
    archived = archive.store(content, source=url, captured_at=result.fetched_at, capture_time_source="fetch", http=http_meta(result))
    saved = ArchivedFile(content, archived, result.fetched_at, "fetch")
    return Captured(source=url, saved=saved, validators=result.validators)


def _holds(settings: Settings, sha: str | None) -> bool:
    if not sha or not settings.db_path.exists():
        return False
    with settings.reading() as con:
        return holds_content(con, sha)


def capture_web(settings: Settings, planned: PlannedCapture, fetcher: Fetcher, pacer: Pacer) -> Captured:
    """Fetch one web-archive capture as it was served and archive it, naming the capture."""
    fetched = fetch_capture(planned.capture, planned.replay_url, fetcher, pacer)
    content = page_content(fetched.body, planned.replay_url)
    archived = RawArchive(settings.archive_dir).store(content, source=planned.replay_url, captured_at=fetched.captured_at,
                                                      capture_time_source=CAPTURE_TIME_SOURCE, http=fetched.http,
                                                      web_capture=fetched.web_capture)
    saved = ArchivedFile(content, archived, fetched.captured_at, CAPTURE_TIME_SOURCE)
    return Captured(source=planned.replay_url, saved=saved, validators={})


# ---- process: parse, validate, load ----------------------------------------------------------

# Threads of one process share a DuckDB database; its ids are assigned per load, so loads
# from one process go one at a time (other processes wait on the file lock).
_LOAD_LOCK = threading.Lock()


def process(settings: Settings, captured: Captured, tier: str | None = None,
            con: duckdb.DuckDBPyConnection | None = None) -> PageOutcome:
    """Parse, validate and load one captured page; remember the source's validators once loaded.

    `con` is the run's write connection to reuse; without it one is held just for the load.
    """
    if captured.saved is None:
        return PageOutcome(source=captured.source, status="unchanged")
    saved = captured.saved
    load = parse_content(saved.content, saved.archived, source=captured.source, tier=tier,
                         captured_at=saved.captured_at, capture_time_source=saved.capture_time_source)
    [result] = load_batch(settings, [load], con)
    done = load_outcome(load, result)
    if not done.failed and captured.validators:
        # Only a page that made it into the warehouse may be skipped by a 304 next time.
        RawArchive(settings.archive_dir).save_validators(captured.source, captured.validators, saved.archived.sha256)
    return done


def parse_content(content: bytes, archived: ArchivedPage, *, source: str, tier: str | None = None,
                  captured_at: dt.datetime | None = None, capture_time_source: str | None = None) -> PageLoad:
    """Parse and validate one archived page; a refusal becomes a failed PageLoad, not an exception."""
    meta = SnapshotMeta(
        content_sha256=archived.sha256,
        source=source,
        captured_at=captured_at or archived.captured_at,
        capture_time_source=capture_time_source or archived.capture_time_source,
        bytes=archived.bytes,
        archive_path=archived.relative_path,
    )
    started = dt.datetime.now(dt.UTC)
    try:
        page = parse_page(content, source=source)
        if tier is not None:
            page = only_tier(page, tier)
    except ParseError as exc:
        return PageLoad(meta=meta, parser_version=parsers.PARSER_VERSION, started_at=started, error=str(exc))
    return PageLoad(meta=meta, parser_version=parsers.PARSER_VERSION, started_at=started, page=page)


def only_tier(page: ParsedPage, tier: str) -> ParsedPage:
    if tier not in page.boards:
        raise ParseError(page.source, f"page has no {tier} board (it has: {', '.join(page.tiers) or 'none'})")

    return replace(page, boards=FrozenMap({tier: page.boards[tier]}), carried_fields=FrozenMap({tier: page.carried_fields[tier]})
                   if tier in page.carried_fields else FrozenMap())


def load_batch(settings: Settings, loads: Sequence[PageLoad], con: duckdb.DuckDBPyConnection | None = None) -> list[LoadResult]:
    """One transaction for the batch, on the run's connection `con` or on one held only for it;
    one load at a time in this process."""
    with _LOAD_LOCK, settings.writing(con) as writer:
        return load_pages(writer, loads, db_label=str(settings.db_path), max_shrink=settings.max_shrink)


# ---- reparse: archived pages read again by the current parser ----------------------------------

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


def load_reparsed(settings: Settings, loads: Sequence[PageLoad], con: duckdb.DuckDBPyConnection) -> list[PageOutcome]:
    """A batch of re-parsed pages, loaded in one transaction on the run's connection."""
    results = load_batch(settings, loads, con)
    return [load_outcome(load, result) for load, result in zip(loads, results)]
