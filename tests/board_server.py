"""A real HTTP server on 127.0.0.1 serving the fixture pages, with scripted misbehaviour.

Routes:
  /small, /tiny           the full fixture pages (ETag and Last-Modified; 304 on a match)
  /flaky                  500 on the first request, then the small page
  /busy                   429 with Retry-After: 1 on the first request, then the tiny page
  /missing                404
  /slow                   answers after a delay longer than the tests' read timeout
  /huge                   an HTML body of 2 MB (over a 1 MB cap)
  /json                   a JSON body
  /offsite                302 to the same path on another loopback host (127.0.0.2)
  /changed                a page whose markup no longer has a board
  /redirect-same-host     302 to /small
  /robots.txt             disallows /private for every agent
  /private                the small page (robots.txt disallows it)
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pipeline.cli import main
from tests.local_http import LocalServer, QuietHandler

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAST_MODIFIED = "Sat, 01 Aug 2026 03:00:00 GMT"


class BoardServer(LocalServer):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.hits: Counter[str] = Counter()
        self.pages = {
            "/small": (FIXTURES / "small-board-full.html").read_bytes(),
            "/tiny": (FIXTURES / "tiny-board-full.html").read_bytes(),
        }
        self.slow_seconds = 3.0
        self.robots_status = 200
        self.last_headers: dict[str, dict[str, str]] = {}


class _Handler(QuietHandler):
    server: BoardServer

    def _page(self, path: str) -> None:
        body = self.server.pages[path]
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", headers={"ETag": etag})
            return
        self._send(200, body, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0]
        self.server.hits[path] += 1
        self.server.last_headers[path] = dict(self.headers)
        hits = self.server.hits[path]
        if path in self.server.pages:
            self._page(path)
        elif path == "/flaky":
            self._send(500, b"oops") if hits == 1 else self._page("/small")
        elif path == "/busy":
            self._send(429, b"slow down", headers={"Retry-After": "1"}) if hits == 1 else self._page("/tiny")
        elif path == "/missing":
            self._send(404, b"<html><title>404</title></html>")
        elif path == "/slow":
            time.sleep(self.server.slow_seconds)
            self._page("/small")
        elif path == "/huge":
            self._send(200, b"<html>" + b"x" * (2 * 1024 * 1024) + b"</html>")
        elif path == "/json":
            self._send(200, b'{"models": []}', content_type="application/json")
        elif path == "/offsite":
            port = self.server.server_address[1]
            self._send(302, b"", headers={"Location": f"http://127.0.0.2:{port}/small"})
        elif path == "/redirect-same-host":
            self._send(302, b"", headers={"Location": "/small"})
        elif path == "/robots.txt":
            self._send(self.server.robots_status, b"User-agent: *\nDisallow: /private\n", content_type="text/plain")
        elif path == "/private":
            self._page("/small")
        elif path == "/changed":
            self._send(200, b"<!DOCTYPE html><html><head><title>Artificial Analysis</title></head><body><div>New design</div></body></html>")
        else:
            self._send(404, b"not here")


def serving() -> Iterator[BoardServer]:
    server = BoardServer().start()
    try:
        yield server
    finally:
        server.stop()


def refresh(db: Path, *urls: str, extra: tuple[str, ...] = ()) -> int:
    """`aa-leaderboards refresh` of `urls` in this process, with short timeouts and a 1 MB cap."""
    argv = ["refresh", "--db", str(db), "--read-timeout", "1", "--attempts", "3", "--max-mb", "1", *extra]
    for url in urls:
        argv += ["--url", url]
    return main(argv)
