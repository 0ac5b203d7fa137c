"""Orchestration and I/O, in subpackages by stage: sources -> archive -> runs -> outputs, and the CLI.

Prefect itself is imported only by pipeline.runs.flows and pipeline.runs.serve, so the fast
path never pays for it.
"""

from .archive.store import RawArchive
from .runs import backfill, ingest_files, refresh_urls, reparse_archive
from .settings import Settings
from .version import __version__

__all__ = ["RawArchive", "Settings", "__version__", "backfill", "ingest_files", "refresh_urls", "reparse_archive"]
