"""Fetch board pages politely and defensively with one requests.Session.

Retries (exponential backoff with jitter, Retry-After honoured) on connection errors,
timeouts, 429 and 5xx; never on other 4xx. Bodies are capped, must be HTML, and redirects
may not leave the host. Conditional requests reuse the validators the server gave last time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from parsers.boards import BOARDS

from ..errors import FetchError, UnreachableError
from ..version import __version__
from .network_errors import connection_reason
from .robots import RobotsPolicy

DEFAULT_SOURCES: Mapping[str, str] = {board.name: board.url for board in BOARDS}


def tier_of_source(source: str) -> str | None:
    """The board a source is for, where its URL says (a board URL, or a web archive's copy of one)."""
    for tier, url in DEFAULT_SOURCES.items():
        if source == url or source.endswith(url) or f"{url}?" in source or f"/{url}" in source:
            return tier
    return None


USER_AGENT = f"aa-leaderboards/{__version__} (+https://pypi.org/project/aa-leaderboards/; nightly leaderboard archive)"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_S = 300.0
DEFAULT_TOTAL_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    attempts: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    # The whole of one fetch (robots.txt, every attempt, redirect and back-off): a server that
    # answers a byte at a time never times a read out, and would hold the run lock for ever.
    total_timeout_s: float = DEFAULT_TOTAL_TIMEOUT_S


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes | None  # None when the server answered 304 Not Modified
    fetched_at: dt.datetime
    attempts: int

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def validators(self) -> dict[str, str]:
        found = {}
        if "ETag" in self.headers:
            found["etag"] = self.headers["ETag"]
        if "Last-Modified" in self.headers:
            found["last_modified"] = self.headers["Last-Modified"]
        return found


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.unreachable = unreachable  # no answer at all (refused, unresolved, timed out), not a bad one


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _is_html(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")


class _CuttableAdapter(HTTPAdapter):
    """An adapter that knows its open connections, so a deadline can cut them from another
    thread: shutting a socket down ends a read blocked on it at once, where no timeout of
    requests would (each byte that arrives in time restarts the read timeout)."""

    def __init__(self) -> None:
        self.connections: weakref.WeakSet[Any] = weakref.WeakSet()
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        connections = self.connections

        def tracked(pool_class: type[HTTPConnectionPool]) -> type[HTTPConnectionPool]:
            base = pool_class.ConnectionCls

            class Tracked(base):  # type: ignore[valid-type, misc]
                def connect(self) -> None:
                    connections.add(self)
                    super().connect()

            return type(f"Cuttable{pool_class.__name__}", (pool_class,), {"ConnectionCls": Tracked})

        self.poolmanager.pool_classes_by_scheme = {"http": tracked(HTTPConnectionPool), "https": tracked(HTTPSConnectionPool)}

    def cut(self) -> None:
        for connection in list(self.connections):
            sock = getattr(connection, "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@dataclass
class Fetcher:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self._adapter = _CuttableAdapter()
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)
        self._expired = threading.Event()
        self.session.headers["User-Agent"] = self.policy.user_agent
        self.session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
        # One policy per Fetcher: robots.txt is read once per host per run.
        self.robots = RobotsPolicy(self.session, self.policy.user_agent, self.policy.connect_timeout_s) if self.policy.respect_robots else None

    def close(self) -> None:
        self.session.close()

    def fetch(self, url: str, validators: Mapping[str, str] | None = None, *, html_only: bool = True, not_found_ok: bool = False) -> FetchResult:
        """The page at `url`, or FetchError naming the URL and the cause. `html_only=False`
        accepts any content type (an index answering in JSON or plain text); `not_found_ok`
        returns a 404 with its body (an index saying it has no captures) instead of failing.
        All of it (robots.txt, attempts, back-off) ends by the policy's total_timeout_s."""
        with self._deadline():
            try:
                return self._fetch(url, validators, html_only, not_found_ok)
            except FetchError:
                if self._expired.is_set():
                    raise FetchError(f"{url}: no whole answer within {self.policy.total_timeout_s:g} s "
                                     "(--total-timeout); gave up") from None
                raise

    @contextmanager
    def _deadline(self) -> Iterator[None]:
        self._expired.clear()

        def expire() -> None:
            self._expired.set()
            self._adapter.cut()

        timer = threading.Timer(self.policy.total_timeout_s, expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def _fetch(self, url: str, validators: Mapping[str, str] | None, html_only: bool, not_found_ok: bool) -> FetchResult:
        if self.robots is not None:
            self.robots.check(url)
        headers: dict[str, str] = {}
        if validators:
            if validators.get("etag"):
                headers["If-None-Match"] = validators["etag"]
            if validators.get("last_modified"):
                headers["If-Modified-Since"] = validators["last_modified"]
        last_error = ""
        unreachable = False
        started = time.monotonic()
        for attempt in range(1, self.policy.attempts + 1):
            try:
                return self._attempt(url, headers, attempt, html_only, not_found_ok)
            except _Retryable as retry:
                last_error = str(retry)
                unreachable = retry.unreachable
                if attempt == self.policy.attempts or self._expired.is_set():
                    break
                backoff = min(self.policy.backoff_max_s, self.policy.backoff_base_s * 2 ** (attempt - 1))
                delay = backoff * (0.5 + random.random() / 2)  # jitter: never a thundering herd
                if retry.retry_after is not None:
                    delay = max(delay, min(retry.retry_after, MAX_RETRY_AFTER_S))
                if delay >= self._remaining(started):
                    raise FetchError(f"{url}: {last_error} (gave up after {attempt} of {self.policy.attempts} attempts: "
                                     f"the next would start past the {self.policy.total_timeout_s:g} s --total-timeout)") from None
                self.sleep(delay)
        failure = UnreachableError if unreachable else FetchError
        raise failure(f"{url}: {last_error} (gave up after {self.policy.attempts} attempts)")

    def _remaining(self, started: float) -> float:
        return self.policy.total_timeout_s - (time.monotonic() - started)

    def _attempt(self, url: str, headers: Mapping[str, str], attempt: int, html_only: bool, not_found_ok: bool = False) -> FetchResult:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = self.session.get(current, headers=dict(headers), stream=True, allow_redirects=False,
                                            timeout=(self.policy.connect_timeout_s, self.policy.read_timeout_s))
            except requests.Timeout as exc:
                raise _Retryable(f"timed out ({exc.__class__.__name__})", unreachable=True) from exc
            except requests.ConnectionError as exc:
                raise _Retryable(f"connection failed ({connection_reason(exc)})", unreachable=True) from exc
            except requests.RequestException as exc:
                raise FetchError(f"{url}: request failed ({exc})") from exc
            with response:
                if response.is_redirect:
                    target = urljoin(current, response.headers.get("Location", ""))
                    if urlsplit(target).netloc.lower() != urlsplit(url).netloc.lower():
                        raise FetchError(f"{url}: redirect to another host refused ({target})")
                    current = target
                    continue
                return self._read(url, current, response, attempt, html_only, not_found_ok)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _read(self, url: str, final_url: str, response: requests.Response, attempt: int, html_only: bool, not_found_ok: bool = False) -> FetchResult:
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status}", _retry_after_seconds(response.headers.get("Retry-After")))
        if status == 304:
            return FetchResult(url, final_url, status, dict(response.headers), None, dt.datetime.now(dt.UTC), attempt)
        if status >= 400 and not (status == 404 and not_found_ok):
            raise FetchError(f"{url}: HTTP {status} {response.reason or ''}".rstrip() + " (not retried)")
        if status not in (200, 404):
            raise FetchError(f"{url}: unexpected HTTP {status}")
        content_type = response.headers.get("Content-Type", "")
        if html_only and not _is_html(content_type):
            raise FetchError(f"{url}: not an HTML page (Content-Type {content_type or 'missing'!r})")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise FetchError(f"{url}: body of {int(declared)} bytes is over the {self.policy.max_bytes}-byte limit")
        body = bytearray()
        try:
            for chunk in response.iter_content(chunk_size=65536):
                body += chunk
                if len(body) > self.policy.max_bytes:
                    raise FetchError(f"{url}: body exceeds the {self.policy.max_bytes}-byte limit; download stopped")
        except requests.RequestException as exc:
            raise _Retryable(f"download interrupted ({exc.__class__.__name__})") from exc
        return FetchResult(url, final_url, status, dict(response.headers), bytes(body), dt.datetime.now(dt.UTC), attempt)


def http_meta(result: FetchResult) -> dict[str, Any]:
    """What the archive's sidecar keeps of a response."""
    keep = ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Date", "Server", "Cache-Control", "Age")
    return {
        "url": result.url,
        "final_url": result.final_url,
        "status": result.status,
        "headers": {k: v for k, v in result.headers.items() if k in keep},
        "attempts": result.attempts,
    }
