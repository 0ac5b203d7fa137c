"""Captures of a URL in a web archive's CDX index (the Wayback CDX server API, or a pywb index
such as Common Crawl's), read page by page.

Queries ask for status 200 captures, identical content collapsed by digest, within the dates,
in pages of `limit` rows continued with `resumeKey`. Answers are read in any of the forms
CDX servers give: a JSON array with a header row (the Internet Archive), JSON Lines of objects
(pywb, Common Crawl), or plain space-separated lines. Every filter is applied again here, since
not every server honours every parameter.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from ..errors import FetchError

DEFAULT_CDX_ENDPOINT = "https://web.archive.org/cdx/search/cdx"
DEFAULT_REPLAY_ENDPOINT = "https://web.archive.org/web"
PAGE_LIMIT = 1000
MAX_PAGES = 1000  # a server that keeps handing out resume keys is broken, not a history
_TIMESTAMP = re.compile(r"^\d{14}$")
_PLAIN_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


@dataclass(frozen=True)
class Capture:
    """One capture of a URL: when, of what, and the digest of its content."""

    timestamp: str  # YYYYMMDDhhmmss, UTC
    original: str
    digest: str | None

    @property
    def captured_at(self) -> dt.datetime:
        return dt.datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)

    def date_problem(self) -> str | None:
        """Why the index's timestamp is no time at all (20260231000000), or None."""
        try:
            dt.datetime.strptime(self.timestamp, "%Y%m%d%H%M%S")
        except ValueError:
            return f"the index dates it {self.timestamp}, which is not a date"
        return None

    def replay_url(self, replay_endpoint: str) -> str:
        """The capture as it was served, without the archive's banner or rewritten links (`id_`)."""
        return f"{replay_endpoint.rstrip('/')}/{self.timestamp}id_/{self.original}"


@dataclass(frozen=True)
class CdxPage:
    captures: list[Capture]
    resume_key: str | None
    rows: int  # rows the server sent, before this side's filters


def query_url(endpoint: str, url: str, *, since: dt.date | None, until: dt.date | None, limit: int,
              resume_key: str | None = None) -> str:
    params: list[tuple[str, str]] = [("url", url), ("output", "json"), ("filter", "statuscode:200"),
                                     ("collapse", "digest"), ("limit", str(limit)), ("showResumeKey", "true")]
    if since:
        params.append(("from", since.strftime("%Y%m%d")))
    if until:
        params.append(("to", until.strftime("%Y%m%d")))  # a day's prefix: the whole day is in
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def _capture(fields: dict[str, str], where: str) -> Capture | None:
    """A row as a capture; None for one that is not a plain 200 capture."""
    status = fields.get("statuscode", fields.get("status", "200"))
    if str(status) != "200":
        return None
    timestamp = str(fields.get("timestamp", ""))
    original = str(fields.get("original", fields.get("url", "")))
    if not _TIMESTAMP.match(timestamp) or not original.startswith(("http://", "https://")):
        raise FetchError(f"{where}: row without a 14-digit timestamp and an http(s) URL: {fields!r:.200}")
    digest = fields.get("digest")
    return Capture(timestamp=timestamp, original=original, digest=str(digest) if digest else None)


def parse_cdx(body: bytes, where: str) -> CdxPage:
    """One answer of a CDX server -> its captures and the key to resume from, if any."""
    try:
        text = body.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise FetchError(f"{where}: answer is not UTF-8 text ({exc.reason})") from exc
    if not text:
        return CdxPage([], None, 0)
    if text.startswith("["):
        return _parse_json_array(text, where)
    if text.startswith("{"):
        return _parse_json_lines(text, where)
    if text.lstrip().lower().startswith(("<!doctype", "<html")):
        raise FetchError(f"{where}: answered with an HTML page, not a CDX index (is --cdx-endpoint right?)")
    return _parse_plain(text, where)


