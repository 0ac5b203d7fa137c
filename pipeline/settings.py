"""Where a run works: the warehouse file, the raw archive beside it, and how long it waits for
either; and the one way the pipeline opens the warehouse (reading() and writing())."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import DEFAULT_LOCK_TIMEOUT_S, given_or_opened
from warehouse.load import DEFAULT_MAX_SHRINK

# The warehouse when none is named: $AA_LEADERBOARDS_DB, else this path (relative to where the
# command, or a deployment's flow run, works).
DEFAULT_DB = Path("data") / "leaderboards.duckdb"


def default_db() -> Path:
    return Path(os.environ.get("AA_LEADERBOARDS_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class Settings:
    db_path: Path
    archive_dir: Path
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    max_shrink: float | None = DEFAULT_MAX_SHRINK  # None: never hold a board back

    @classmethod
    def for_db(cls, db: Path | str, archive: Path | str | None = None, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
               max_shrink: float | None = DEFAULT_MAX_SHRINK) -> Settings:
        """Settings for a database; the raw archive lives beside it unless told otherwise."""
        db_path = Path(db)
        return cls(db_path=db_path, archive_dir=Path(archive) if archive else db_path.parent / "archive",
                   lock_timeout_s=lock_timeout_s, max_shrink=max_shrink)

    def reading(self, con: duckdb.DuckDBPyConnection | None = None) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """The warehouse opened for reading, waiting at most lock_timeout_s for a writer's lock;
        or `con`, a connection a run already holds."""
        return given_or_opened(con, self.db_path, read_only=True, lock_timeout_s=self.lock_timeout_s)

    def writing(self, con: duckdb.DuckDBPyConnection | None = None) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """The warehouse opened for writing (migrated first), waiting at most lock_timeout_s for
        another writer; or `con`, the write connection a run already holds."""
        return given_or_opened(con, self.db_path, lock_timeout_s=self.lock_timeout_s)
