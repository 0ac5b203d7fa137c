"""Where a run works: the warehouse file, the raw archive beside it, and how long it waits for either."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from warehouse.db import DEFAULT_LOCK_TIMEOUT_S
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