def _parse_json_array(text: str, where: str) -> CdxPage:
    try:
        rows = json.loads(text)
    except ValueError as exc:
        raise FetchError(f"{where}: answer is not valid JSON ({exc})") from exc
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise FetchError(f"{where}: answer is not a CDX JSON array of rows")
    if not rows:
        return CdxPage([], None, 0)
    header = [str(h) for h in rows[0]]
    body = rows[1:]
    resume_key = None
    # The resume key follows an empty row: [..., [], ["<key>"]].
    if len(body) >= 2 and body[-2] == [] and len(body[-1]) == 1:
        resume_key = str(body[-1][0])
        body = body[:-2]
    captures = []
    for row in body:
        if not row:
            continue
        found = _capture(dict(zip(header, (str(v) for v in row))), where)
        if found:
            captures.append(found)
    return CdxPage(captures, resume_key, len(body))


def _parse_json_lines(text: str, where: str) -> CdxPage:
    captures = []
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise FetchError(f"{where}: line {number} is not valid JSON ({exc})") from exc
        if not isinstance(row, dict):
            raise FetchError(f"{where}: line {number} is not a JSON object")
        found = _capture({k: str(v) for k, v in row.items()}, where)
        if found:
            captures.append(found)
    return CdxPage(captures, None, len(lines))


def _parse_plain(text: str, where: str) -> CdxPage:
    lines = text.splitlines()
    resume_key = None
    # Plain text: the resume key is the line after an empty one at the end.
    if len(lines) >= 2 and not lines[-2].strip() and len(lines[-1].split()) == 1:
        resume_key, lines = lines[-1].strip(), lines[:-2]
    captures = []
    rows = [line.split() for line in lines if line.strip()]
    for row in rows:
        if len(row) < 3:
            raise FetchError(f"{where}: unreadable CDX line {' '.join(row)[:200]!r}")
        found = _capture(dict(zip(_PLAIN_FIELDS, row)), where)
        if found:
            captures.append(found)
    return CdxPage(captures, resume_key, len(rows))


def list_captures(get: Callable[[str], bytes], endpoint: str, url: str, *, since: dt.date | None = None,
                  until: dt.date | None = None, limit: int = PAGE_LIMIT, notes: list[str] | None = None) -> list[Capture]:
    """Every distinct-content 200 capture of `url` between the dates, oldest first.

    `get` returns a query's body (raising FetchError). Pages are read until the server gives
    no resume key; a page as long as the limit with no key means the server cannot page
    (pywb), and `notes` says so.
    """
    found: list[Capture] = []
    for page in _pages(get, endpoint, url, since, until, limit, notes):
        found += page.captures
    return distinct_in_range(found, since, until)


def _pages(get: Callable[[str], bytes], endpoint: str, url: str, since: dt.date | None, until: dt.date | None,
           limit: int, notes: list[str] | None) -> Iterator[CdxPage]:
    resume_key: str | None = None
    seen_keys: set[str] = set()
    for _ in range(MAX_PAGES):
        query = query_url(endpoint, url, since=since, until=until, limit=limit, resume_key=resume_key)
        page = parse_cdx(get(query), query)
        yield page
        if page.resume_key is None:
            if page.rows >= limit and notes is not None:
                notes.append(f"{url}: the index returned {page.rows} captures (its page limit) and no resume key; "
                             "later captures may be missing: narrow --since/--until")
            return
        if page.resume_key in seen_keys:
            raise FetchError(f"{query}: the index handed out the same resume key twice; stopped")
        seen_keys.add(page.resume_key)
        resume_key = page.resume_key
    raise FetchError(f"{endpoint}: more than {MAX_PAGES} pages of captures for {url}; narrow --since/--until")


def distinct_in_range(captures: list[Capture], since: dt.date | None, until: dt.date | None) -> list[Capture]:
    """Oldest first, within the dates, without a capture whose content is the one just before it."""
    ordered = sorted({(c.timestamp, c.original): c for c in captures}.values(), key=lambda c: (c.timestamp, c.original))
    out: list[Capture] = []
    for capture in ordered:
        if capture.date_problem():
            out.append(capture)  # no day to filter by: kept, to fail alone with its reason
            continue
        day = capture.captured_at.date()
        if (since and day < since) or (until and day > until):
            continue
        if out and capture.digest and out[-1].digest == capture.digest:
            continue
        out.append(capture)
    return out
