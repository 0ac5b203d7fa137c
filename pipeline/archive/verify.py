"""`aa-leaderboards verify`: the archive against its hashes and sidecars, the warehouse against the archive."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from warehouse.publish import copy_behind_s, published_path
from warehouse.queries import payload_changes, retractions, snapshot_pages

from ..errors import ArchiveError
from ..settings import Settings
from .store import RawArchive

_PAGE = re.compile(r"^[0-9a-f]{64}\.(gz|json)$")


@dataclass(frozen=True)
class Finding:
    kind: str  # corrupt | missing | orphaned | stale | changed
    path: str
    reason: str

    def line(self) -> str:
        return f"{self.kind:<9} {self.path}: {self.reason}"


@dataclass(frozen=True)
class Report:
    pages: int
    snapshots: int
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()  # what is so by a person's choice (a retracted snapshot), no problem


def _whole(archive: RawArchive, sha: str) -> bool:
    """Is the page in the archive now, whole and described?"""
    try:
        sidecar = archive.sidecar(sha)
        return sidecar is not None and int(sidecar["bytes"]) == len(archive.read(sha))
    except ArchiveError:
        return False


def verify(settings: Settings) -> Report:
    """Every archived page against its hash and sidecar, and every snapshot of the warehouse (if
    there is one yet) against its page."""
    archive = RawArchive(settings.archive_dir)
    findings, good, pages = _walk(settings.archive_dir, archive) if settings.archive_dir.exists() else ([], set(), 0)
    if not settings.db_path.exists():
        return Report(pages=pages, snapshots=0, findings=tuple(findings), notes=())
    snapshots, notes = _check_warehouse(settings, archive, good, findings)
    return Report(pages=pages, snapshots=snapshots, findings=tuple(findings), notes=tuple(notes))


def _walk(archive_dir: Path, archive: RawArchive) -> tuple[list[Finding], set[str], int]:
    """Every file of the archive: what is wrong with it, the pages that are whole, how many pages."""
    findings: list[Finding] = []
    good: set[str] = set()
    pages = 0
    for entry in sorted(archive_dir.rglob("*")):
        if entry.is_dir() or (entry.name == "fetch-validators.json" and entry.parent == archive_dir):
            continue
        relative = str(entry.relative_to(archive_dir))
        if not _PAGE.match(entry.name) or entry.parent.name != entry.name[:2]:
            findings.append(Finding("orphaned", relative, "not a page or sidecar of this archive (a leftover temporary file?)"))
            continue
        sha = entry.name.split(".")[0]
        if entry.suffix == ".json":
            if not (entry.parent / f"{sha}.gz").exists():
                findings.append(Finding("orphaned", relative, "sidecar without its page"))
            continue
        pages += 1
        finding = _page_fault(archive, sha, relative)
        if finding is None:
            good.add(sha)
        else:
            findings.append(finding)
    return findings, good, pages


def _page_fault(archive: RawArchive, sha: str, relative: str) -> Finding | None:
    try:
        content = archive.read(sha)
        sidecar = archive.sidecar(sha)
        if sidecar is None:
            return Finding("missing", relative[:-3] + ".json", "page has no sidecar")
        if int(sidecar.get("bytes", -1)) != len(content):
            return Finding("corrupt", relative[:-3] + ".json", "sidecar size does not match the page")
    except (ArchiveError, json.JSONDecodeError, ValueError, TypeError) as exc:
        return Finding("corrupt", relative, str(exc).split(": ", 1)[-1])
    return None


def _check_warehouse(settings: Settings, archive: RawArchive, good: set[str], findings: list[Finding]) -> tuple[int, list[str]]:
    """Every snapshot's page is in the archive, the published copy is current, and the payload's
    keys are the ones read (findings added to `findings`); the snapshots counted, and notes."""
    db_path = settings.db_path
    with settings.reading() as con:
        rows = snapshot_pages(con)
        behind = copy_behind_s(db_path, con)
        changes = payload_changes(con)
        notes = [f"snapshot {r['snapshot_id']} is retracted (since {r['retracted_at']}): {r['reason']}; its page stays "
                 "archived" for r in retractions(con)]
    # Not the archive's fault, but a reader that no longer reads what the site sends.
    findings += [Finding("changed", "payload", change) for change in changes]
    if behind:
        findings.append(Finding("stale", str(published_path(db_path)),
                                "no published copy (run `aa-leaderboards publish`)" if behind == float("inf")
                                else f"the published copy is {behind:.0f} s behind the warehouse (run `aa-leaderboards publish`)"))
    for snapshot_id, sha, archive_path in rows:
        # A page already reported corrupt is not reported missing as well, nor one archived
        # while the archive was being walked (an ingest running beside this verify).
        if sha not in good and not any(f.kind == "corrupt" and f.path == f"{sha[:2]}/{sha}.gz" for f in findings) \
                and not _whole(archive, sha):
            findings.append(Finding("missing", archive_path or f"{sha[:2]}/{sha}.gz",
                                    f"page of warehouse snapshot {snapshot_id} is not in the archive"))
    return len(rows), notes
