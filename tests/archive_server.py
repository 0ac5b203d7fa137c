"""A real HTTP server on 127.0.0.1 playing a web archive: a CDX index and raw (`id_`) replay.

Captures are fixture pages (in several designs) of the two board URLs at given times. The
index speaks the Wayback CDX protocol: JSON output with a header row, `from`/`to`, `limit`,
`showResumeKey`/`resumeKey` (the key follows an empty row), `filter=statuscode:200`. It does
not collapse by digest, so the client's own collapsing is exercised. Replay answers
/web/<timestamp>id_/<original> with the page, after any scripted failures for that capture.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.cli_runner import SAFE_ENV, run_cli
from tests.local_http import LocalServer, QuietHandler

SMALL = "https://artificialanalysis.ai/models/open-source/small"
TINY = "https://artificialanalysis.ai/models/open-source/tiny"


@dataclass
class ArchivedCapture:
    original: str
    timestamp: str
    body: bytes
    status: int = 200
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # served first, in order
    listed: bool = True  # in the index; an unlisted capture is only reached by a redirect
    redirect_to: str | None = None  # the timestamp of the capture the archive answers with instead

    @property
    def digest(self) -> str:
        return base64.b32encode(hashlib.sha1(self.body).digest()).decode("ascii")


class ArchiveServer(LocalServer):
    def __init__(self, captures: list[ArchivedCapture]) -> None:
        super().__init__(_Handler)
        self.captures = captures
        self.hits: Counter[str] = Counter()
        self.cdx_queries: list[dict[str, list[str]]] = []
        self.replays: list[str] = []

    @property
    def cdx(self) -> str:
        return self.base + "/cdx/search/cdx"

    @property
    def replay(self) -> str:
        return self.base + "/web"


class _Handler(QuietHandler):
    server: ArchiveServer

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        self.server.hits[parts.path] += 1
        if parts.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif parts.path == "/cdx/search/cdx":
            self._cdx(parse_qs(parts.query))
        elif parts.path.startswith("/web/"):
            self._replay(self.path[len("/web/"):])
        else:
            self._send(404, b"not here", "text/plain")

    def _cdx(self, query: dict[str, list[str]]) -> None:
        self.server.cdx_queries.append(query)
        url = query.get("url", [""])[0]
        since = query.get("from", [""])[0]
        until = query.get("to", [""])[0]
        limit = int(query.get("limit", ["100000"])[0])
        rows = sorted((c for c in self.server.captures if c.original == url and c.listed), key=lambda c: c.timestamp)
        if since:
            rows = [c for c in rows if c.timestamp >= since.ljust(14, "0")]
        if until:
            rows = [c for c in rows if c.timestamp <= until.ljust(14, "9")]
        if "statuscode:200" in query.get("filter", []):
            rows = [c for c in rows if c.status == 200]
        resume = query.get("resumeKey", [""])[0]
        if resume:
            rows = [c for c in rows if c.timestamp > resume]
        page, more = rows[:limit], len(rows) > limit
        out: list[list[str]] = [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]]
        out += [["ai,artificialanalysis)/models", c.timestamp, c.original, "text/html", str(c.status), c.digest, str(len(c.body))]
                for c in page]
        if more and query.get("showResumeKey") == ["true"]:
            out += [[], [page[-1].timestamp]]
        self._send(200, json.dumps(out).encode(), "application/json")

    def _replay(self, rest: str) -> None:
        self.server.replays.append(rest)
        timestamp, _, original = rest.partition("id_/")
        found = next((c for c in self.server.captures if c.timestamp == timestamp and c.original == original), None)
        if found is None:
            self._send(404, b"<html><title>Wayback Machine</title><body>Not archived</body></html>")
            return
        if found.redirect_to is not None:
            self.send_response(302)
            self.send_header("Location", f"/web/{found.redirect_to}id_/{original}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found.failures:
            status, headers = found.failures.pop(0)
            self._send(status, b"busy", "text/plain", headers)
            return
        self._send(found.status, found.body)


def serving(captures: list[ArchivedCapture]) -> Iterator[ArchiveServer]:
    server = ArchiveServer(captures).start()
    try:
        yield server
    finally:
        server.stop()


def run_backfill(server: ArchiveServer, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`aa-leaderboards backfill` of both boards from `server`, quickly: no pause between requests,
    two captures an index page (so resume keys are followed), short timeouts."""
    return run_cli("backfill", "--db", str(db), "--cdx-endpoint", server.cdx, "--replay-endpoint", server.replay,
                   "--url", SMALL, "--url", TINY, "--interval", "0", "--cdx-page-size", "2", "--attempts", "3",
                   "--read-timeout", "5", *extra, env=SAFE_ENV)
