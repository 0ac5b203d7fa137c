"""Backfill: the boards' history before the first nightly run, from a web archive's captures.

For each board URL: ask the CDX index for its distinct 200 captures between the dates, then
fetch each capture not yet archived as it was served (`id_` replay), one request at a time and
at most one every `interval_s` seconds, archive it raw (its sidecar names the replay URL, the
original URL, the capture time and the index's digest), and load it with captured_at = the
capture's time. A capture already archived is never fetched again, so a rerun costs one index
query per URL; one that cannot be read stays archived as a failed parse run, for `reparse`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..archive.store import KnownCaptures, RawArchive, page_content, sweep_temporaries, web_capture_key
from ..errors import PipelineError
from ..outputs.tell import Telling
from ..sources.cdx import DEFAULT_CDX_ENDPOINT, DEFAULT_REPLAY_ENDPOINT, PAGE_LIMIT, Capture, list_captures
from ..sources.fetch import DEFAULT_SOURCES, Fetcher, FetchPolicy, http_meta
from .jobs import Captured, Settings, end_run, process, record_outcome
from .steps import ArchivedFile, PageOutcome, failed_outcome

CAPTURE_TIME_SOURCE = "web-archive"
_REPLAYED_AT = re.compile(r"/(\d{14})id_/")


@dataclass(frozen=True)
class BackfillOptions:
    urls: tuple[str, ...] = tuple(DEFAULT_SOURCES.values())
    since: dt.date | None = None
    until: dt.date | None = None
    cdx_endpoint: str = DEFAULT_CDX_ENDPOINT
    replay_endpoint: str = DEFAULT_REPLAY_ENDPOINT
    interval_s: float = 5.0
    page_limit: int = PAGE_LIMIT


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


class Pacer:
    """At most one request every `interval_s` seconds, whatever the requests are."""

    def __init__(self, interval_s: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval_s, self.clock, self.sleep = interval_s, clock, sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            remaining = self.interval_s - (self.clock() - self._last)
            if remaining > 0:
                self.sleep(remaining)
        self._last = self.clock()


def _index_get(fetcher: Fetcher, pacer: Pacer) -> Callable[[str], bytes]:
    def get(query: str) -> bytes:
        pacer.wait()
        result = fetcher.fetch(query, html_only=False, not_found_ok=True)
        if result.status == 404:
            text = (result.body or b"").decode("utf-8", "replace")
            if "no captures" in text.lower():
                return b""  # pywb's (Common Crawl's) way of saying none
            raise PipelineError(f"{query}: HTTP 404 (is --cdx-endpoint right?)")
        return result.body or b""

    return get


def plan(settings: Settings, options: BackfillOptions, fetcher: Fetcher, pacer: Pacer, report: BackfillReport) -> None:
    """Ask the index for each URL's captures; mark those already archived."""
    known: KnownCaptures = RawArchive(settings.archive_dir).web_captures()
    get = _index_get(fetcher, pacer)
    for url in options.urls:
        try:
            captures = list_captures(get, options.cdx_endpoint, url, since=options.since, until=options.until,
                                     limit=options.page_limit, notes=report.notes)
        except PipelineError as exc:
            report.outcomes.append(failed_outcome(f"{options.cdx_endpoint} ({url})", f"capture index: {exc}"))
            continue
        for capture in captures:
            replay = capture.replay_url(options.replay_endpoint)
            sha = known.by_key.get(web_capture_key(capture.timestamp, capture.original))
            if sha:
                report.planned.append(PlannedCapture(url, capture, replay, "archived", sha))
            elif capture.digest and capture.digest in known.by_digest:
                report.planned.append(PlannedCapture(url, capture, replay, "same content archived", known.by_digest[capture.digest]))
            else:
                report.planned.append(PlannedCapture(url, capture, replay, "to fetch"))
    report.planned.sort(key=lambda p: (p.capture.timestamp, p.board_url))


