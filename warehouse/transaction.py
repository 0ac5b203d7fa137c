"""The one way a change to the warehouse is made all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb


@contextmanager
def atomic(con: duckdb.DuckDBPyConnection, failed: Callable[[duckdb.Error], Exception] | None = None) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back on any exception. A DuckDB
    error is raised as `failed(error)` where given (a WarehouseError naming what failed)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # a failed COMMIT has ended the transaction already
        if failed is not None and isinstance(exc, duckdb.Error):
            raise failed(exc) from exc
        raise
