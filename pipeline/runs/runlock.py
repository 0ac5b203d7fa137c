"""One run at a time per database: refresh, ingest and reparse take this lock for their whole run.

An advisory lock (flock) on `<database>.run.lock`: the kernel releases it when the holder exits,
however it exits, so a killed run never leaves a stale lock. The file names the holder, so a
second run can say who it is waiting for.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PipelineError


class RunLockedError(PipelineError):
    """Another run holds the database's run lock past the wait."""


def lock_path(db_path: Path) -> Path:
    """Beside the database file itself: a link to it (or another path to it) takes the same lock."""
    real = db_path.resolve()
    return real.with_name(real.name + ".run.lock")


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "another run"
    return f"`{info.get('command', '?')}` (PID {info.get('pid', '?')} on {info.get('host', '?')}, started {info.get('started_at', '?')})"


@contextmanager
def run_lock(db_path: Path, command: str, wait_s: float) -> Iterator[None]:
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RunLockedError(f"{db_path}: another run is in progress: {_holder(fd)}; waited {wait_s:.0f}s") from None
                time.sleep(0.2)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": command,
                "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "argv": sys.argv}
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        except OSError:
            pass  # who holds the lock is a courtesy; on a full disk the lock itself still holds
        try:
            yield
        finally:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
