"""The raw-page archive: every page is kept, gzip-compressed, addressed by its sha256.

Layout: <root>/<sha[:2]>/<sha>.gz and a JSON sidecar <sha>.json. Writes go to a temporary file
in the same folder and are renamed into place, so a crash or a full disk never leaves a
partial page under a real name. Identical content is stored once; the sidecar keeps its first
capture, which is what `captured_at` means.

A page's sidecar is written before the page, so the page's rename is the store's last step: a
run killed between the two leaves a sidecar without its page, which every reader ignores and the
next store of that content replaces. (Page first, it left a page with no capture time: unusable
by reparse, and reported missing by verify for good.)
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parsers import ParseError
from parsers.decode import GZIP_MAGIC, gunzip_capped

from ..errors import ArchiveError
from ..files import atomic_write

SIDECAR_VERSION = 1


@dataclass(frozen=True)
class ArchivedPage:
    sha256: str
    relative_path: str
    bytes: int
    source: str
    captured_at: dt.datetime
    capture_time_source: str
    http: Mapping[str, Any] | None
    newly_stored: bool


def page_content(data: bytes, source: str) -> bytes:
    """The page itself: gzip input is expanded (bounded), anything else is taken as it is.

    A gzip file that does not expand is archived as it came, so nothing is lost; the parser
    then says what is wrong with it.
    """
    if data.startswith(GZIP_MAGIC):
        try:
            return gunzip_capped(data, source)
        except ParseError:
            return data
    return data


@dataclass(frozen=True)
class KnownCaptures:
    by_key: dict[str, str]  # "<timestamp> <original URL>" -> sha256 of the archived page
    by_digest: dict[str, str]  # the index's content digest -> sha256


def web_capture_key(timestamp: str, original: str) -> str:
    return f"{timestamp} {original}"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _sidecar_problem(data: Mapping[str, Any]) -> str | None:
    """What is wrong with a sidecar's fields, or None: what a reparse or ingest would trip on."""
    size = data.get("bytes")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        return f"'bytes' is {size!r}, not a size"
    if not isinstance(data.get("source"), str):
        return f"'source' is {data.get('source')!r}, not a text"
    when = data.get("captured_at")
    try:
        parsed = dt.datetime.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        return f"'captured_at' is {when!r}, not a time with its zone (UTC)"
    if not isinstance(data.get("capture_time_source", "archive"), str):
        return f"'capture_time_source' is {data.get('capture_time_source')!r}, not a text"
    return None