def capture_web(settings: Settings, planned: PlannedCapture, fetcher: Fetcher, pacer: Pacer) -> Captured:
    """Fetch one capture as it was served and archive it before anything parses it."""
    pacer.wait()
    result = fetcher.fetch(planned.replay_url)
    assert result.body is not None  # no validators are sent, so never a 304
    # The archive may answer with its nearest capture instead: the time is the one it served.
    served = _REPLAYED_AT.search(result.final_url)
    captured_at = planned.capture.captured_at
    if served and served.group(1) != planned.capture.timestamp:
        captured_at = dt.datetime.strptime(served.group(1), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    content = page_content(result.body, planned.replay_url)
    web_capture = {"replay_url": planned.replay_url, "served_url": result.final_url, "original": planned.capture.original,
                   "timestamp": planned.capture.timestamp, "digest": planned.capture.digest}
    archived = RawArchive(settings.archive_dir).store(content, source=planned.replay_url, captured_at=captured_at,
                                                      capture_time_source=CAPTURE_TIME_SOURCE, http=http_meta(result),
                                                      web_capture=web_capture)
    return Captured(source=planned.replay_url, saved=ArchivedFile(content, archived, captured_at, CAPTURE_TIME_SOURCE),
                    validators={})


def _progress(done: int, total: int, planned: PlannedCapture | None) -> None:
    if sys.stderr.isatty():
        current = f" {planned.capture.timestamp} {planned.board_url}" if planned else ""
        end = "\n" if done == total else ""
        print(f"\rbackfill {done}/{total}{current}\x1b[K", end=end, file=sys.stderr, flush=True)


def backfill(settings: Settings, options: BackfillOptions, *, policy: FetchPolicy | None = None, dry_run: bool = False,
             progress: Callable[[int, int, PlannedCapture | None], None] = _progress,
             pacer: Pacer | None = None, on_outcome: Callable[[PageOutcome], None] | None = None,
             telling: Telling | None = None) -> BackfillReport:
    """Plan, then (unless a dry run) fetch, archive and load every capture not yet archived."""
    telling = telling or Telling()
    report = BackfillReport()
    fetcher = Fetcher(policy or FetchPolicy())
    pacer = pacer or Pacer(options.interval_s)
    try:
        plan(settings, options, fetcher, pacer, report)
        if dry_run:
            return report
        todo = [p for p in report.planned if p.state == "to fetch"]
        if on_outcome is not None:
            for failed in report.outcomes:  # the index's own failures, found while planning
                on_outcome(failed)
        sweep_temporaries(settings.archive_dir)
        for done, planned in enumerate(todo):
            progress(done, len(todo), planned)
            # Said as decided: a long backfill cut off has said what it loaded.
            record_outcome(report.outcomes, fetch_and_load(settings, planned, fetcher, pacer), on_outcome)
        if todo:
            progress(len(todo), len(todo), None)
    finally:
        fetcher.close()
    end_run(settings, report.outcomes, telling)
    return report


def fetch_and_load(settings: Settings, planned: PlannedCapture, fetcher: Fetcher, pacer: Pacer) -> PageOutcome:
    try:
        captured = capture_web(settings, planned, fetcher, pacer)
    except PipelineError as exc:
        return failed_outcome(planned.replay_url, exc)
    return process(settings, captured)


def summary_lines(report: BackfillReport, *, dry_run: bool) -> list[str]:
    counts: dict[str, int] = {}
    for p in report.planned:
        counts[p.state] = counts.get(p.state, 0) + 1
    found = f"{len(report.planned)} capture(s) found: " + (", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "none")
    lines = [found] + [f"note: {n}" for n in report.notes]
    if dry_run:
        return lines
    failed = report.failed
    loaded = sum(o.status == "loaded" for o in report.outcomes)
    lines.append(f"{loaded} loaded, {sum(o.status == 'unchanged' for o in report.outcomes)} unchanged, {len(failed)} failed")
    lines += [f"failed: {o.error}" for o in failed]  # each error names its URL (and so the capture time)
    lines += [f"held: {reason}" for o in report.outcomes for reason in o.held]
    return lines

