"""Saved pages on disk: the files, folders and globs a user names -> the pages' paths and bytes."""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from parsers.decode import MAX_PAGE_BYTES

from ..errors import PipelineError

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz")


def _is_page_name(path: Path) -> bool:
    return path.name.lower().endswith(PAGE_SUFFIXES)


def expand_paths(patterns: Sequence[str], on_skip: Callable[[Path], None] | None = None) -> list[Path]:
    """Files, folders (their saved pages) and globs -> the files, in a stable order. A file a
    folder or a glob holds that is not named as a saved page (SOURCES.md) is skipped, and
    `on_skip` hears of it; a file named outright is always read."""
    found: list[Path] = []
    skipped: list[Path] = []
    for pattern in patterns:
        matched = glob.has_magic(pattern)
        matches = [Path(p) for p in sorted(glob.glob(pattern))] if matched else [Path(pattern)]
        if not matches:
            raise PipelineError(f"{pattern}: no file matches")
        for path in matches:
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file())
                found += [p for p in files if _is_page_name(p)]
                skipped += [p for p in files if not _is_page_name(p)]
            elif path.exists() and matched and not _is_page_name(path):
                skipped.append(path)
            elif path.exists():
                found.append(path)
            else:
                raise PipelineError(f"{path}: no such file or folder")
    if on_skip is not None:
        for path in dict.fromkeys(skipped):
            on_skip(path)
    unique = list(dict.fromkeys(found))
    if not unique:
        raise PipelineError("no saved pages (.html, .htm, .txt, .gz) among: " + " ".join(patterns))
    return unique


def read_saved(path: Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """A saved page's bytes, or one line saying why they cannot be read. Only a regular file is
    read (a FIFO would wait for ever, /dev/zero never end), and its size is checked before it is."""
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer before anything is checked.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise PipelineError(f"{path}: not a regular file ({_kind(info.st_mode)}); only saved pages are read")
            if info.st_size > limit:
                raise PipelineError(f"{path}: {info.st_size / 1024 / 1024:.0f} MB, over the {limit // 1024 // 1024} MB "
                                    "a page may be; not read")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:  # it grew while being read
        raise PipelineError(f"{path}: over the {limit // 1024 // 1024} MB a page may be; not read")
    return data


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"
