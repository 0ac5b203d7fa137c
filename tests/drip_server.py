"""A real HTTP server on 127.0.0.1 that answers too slowly or too much, byte by byte.

Routes:
  /robots.txt        an empty robots.txt (or, with robots="drip", one byte every DRIP_S; with
                     robots="endless", lines of rules without end, fast)
  /drip-headers      the status line and headers one byte every DRIP_S
  /drip-body         headers at once, then the page one byte every DRIP_S
  /small             the small board fixture, at once

Every drip stops by itself after LIMIT_S, or when the client goes away.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from tests.local_http import LocalServer, QuietHandler

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DRIP_S = 0.2
LIMIT_S = 30.0


class DripServer(LocalServer):
    def __init__(self, robots: str = "plain") -> None:
        super().__init__(_Handler)
        self.robots = robots
        self.robots_bytes_sent = 0


class _Handler(QuietHandler):
    server: DripServer

    def do_GET(self) -> None:  # noqa: N802
        page = (FIXTURES / "small-board-full.html").read_bytes()
        if self.path == "/robots.txt":
            self._robots()
        elif self.path == "/drip-headers":
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(page) + page)
        elif self.path == "/drip-body":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(page))
            self._drip(page)
        elif self.path == "/small":
            self._send(200, page)
        else:
            self._send(404, b"not here", "text/plain")

    def _robots(self) -> None:
        if self.server.robots == "drip":
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nUser-agent: *\nAllow: /\n")
        elif self.server.robots == "endless":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nUser-agent: *\n")
            line = b"Allow: /" + b"x" * 90 + b"\n"
            started = time.monotonic()
            try:
                while time.monotonic() - started < LIMIT_S:
                    self.wfile.write(line * 1000)
                    self.server.robots_bytes_sent += len(line) * 1000
            except OSError:
                pass
            self.close_connection = True
        else:
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")

    def _drip(self, data: bytes) -> None:
        started = time.monotonic()
        try:
            for byte in data:
                if time.monotonic() - started > LIMIT_S:
                    break
                self.wfile.write(bytes([byte]))
                time.sleep(DRIP_S)
        except OSError:
            pass  # the client gave up: the point of the test
        self.close_connection = True


def serving(robots: str = "plain") -> Iterator[DripServer]:
    server = DripServer(robots).start()
    try:
        yield server
    finally:
        server.stop()