class RawArchive:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _paths(self, sha: str) -> tuple[Path, Path]:
        folder = self.root / sha[:2]
        return folder / f"{sha}.gz", folder / f"{sha}.json"

    def relative(self, sha: str) -> str:
        return f"{sha[:2]}/{sha}.gz"

    def store(
        self,
        content: bytes,
        *,
        source: str,
        captured_at: dt.datetime,
        capture_time_source: str,
        http: Mapping[str, Any] | None = None,
        sha256: str | None = None,
        web_capture: Mapping[str, Any] | None = None,
    ) -> ArchivedPage:
        """Keep the page (once per content); return where it is and its first capture.

        `sha256`, when the caller has it already, spares hashing the page again.
        """
        sha = sha256 or sha256_hex(content)
        page_path, sidecar_path = self._paths(sha)
        existing = self.sidecar(sha)
        if page_path.exists() and existing is not None:
            known = existing.get("web_captures") or []
            if web_capture and dict(web_capture) not in known:
                # The same content captured again: the page is kept once, every capture is named.
                existing["web_captures"] = [*known, dict(web_capture)]
                atomic_write(sidecar_path, json.dumps(existing, indent=2, sort_keys=True).encode("utf-8"))
            return self._from_sidecar(existing, newly_stored=False)
        sidecar = {
            "sidecar_version": SIDECAR_VERSION,
            "sha256": sha,
            "bytes": len(content),
            "source": source,
            "captured_at": captured_at.astimezone(dt.UTC).isoformat(),
            "capture_time_source": capture_time_source,
            "stored_at": dt.datetime.now(dt.UTC).isoformat(),
            "http": dict(http) if http else None,
        }
        if web_capture:
            sidecar["web_captures"] = [dict(web_capture)]  # replay URL, original URL, timestamp, digest
        atomic_write(sidecar_path, json.dumps(sidecar, indent=2, sort_keys=True).encode("utf-8"))
        atomic_write(page_path, gzip.compress(content, compresslevel=6, mtime=0))
        return self._from_sidecar(sidecar, newly_stored=True)

    def _own_file(self, path: Path) -> None:
        """A file of the archive is a regular file inside it: a link (to a file elsewhere, whose
        bytes would be read and quoted) is refused, never followed."""
        if path.is_symlink() or not path.resolve().is_relative_to(self.root.resolve()):
            raise ArchiveError(f"{path}: a link out of the archive, not a file of it; not followed")
        if path.exists() and not path.is_file():
            raise ArchiveError(f"{path}: not a regular file")

    def sidecar(self, sha: str) -> dict[str, Any] | None:
        """The page's sidecar, checked: every field a reader relies on is there and well formed.
        None where there is none, or where its page is not there (a store killed before its last step)."""
        page_path, sidecar_path = self._paths(sha)
        if not sidecar_path.exists() and not sidecar_path.is_symlink():
            return None
        if not page_path.exists() and not page_path.is_symlink():
            return None
        self._own_file(sidecar_path)
        try:
            data = json.loads(sidecar_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"{sidecar_path}: unreadable sidecar ({exc})") from exc
        if not isinstance(data, dict) or data.get("sha256") != sha:
            raise ArchiveError(f"{sidecar_path}: sidecar does not describe page {sha}")
        problem = _sidecar_problem(data)
        if problem:
            raise ArchiveError(f"{sidecar_path}: sidecar {problem}")
        return data

    def _from_sidecar(self, sidecar: Mapping[str, Any], *, newly_stored: bool) -> ArchivedPage:
        sha = str(sidecar["sha256"])
        return ArchivedPage(
            sha256=sha,
            relative_path=self.relative(sha),
            bytes=int(sidecar["bytes"]),
            source=str(sidecar["source"]),
            captured_at=dt.datetime.fromisoformat(str(sidecar["captured_at"])),
            capture_time_source=str(sidecar.get("capture_time_source", "archive")),
            http=sidecar.get("http"),
            newly_stored=newly_stored,
        )

    def read(self, sha: str) -> bytes:
        """The page's content, verified against its address; a mismatch is never returned."""
        page_path, _ = self._paths(sha)
        if page_path.is_symlink() or page_path.exists():
            self._own_file(page_path)
        try:
            content = gzip.decompress(page_path.read_bytes())
        except FileNotFoundError as exc:
            raise ArchiveError(f"{page_path}: archived page is missing") from exc
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
            # zlib.error ("Error -3 while decompressing data") is neither an OSError nor a gzip error.
            raise ArchiveError(f"{page_path}: archived page is corrupt (gzip data does not expand: {exc})") from exc
        if sha256_hex(content) != sha:
            raise ArchiveError(f"{page_path}: archived page does not match its sha256 (corrupt); not parsed")
        return content

    def describe(self, sha: str) -> ArchivedPage:
        sidecar = self.sidecar(sha)
        if sidecar is None:
            raise ArchiveError(f"{self._paths(sha)[1]}: sidecar is missing")
        return self._from_sidecar(sidecar, newly_stored=False)

    # Conditional-request validators per source URL, kept beside the pages they describe, with
    # the sha256 of the page they were given for: a 304 only means "the page you loaded" to a
    # warehouse that holds that page (two databases may share an archive; one may be restored
    # from a backup older than it).
    def _validators_path(self) -> Path:
        return self.root / "fetch-validators.json"

    def _all_validators(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self._validators_path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # a damaged cache only costs one unconditional fetch
        return data if isinstance(data, dict) else {}

    def validators(self, url: str) -> dict[str, str]:
        found = self._all_validators().get(url)
        return dict(found) if isinstance(found, dict) else {}

    def save_validators(self, url: str, validators: Mapping[str, str], sha256: str) -> None:
        data = self._all_validators()
        data[url] = {**validators, "sha256": sha256}
        atomic_write(self._validators_path(), json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))

    def web_captures(self) -> KnownCaptures:
        """Web-archive captures already archived, read from the sidecars (the archive is the
        record, so this cannot disagree with it)."""
        known = KnownCaptures({}, {})
        if not self.root.exists():
            return known
        for path in sorted(self.root.glob("??/*.json")):
            sha = path.name[: -len(".json")]
            for capture in (self.sidecar(sha) or {}).get("web_captures") or ():
                known.by_key[web_capture_key(str(capture.get("timestamp")), str(capture.get("original")))] = sha
                if capture.get("digest"):
                    known.by_digest[str(capture["digest"])] = sha
        return known

    def shas(self) -> Iterator[str]:
        """Every archived page's sha256, in a stable order."""
        if not self.root.exists():
            return
        for page in sorted(self.root.glob("??/*.gz")):
            yield page.name[: -len(".gz")]
