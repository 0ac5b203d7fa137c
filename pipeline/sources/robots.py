"""robots.txt, read once per host per run, as RFC 9309 says to treat its answers."""

from __future__ import annotations

import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

from ..errors import FetchError, UnreachableError
from .network_errors import connection_reason

# RFC 9309: a crawler must read at least 500 KiB of robots.txt and may ignore what follows. An
# endless robots.txt (a hostile or broken server) is read no further than this.
MAX_ROBOTS_BYTES = 512 * 1024


def _capped_text(response: requests.Response) -> str:
    """The first MAX_ROBOTS_BYTES of the body as text (cut at the last whole line); "" for an error status."""
    if response.status_code >= 400:
        return ""
    body = bytearray()
    for chunk in response.iter_content(chunk_size=65536):
        body += chunk
        if len(body) >= MAX_ROBOTS_BYTES:
            del body[MAX_ROBOTS_BYTES:]
            cut = body.rfind(b"\n")
            del body[cut + 1 if cut >= 0 else 0:]
            break
    return body.decode(response.encoding or "utf-8", errors="replace")


@dataclass
class RobotsPolicy:
    session: requests.Session
    user_agent: str
    timeout_s: float = 10.0
    _rules: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _refusals: dict[str, str] = field(default_factory=dict)
    _unreachable: dict[str, str] = field(default_factory=dict)

    def check(self, url: str) -> None:
        """Raise FetchError when the site's robots.txt disallows `url` for this agent."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._rules:
            self._load(origin)
        if origin in self._unreachable:
            # The site itself cannot be reached: ignoring robots.txt would not help, so no such hint.
            raise UnreachableError(f"{url}: not fetched: {self._unreachable[origin]}")
        if origin in self._refusals:
            raise FetchError(f"{url}: not fetched: {self._refusals[origin]} (use --ignore-robots to override)")
        rules = self._rules[origin]
        if rules is not None and not rules.can_fetch(self.user_agent, url):
            raise FetchError(f"{url}: disallowed by {origin}/robots.txt (use --ignore-robots to override)")

    def _load(self, origin: str) -> None:
        robots_url = origin + "/robots.txt"
        try:
            with self.session.get(robots_url, timeout=self.timeout_s, allow_redirects=True, stream=True) as response:
                text = _capped_text(response)
        except (requests.ConnectionError, requests.Timeout) as exc:
            self._rules[origin] = None
            self._unreachable[origin] = (f"{origin} is unreachable ({connection_reason(exc)}); "
                                         "check the network, the host name and any proxy")
            return
        except requests.RequestException as exc:
            # robots.txt answered in a way that cannot be read: RFC 9309 says assume complete disallow.
            self._rules[origin] = None
            self._refusals[origin] = f"{robots_url} unreachable ({exc.__class__.__name__})"
            return
        if response.status_code >= 500:
            self._rules[origin] = None
            self._refusals[origin] = f"{robots_url} answered HTTP {response.status_code}"
            return
        if response.status_code >= 400:
            self._rules[origin] = None  # no robots.txt: everything is allowed
            return
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(text.splitlines())
        self._rules[origin] = parser
