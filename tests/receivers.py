"""Real notification receivers on 127.0.0.1: an HTTP endpoint for Apprise's json:// posts and an
SMTP server for mailto://. They record what arrives; nothing is mocked."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.local_http import LocalServer

# Every part of these receivers' URLs that a service would treat as a secret.
TOKENS = ("s3cr3tUSER", "s3cr3tPASS", "PATHt0ken9f8e7d", "QUERYt0ken1a2b3c")


def hook_url(port: int) -> str:
    """An Apprise json:// URL for a HookServer on `port`, with a secret in every part a service hides."""
    return f"json://{TOKENS[0]}:{TOKENS[1]}@127.0.0.1:{port}/hooks/{TOKENS[2]}?+X-Token={TOKENS[3]}"


def free_port() -> int:
    """A loopback port nothing listens on (a receiver that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class HookServer(LocalServer):
    """Takes POSTs of JSON and keeps them (path, headers, document)."""

    allow_reuse_address = True

    def __init__(self, port: int = 0, max_message_chars: int | None = None) -> None:
        super().__init__(_HookHandler, port)
        self.posts: list[dict[str, Any]] = []
        self.refused: list[dict[str, Any]] = []
        # As several chat services do: a message body longer than this is refused (HTTP 400).
        self.max_message_chars = max_message_chars
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _HookHandler(BaseHTTPRequestHandler):
    server: HookServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        document = json.loads(body)
        limit = self.server.max_message_chars
        if limit is not None and len(str(document.get("message", ""))) > limit:
            with self.server.lock:
                self.server.refused.append(document)
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with self.server.lock:
            self.server.posts.append({"path": self.path, "headers": dict(self.headers), "json": document})
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


class MailServer:
    """An SMTP server (aiosmtpd) that keeps every message it is given."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def start(self) -> MailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()
