"""The jobs users run, wired from the plain steps (the fast path, no orchestration server).

pipeline.flows wires the same steps as Prefect tasks; both give the same warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .archive import RawArchive
from .errors import PipelineError
from .steps import PageOutcome, archive_file, expand_paths, load_batch, outcome, parse_content


@dataclass(frozen=True)
class Settings:
    db_path: Path
    archive_dir: Path
    lock_timeout_s: float = 30.0


def ingest_files(settings: Settings, patterns: Sequence[str], *, tier: str | None = None,
                 captured_at: dt.datetime | None = None) -> list[PageOutcome]:
    """Archive, parse, validate and load saved pages. A bad page never stops the others."""
    archive = RawArchive(settings.archive_dir)
    outcomes: list[PageOutcome] = []
    loads = []
    for path in expand_paths(patterns):
        try:
            saved = archive_file(archive, path, captured_at)
        except PipelineError as exc:
            outcomes.append(PageOutcome(source=str(path), status="failed", error=str(exc)))
            continue
        loads.append(parse_content(saved.content, saved.archived, source=str(path), tier=tier,
                                   captured_at=saved.captured_at, capture_time_source=saved.capture_time_source))
    # One page, one transaction: a page that fails to load cannot take the others with it.
    for load in loads:
        [result] = load_batch(settings.db_path, [load], lock_timeout_s=settings.lock_timeout_s)
        outcomes.append(outcome(load, result))
    return outcomes
