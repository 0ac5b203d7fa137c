"""The steps every job is made of, as plain functions.

Prefect tasks wrap these (pipeline.flows); the fast path calls them directly, so a person
typing `aa-leaderboards ingest page.html` never waits for an orchestration server.
"""

from __future__ import annotations

import datetime as dt
import glob
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

import parsers
from parsers import ParsedPage, ParseError, parse_page
from parsers.rows import FrozenMap
from warehouse.db import open_warehouse
from warehouse.load import DEFAULT_MAX_SHRINK, LoadResult, PageLoad, SnapshotMeta, load_pages

from ..archive.store import ArchivedPage, RawArchive, page_content, sha256_hex
from ..errors import PipelineError
from ..sources.capture_times import capture_time

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz")


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
    warnings: tuple[str, ...] = field(default_factory=tuple)
    held: tuple[str, ...] = field(default_factory=tuple)  # boards loaded but held back, with the reasons
    # About the capture time (taken from a file's mtime; an option the warehouse did not use):
    # printed on stderr always, since a wrong time misdates the board for good.
    capture_notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def expand_paths(patterns: Sequence[str]) -> list[Path]:
    """Files, folders (their saved pages) and globs -> the files, in a stable order."""
    found: list[Path] = []
    for pattern in patterns:
        matches = [Path(p) for p in sorted(glob.glob(pattern))] if glob.has_magic(pattern) else [Path(pattern)]
        if not matches:
            raise PipelineError(f"{pattern}: no file matches")
        for path in matches:
            if path.is_dir():
                found += sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES))
            elif path.exists():
                found.append(path)
            else:
                raise PipelineError(f"{path}: no such file or folder")
    unique = list(dict.fromkeys(found))
    if not unique:
        raise PipelineError("no saved pages (.html, .htm, .txt, .gz) among: " + " ".join(patterns))
    return unique


@dataclass(frozen=True)
class ArchivedFile:
    content: bytes
    archived: ArchivedPage
    captured_at: dt.datetime
    capture_time_source: str


def archive_file(archive: RawArchive, path: Path, captured_at: dt.datetime | None) -> ArchivedFile:
    """Read a saved page and archive it before anything parses it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    content = page_content(data, str(path))
    sha = sha256_hex(content)
    known = archive.sidecar(sha)
    archived_at = dt.datetime.fromisoformat(known["captured_at"]) if known else None
    when, how = capture_time(path, captured_at, archived_at)
    archived = archive.store(content, source=str(path), captured_at=when, capture_time_source=how, sha256=sha)
    return ArchivedFile(content, archived, when, how)


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

    return replace(page, boards=FrozenMap({tier: page.boards[tier]}), carried=FrozenMap({tier: page.carried[tier]})
                   if tier in page.carried else FrozenMap())


def load_batch(db_path: Path, loads: Sequence[PageLoad], *, lock_timeout_s: float,
               con: duckdb.DuckDBPyConnection | None = None, max_shrink: float | None = DEFAULT_MAX_SHRINK) -> list[LoadResult]:
    """One transaction for the batch, on `con` or on a connection held only for it."""
    if con is not None:
        return load_pages(con, loads, db_label=str(db_path), max_shrink=max_shrink)
    with open_warehouse(db_path, lock_timeout_s=lock_timeout_s) as own:
        return load_pages(own, loads, db_label=str(db_path), max_shrink=max_shrink)


def loaded_snapshots(outcomes: Sequence[PageOutcome]) -> list[int]:
    """The snapshots a run loaded (or loaded again under a new parser version), in id order."""
    return sorted({o.snapshot_id for o in outcomes if o.status == "loaded" and o.snapshot_id is not None})


def exit_status(outcomes: Sequence[PageOutcome]) -> int:
    """1 when a page failed or a board was held back in this run, else 0."""
    return 1 if any(o.failed or o.held for o in outcomes) else 0


def failed_outcome(source: str, error: object) -> PageOutcome:
    """A page that could not be captured or read: the outcome carries the one-line reason."""
    return PageOutcome(source=source, status="failed", error=str(error))


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


def outcome(load: PageLoad, result: LoadResult) -> PageOutcome:
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
