"""Notification receivers: Apprise URLs, known to the rest of the program only by a label and a fingerprint.

A receiver's URL carries its secrets (a webhook's path, a bot token, a mail password), so it is
never stored, printed or logged: the warehouse keeps a keyed fingerprint (an HMAC of a sha256 of
the URL, under a key beside the writer's database; the published copy keeps none), people
see a label that keeps only the scheme and a host name (`json://127.0.0.1:8080/… #3f2a9c1d`), and
Apprise's own log lines, which print paths, are caught and scrubbed before a reason is shown.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import os
import re
import secrets
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError, WriteError
from .digest import Message

NOTIFY_ENV = "AA_LEADERBOARDS_NOTIFY"
_FINGERPRINT_PREFIX = b"aa-leaderboards notification receiver\x00"
_HOST_NAME = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# Loggers that print the URLs they send to (Apprise logs paths; urllib3 logs request lines).
_CHATTY_LOGGERS = ("apprise", "urllib3")


@dataclass(frozen=True)
class Target:
    """A receiver. Its URL is left out of repr(), so no traceback or log line shows it."""

    url: str = field(repr=False)
    fingerprint: str
    label: str


def fingerprint(url: str) -> str:
    return hashlib.sha256(_FINGERPRINT_PREFIX + url.encode("utf-8", "surrogatepass")).hexdigest()


# A bare sha256 of a URL can be reversed by guessing (a mail password was, from a published copy):
# the warehouse keeps an HMAC of it instead, under a key that only the writer's folder holds.
KEYED_PREFIX = "k1:"
_KEY_BYTES = 32


def keyed(fingerprint: str, key: bytes) -> str:
    """How the warehouse stores a receiver: an HMAC of its fingerprint, useless without the key."""
    return KEYED_PREFIX + hmac.new(key, fingerprint.encode("ascii"), hashlib.sha256).hexdigest()


def receivers_key_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.receivers-key")


def receivers_key(db_path: Path) -> bytes:
    """The warehouse's key for receivers' fingerprints: made once (random, readable by its owner
    only) beside the writer's database, never published, never printed."""
    path = receivers_key_path(db_path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes()
        if len(key) != _KEY_BYTES:
            raise WriteError(f"{path}: the receivers' key is damaged ({len(key)} bytes, not {_KEY_BYTES}); delete it "
                             "to start the receivers' delivery state anew") from None
        return key
    key = secrets.token_bytes(_KEY_BYTES)
    with open(fd, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    return key


def _shown_host(host: str) -> bool:
    """A host that names a machine (an address, localhost, a dotted name with a letter); many
    services put a token where the host goes (tgram://BOTTOKEN/, ntfy://TOPIC), and those are not."""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return bool(_HOST_NAME.match(host))


def label(url: str) -> str:
    """What people see of a receiver: scheme, host if it is a machine's name, port, fingerprint."""
    fp = fingerprint(url)[:8]
    scheme, _, rest = url.partition("://")
    scheme = scheme if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,19}", scheme) else "?"
    if not rest:
        return f"{scheme}:… #{fp}"
    try:
        parts = urllib.parse.urlsplit(f"x://{rest}")
        host, port = parts.hostname or "", parts.port
    except ValueError:
        host, port = "", None
    shown = host if host and _shown_host(host) else "…"
    return f"{scheme}://{shown}{f':{port}' if port and shown != '…' else ''}/… #{fp}"


def _secrets(url: str) -> list[str]:
    """Every part of the URL that may be a secret, longest first (for scrubbing text)."""
    _, _, rest = url.partition("://")
    parts: set[str] = {url, rest}
    try:
        split = urllib.parse.urlsplit(f"x://{rest}")
        host = split.hostname or ""
        for piece in (split.username, split.password, split.path, split.query, split.fragment, split.netloc):
            if piece:
                parts.add(piece)
                parts.add(urllib.parse.unquote(piece))
        parts.update(segment for segment in re.split(r"[/?&=#,:@]", f"{split.path}?{split.query}") if segment)
        if host and not _shown_host(host):
            parts.add(host)
    except ValueError:
        parts.update(segment for segment in re.split(r"[/?&=#,:@]", rest) if segment)
    return sorted((p for p in parts if len(p) >= 3), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` with every part of `url` that may be secret replaced by '…'."""
    for secret in _secrets(url):
        text = text.replace(secret, "…")
    return text


def parse_targets(urls: Iterable[str], env: str | None = None) -> list[Target]:
    """Receivers from --notify options and AA_LEADERBOARDS_NOTIFY (white-space separated), each
    once. A URL Apprise cannot send to is a usage error, said without the URL."""
    given = [u.strip() for u in urls if u.strip()]
    given += (env if env is not None else os.environ.get(NOTIFY_ENV, "")).split()
    targets: dict[str, Target] = {}
    for position, url in enumerate(given, 1):
        if not _understood(url):
            raise UsageError(f"notification URL {position} ({label(url)}) is not one Apprise can send to; see "
                             "https://github.com/caronc/apprise/wiki for the URL of each service")
        target = Target(url=url, fingerprint=fingerprint(url), label=label(url))
        targets.setdefault(target.fingerprint, target)
    return list(targets.values())


def _understood(url: str) -> bool:
    import apprise

    with _captured_logs():
        try:
            return apprise.Apprise.instantiate(url) is not None
        except Exception:  # noqa: BLE001  (a plugin that cannot even read its URL: not a URL it can send to
            return False


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # noqa: BLE001  (a log call with bad arguments: keep its format string)
            self.messages.append(str(record.msg))


@contextmanager
def _captured_logs() -> Iterator[_Collect]:
    """While sending, the chatty loggers write only to a collector (their warnings become the
    reason we show, scrubbed); nothing of theirs reaches stderr, a log file or Prefect."""
    collector = _Collect()
    saved = []
    for name in _CHATTY_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.handlers[:], logger.propagate, logger.level))
        logger.handlers = [collector]
        logger.propagate = False
        logger.setLevel(logging.WARNING)
    try:
        yield collector
    finally:
        for logger, handlers, propagate, level in saved:
            logger.handlers = handlers
            logger.propagate = propagate
            logger.setLevel(level)


@dataclass(frozen=True)
class Delivery:
    target: Target
    delivered: bool
    reason: str = ""  # why not, scrubbed of the URL's secrets
    events: int = 0  # how many events the message carried


def send(target: Target, message: Message, shorter: Message | None = None) -> Delivery:
    """Send one message to one receiver; never raises for the receiver's faults.

    `shorter` is the same news in a few lines. It is sent instead where the message is longer
    than the service takes (Apprise knows each service's limit: Discord's is 2,000 characters),
    and after the message where the receiver refused it (a webhook's own limit, unknown to
    Apprise): a message too long for a receiver is never left pending to grow night by night."""
    import apprise

    with _captured_logs() as logs:
        try:
            sender = apprise.Apprise()
            if not sender.add(target.url):
                return Delivery(target, False, "Apprise cannot send to this URL")
            limit = min((service.body_maxlen for service in sender if service.body_maxlen), default=0)
            too_long = bool(shorter) and bool(limit) and len(message.body) > limit
            delivered = _notify(sender, shorter if too_long and shorter else message)
            if too_long:
                reason = f"the message is longer than the {limit} characters this service takes; sent a summary"
            elif not delivered and shorter is not None:
                refused = "; ".join(dict.fromkeys(logs.messages)) or "the receiver did not accept it"
                logs.messages.clear()
                delivered = _notify(sender, shorter)
                reason = f"the whole message was refused ({refused}); sent a summary" if delivered else ""
            else:
                reason = ""
        except Exception as exc:  # noqa: BLE001  (a plugin's own fault is this receiver's failure, not the run's
            return Delivery(target, False, scrub(f"{type(exc).__name__}: {exc}", target.url))
    if not delivered:
        reason = "; ".join(dict.fromkeys(logs.messages)) or "the receiver did not accept it"
    return Delivery(target, delivered, scrub(reason, target.url))


def _notify(sender: Any, message: Message) -> bool:
    import apprise

    return bool(sender.notify(body=message.body, title=message.title,
                              notify_type=apprise.NotifyType.WARNING if message.warning else apprise.NotifyType.INFO,
                              body_format=apprise.NotifyFormat.TEXT))


def send_all(targets: Sequence[Target], messages: dict[str, Message],
             summaries: dict[str, Message] | None = None) -> list[Delivery]:
    """Each receiver's message (by fingerprint), with its summary; receivers with nothing to say are skipped."""
    return [send(t, messages[t.fingerprint], (summaries or {}).get(t.fingerprint)) for t in targets if t.fingerprint in messages]
