"""One model, one key: which model each loaded row continues, across the site's renames.

The site renames models and keeps their record id and, mostly, their page slug ("Qwen3.8 27B"
became "Qwen3.8 27B (xhigh)"), and once listed a model under a new id with the same slug and
name. A row continues the model that has its record id, else its slug, else its name (text
renderings carry neither id nor slug). A row the site identifies never continues, by name alone,
a model the site identifies otherwise. A model's key is given when it is first seen (the
parser's key of its name, with -2, -3 where that key is taken) and never changes with a rename.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from parsers.rows import ModelRow

from .resources import sql_file

KINDS: tuple[str, ...] = ("id", "slug", "name")


def name_identity(name: str) -> str:
    """A name as it identifies a model: the payload and the table spell one model's name in
    different cases ('gpt-oss-20b (high)', 'gpt-oss-20B (high)'). DuckDB's lower() seeds it."""
    return name.strip().lower()


@dataclass
class Identities:
    """The identities known to a warehouse, read once for a batch of loads; new ones are kept
    to be written with the batch (`pending`)."""

    known: dict[str, dict[str, str | None]] = field(default_factory=lambda: {kind: {} for kind in KINDS})
    keys: set[str] = field(default_factory=set)
    pending: list[tuple[str, str, str | None, int]] = field(default_factory=list)
    _identified: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # key -> kind -> values

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> Identities:
        found = cls()
        for kind, value, key in con.execute(sql_file("model_identities.sql")).fetchall():
            found.known[kind][value] = key
            if key is not None:
                found.keys.add(key)
                found._identified.setdefault(key, {}).setdefault(kind, set()).add(value)
        found.keys.update(key for (key,) in con.execute(sql_file("model_keys.sql")).fetchall())
        return found

    def keys_for(self, rows: Sequence[ModelRow], snapshot_id: int) -> list[str]:
        """The model key of each row of one board, each row its own model."""
        given: set[str] = set()
        out = []
        for row in rows:
            key = self._continued(row, given) or self._fresh(row.model_key)
            given.add(key)
            self._remember(row, key, snapshot_id)
            out.append(key)
        return out

    def _identifiers(self, row: ModelRow) -> list[tuple[str, str]]:
        return [(kind, value) for kind, value in (("id", row.record_id), ("slug", row.slug),
                                                  ("name", name_identity(row.model))) if value]

    def _continued(self, row: ModelRow, given: set[str]) -> str | None:
        for kind, value in self._identifiers(row):
            key = self.known[kind].get(value)
            if key is None or key in given:
                continue
            if kind == "name" and self._identified_otherwise(key, row):
                continue
            return key
        return None

    def _identified_otherwise(self, key: str, row: ModelRow) -> bool:
        """Does the model of `key` carry a site id or slug that this row does not?"""
        has = self._identified.get(key, {})
        return any(value is not None and has.get(kind) and value not in has[kind]
                   for kind, value in (("id", row.record_id), ("slug", row.slug)))

    def _fresh(self, base: str) -> str:
        key, n = base, 1
        while key in self.keys:
            n += 1
            key = f"{base}-{n}"
        self.keys.add(key)
        return key

    def _remember(self, row: ModelRow, key: str, snapshot_id: int) -> None:
        for kind, value in self._identifiers(row):
            if value not in self.known[kind]:
                self.known[kind][value] = key
                self._identified.setdefault(key, {}).setdefault(kind, set()).add(value)
                self.pending.append((kind, value, key, snapshot_id))
            elif kind != "name" and self.known[kind][value] not in (key, None):
                # An id or slug the site gave to two models identifies neither from now on.
                self.known[kind][value] = None
                self.pending.append((kind, value, None, snapshot_id))
