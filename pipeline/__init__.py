"""Orchestration and I/O: fetching, the raw archive, the jobs, Prefect flows and the CLI.

Prefect itself is imported only by pipeline.flows and pipeline.serve, so the fast path never
pays for it.
"""

__version__ = "0.1.0"

from .archive import RawArchive
from .jobs import Settings, ingest_files, refresh_urls, reparse_archive

__all__ = ["RawArchive", "Settings", "__version__", "ingest_files", "refresh_urls", "reparse_archive"]
