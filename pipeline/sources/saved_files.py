"""Saved pages on disk: the files, folders and globs a user names -> the pages' paths and bytes."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from ..errors import PipelineError

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz")


def expand_paths(patterns: Sequence[str]) -> list[Path]:
    """Files, folders (their saved pages) and globs -> the files, in a stable order."""
    found: list[Path] = []
    for pattern in patterns:
        matches = [Path(p) for p in sorted(glob.glob(pattern))] if glob.has_magic(pattern) else [Path(pattern)]
        if not matches:
            raise PipelineError(f"{pattern}: no file matches")
        for path in matches:
            if path.is_dir():
                found += sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES))
            elif path.exists():
                found.append(path)
            else:
                raise PipelineError(f"{path}: no such file or folder")
    unique = list(dict.fromkeys(found))
    if not unique:
        raise PipelineError("no saved pages (.html, .htm, .txt, .gz) among: " + " ".join(patterns))
    return unique


def read_saved(path: Path) -> bytes:
    """A saved page's bytes, or one line saying why they cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror or exc})") from exc
