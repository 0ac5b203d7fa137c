"""Every file we write is whole or absent: a temporary file beside it, fsync, rename.

A write killed half-way leaves only a temporary file (".<name>.aa-leaderboards-<random>.tmp"),
never part of a file under its real name; the next run sweeps such leftovers once they are old
enough that no live write can own them. Only names carrying TEMPORARY_MARK are swept: a folder
may hold other programs' temporary files, which are never ours to delete.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import tempfile
from pathlib import Path

from .errors import WriteError

TEMPORARY_MARK = "aa-leaderboards-"
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _free_space(folder: Path) -> str:
    try:
        return f"{shutil.disk_usage(folder).free / 1024 / 1024:.1f} MB free"
    except OSError:
        return "free space unknown"


# A temporary file of ours this old was left by a killed write (a write takes seconds): swept.
STALE_TEMPORARY_S = 3600


def temporaries_of(name: str = "*") -> str:
    """The glob of atomic_write's temporary files for a file named `name` (any, by default)."""
    return f".{name}.{TEMPORARY_MARK}*.tmp"


def sweep_temporaries(folder: Path, pattern: str = "**/" + temporaries_of(), *,
                      older_than_s: float = STALE_TEMPORARY_S) -> int:
    """Remove the temporary files atomic_write leaves when killed (".<name>.aa-leaderboards-<random>.tmp";
    by default in `folder` and below it), once old enough that no live write owns them."""
    removed = 0
    cutoff = dt.datetime.now().timestamp() - older_than_s
    for stale in folder.glob(pattern) if folder.is_dir() else ():
        try:
            if stale.is_file() and not stale.is_symlink() and stale.stat().st_mtime < cutoff:
                stale.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` all or nothing (temporary file, fsync, rename)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.{TEMPORARY_MARK}", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        # A read-only or full folder, or one we may not write: said here, not as a traceback.
        raise WriteError(f"{path}: cannot write ({exc.strerror or exc}); nothing was written") from exc
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes it 0600; the result is an ordinary file
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise WriteError(f"{path}: no space left on device ({_free_space(path.parent)}); nothing was written") from exc
        raise WriteError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    _fsync_dir(path.parent)
