"""The analysts' copy in object storage: the published copy, the Parquet exports and the feeds
copied to any fsspec URL (s3://bucket/prefix, gs://bucket/prefix, a local folder).

fsspec speaks to every store with one interface (s3fs and gcsfs are the maintained drivers for
S3 and Google Cloud Storage, and read the stores' usual credentials: AWS_ACCESS_KEY_ID,
AWS_ENDPOINT_URL and friends; GOOGLE_APPLICATION_CREDENTIALS). Each file is uploaded under a
temporary key beside its place and then moved over the old one, so a reader finds the old object
or the new one, whole, never a part; the manifest goes last, so it only ever lists a whole set.
A publish killed half-way leaves its temporary keys, which the next publish sweeps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warehouse.errors import WarehouseError
from warehouse.publish import export, published_path

from ..errors import PipelineError
from ..version import __version__
from .feeds import feeds_dir

MANIFEST = "manifest.json"
# Which driver a URL scheme needs, and the extra that installs it.
DRIVERS = {"s3": ("s3fs", "s3"), "s3a": ("s3fs", "s3"), "gs": ("gcsfs", "gcs"), "gcs": ("gcsfs", "gcs")}
_TEMPORARY = ".aa-leaderboards-upload-"


class RemotePublishError(PipelineError):
    """Publishing to object storage failed; the objects already there are unchanged."""


@dataclass(frozen=True)
class Upload:
    local: Path
    key: str  # relative to the target prefix


def publish_to(db_path: Path, url: str) -> dict[str, Any]:
    """Copy the published copy, the Parquet exports and the feeds to `url`; return the manifest."""
    copy = published_path(db_path)
    if not copy.is_file():
        raise RemotePublishError(f"{copy}: no published copy to send to {url} (run `aa-leaderboards publish` first)")
    fs, root = _filesystem(url)
    with tempfile.TemporaryDirectory(prefix="aa-leaderboards-publish-") as scratch:
        exports = Path(scratch) / "exports"
        try:
            export(db_path, exports, "parquet")
        except WarehouseError as exc:
            raise RemotePublishError(f"{url}: the Parquet exports could not be written ({exc}); nothing was sent") from exc
        uploads = [Upload(copy, copy.name)]
        uploads += [Upload(path, f"exports/{path.name}") for path in sorted(exports.iterdir())]
        feeds = feeds_dir(copy)
        if feeds.is_dir():
            uploads += [Upload(path, f"feeds/{path.name}") for path in sorted(feeds.glob("*.atom"))]
        _sweep(fs, root)
        files = [_send(fs, root, upload, url) for upload in uploads]
        manifest = {
            "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "by": f"aa-leaderboards {__version__}",
            "source": str(db_path.resolve()),
            "files": files,
        }
        manifest_file = Path(scratch) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _send(fs, root, Upload(manifest_file, MANIFEST), url)
    return manifest


def _filesystem(url: str) -> tuple[Any, str]:
    import fsspec

    scheme = url.split("://", 1)[0].lower() if "://" in url else "file"
    try:
        fs, root = fsspec.core.url_to_fs(url)
    except ImportError as exc:
        package, extra = DRIVERS.get(scheme, (scheme, scheme))
        raise RemotePublishError(f"{url}: {scheme}:// needs the {package} package "
                                 f"(pip install 'aa-leaderboards[{extra}]')") from exc
    except (ValueError, OSError) as exc:
        raise RemotePublishError(f"{url}: not a place to publish to ({exc})") from exc
    return fs, root.rstrip("/")


def _is_local(fs: Any) -> bool:
    protocols = (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)
    return "file" in protocols or "local" in protocols


def _remote(root: str, key: str) -> str:
    return f"{root}/{key}" if root else key


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            sha.update(block)
    return sha.hexdigest()


def _send(fs: Any, root: str, upload: Upload, url: str) -> dict[str, Any]:
    """Upload one file under a temporary key beside its place, then move it over the old one."""
    final = _remote(root, upload.key)
    folder, _, name = final.rpartition("/")
    temporary = f"{folder}/{_TEMPORARY}{name}.{os.getpid()}.tmp" if folder else f"{_TEMPORARY}{name}.{os.getpid()}.tmp"
    try:
        if folder and _is_local(fs):
            fs.makedirs(folder, exist_ok=True)  # object stores have no folders (and s3fs would make a bucket)
        fs.put_file(str(upload.local), temporary)
        fs.mv(temporary, final)
    except Exception as exc:
        try:
            fs.rm_file(temporary)
        except Exception:  # noqa: BLE001  (the next publish sweeps what is left)
            pass
        raise RemotePublishError(f"{url}: {upload.key} could not be sent ({type(exc).__name__}: {exc}); the objects "
                                 "already there are unchanged") from exc
    return {"key": upload.key, "bytes": upload.local.stat().st_size, "sha256": _digest(upload.local)}


def _sweep(fs: Any, root: str) -> None:
    """Temporary keys a killed publish left (ours only, by their mark)."""
    for key in _listing(fs, root):
        if key.rpartition("/")[2].startswith(_TEMPORARY):
            try:
                fs.rm_file(key)
            except Exception:  # noqa: BLE001  (a key that will not go is tried again next time)
                pass


def _listing(fs: Any, root: str) -> Iterator[str]:
    try:
        yield from fs.find(root)
    except FileNotFoundError:
        return
