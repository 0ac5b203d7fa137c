"""DuckDB warehouse: migrations, loading, and the analyst views (all SQL lives in this package)."""

from .db import open_warehouse
from .errors import DatabaseLockedError, SchemaError, WarehouseError
from .load import LoadResult, PageLoad, SnapshotMeta, load_pages

__all__ = ["DatabaseLockedError", "LoadResult", "PageLoad", "SchemaError", "SnapshotMeta", "WarehouseError", "load_pages", "open_warehouse"]
