"""A web archive's captures of the boards: its CDX index listed, each capture fetched as it was served.

One request at a time and at most one every `interval_s` seconds (the Pacer), whatever the
request: an index page, robots.txt's answer aside, or a capture. Captures are replayed raw
(`id_`), so the bytes are the page the site served, not the archive's rewrite of it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import FetchError, PipelineError
from .capture_times import implausible
from .cdx import DEFAULT_CDX_ENDPOINT, DEFAULT_REPLAY_ENDPOINT, PAGE_LIMIT, Capture, list_captures
from .fetch import DEFAULT_SOURCES, Fetcher, http_meta

CAPTURE_TIME_SOURCE = "web-archive"
_REPLAYED_AT = re.compile(r"/(\d{14})id_/")


@dataclass(frozen=True)
class BackfillOptions:
    """Which boards' captures, between which days, from which archive, how gently."""

    urls: tuple[str, ...] = tuple(DEFAULT_SOURCES.values())
    since: dt.date | None = None
    until: dt.date | None = None
    cdx_endpoint: str = DEFAULT_CDX_ENDPOINT
    replay_endpoint: str = DEFAULT_REPLAY_ENDPOINT
    interval_s: float = 5.0
    page_limit: int = PAGE_LIMIT


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


def board_captures(options: BackfillOptions, url: str, fetcher: Fetcher, pacer: Pacer, notes: list[str]) -> list[Capture]:
    """The distinct captures of one board URL in the options' days, from the index (all its pages)."""
    return list_captures(_index_get(fetcher, pacer), options.cdx_endpoint, url, since=options.since, until=options.until,
                         limit=options.page_limit, notes=notes)


@dataclass(frozen=True)
class FetchedCapture:
    body: bytes
    captured_at: dt.datetime  # the time of the capture the archive served
    web_capture: dict[str, Any]  # replay URL, served URL, original URL, timestamp, digest: for the archive's sidecar
    http: dict[str, Any]


def fetch_capture(capture: Capture, replay_url: str, fetcher: Fetcher, pacer: Pacer) -> FetchedCapture:
    """One capture as it was served. The archive may answer with its nearest capture instead:
    the time is then the one it served."""
    pacer.wait()
    result = fetcher.fetch(replay_url)
    assert result.body is not None  # no validators are sent, so never a 304
    served = _REPLAYED_AT.search(result.final_url)
    captured_at = capture.captured_at
    if served and served.group(1) != capture.timestamp:
        try:
            captured_at = dt.datetime.strptime(served.group(1), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
        except ValueError as exc:
            raise FetchError(f"{replay_url}: the archive served a capture dated {served.group(1)}, which is not a date; "
                             "refused") from exc
        problem = implausible(captured_at)
        if problem:
            raise FetchError(f"{replay_url}: the archive served a capture dated {served.group(1)}, {problem}; refused")
    web_capture = {"replay_url": replay_url, "served_url": result.final_url, "original": capture.original,
                   "timestamp": capture.timestamp, "digest": capture.digest}
    return FetchedCapture(result.body, captured_at, web_capture, http_meta(result))
