"""The SQL this package ships: its migrations (tables), its views, macros and derived tables, the
dictionary of their comments, and its named statements (sql/*.sql)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from graphlib import TopologicalSorter
from importlib import resources
from typing import Any

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_DEFINITION = re.compile(r"^CREATE OR REPLACE (?P<kind>VIEW|MACRO|TABLE) (?P<name>\w+)\b(?P<rest>.*)", re.MULTILINE | re.DOTALL)
_TABLE_QUERY = re.compile(r"^\s+AS\s+(?P<query>.*?);?\s*$", re.IGNORECASE | re.DOTALL)
_TABLE_MACRO = re.compile(r"^\([^)]*\)\s+AS\s+TABLE\b", re.IGNORECASE)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str
    # Run once the views are current, in the same transaction: a migration's data step that reads
    # a view (migrations run before the views are recreated, so they may not).
    after_views: str | None = None


@dataclass(frozen=True)
class Definition:
    """A view, macro or derived table: one current definition, in warehouse/views/NAME.sql.

    A derived table (CREATE OR REPLACE TABLE NAME AS query) holds what its query returns, kept
    current by every change to what the query reads (schema.refresh_derived): a view that every
    other view reads many times over costs DuckDB its planning each time, on every query."""
    name: str
    kind: str  # view | macro | table macro | derived table
    sql: str
    sha256: str
    uses: frozenset[str]  # the other definitions it reads
    query: str | None = None  # a derived table's query; None for the other kinds


@lru_cache(maxsize=1)
def migrations() -> tuple[Migration, ...]:
    folder = resources.files("warehouse").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            after = folder.joinpath(entry.name.removesuffix(".sql") + ".after_views.sql")
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8"),
                                   after.read_text(encoding="utf-8") if after.is_file() else None))
    return tuple(sorted(found, key=lambda m: m.version))


@lru_cache(maxsize=1)
def definitions() -> tuple[Definition, ...]:
    """Every view, macro and derived table, each after the definitions it reads (DuckDB binds a
    view when it is created, so what it reads must exist first)."""
    texts = {}
    for entry in resources.files("warehouse").joinpath("views").iterdir():
        if entry.name.endswith(".sql"):
            texts[entry.name.removesuffix(".sql")] = entry.read_text(encoding="utf-8")
    found = {}
    for name, sql in texts.items():
        match = _DEFINITION.search(sql)
        if match is None or match.group("name") != name:
            raise ValueError(f"warehouse/views/{name}.sql must define {name} with CREATE OR REPLACE VIEW, MACRO or TABLE")
        kind = {"VIEW": "view", "TABLE": "derived table"}.get(match.group("kind")) \
            or ("table macro" if _TABLE_MACRO.match(match.group("rest")) else "macro")
        query = _TABLE_QUERY.match(match.group("rest")) if kind == "derived table" else None
        if kind == "derived table" and query is None:
            raise ValueError(f"warehouse/views/{name}.sql must define {name} with CREATE OR REPLACE TABLE {name} AS query")
        # The names its code reads (comments aside), found with one pattern: one per name costs a
        # whole run's worth of regex compiling the first time a process opens the warehouse.
        words = set(re.findall(r"\w+", re.sub(r"--[^\n]*", "", match.group("rest"))))
        uses = frozenset(other for other in texts if other != name and other in words)
        found[name] = Definition(name, kind, sql, hashlib.sha256(sql.encode()).hexdigest(), uses,
                                 query.group("query") if query else None)
    order = TopologicalSorter({name: d.uses for name, d in found.items()}).static_order()
    return tuple(found[name] for name in order)


@lru_cache(maxsize=1)
def dictionary_text() -> str:
    return resources.files("warehouse").joinpath("dictionary.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def dictionary() -> dict[str, Any]:
    """warehouse/dictionary.toml: every comment analysts see, once."""
    return tomllib.loads(dictionary_text())


@cache
def sql_file(name: str) -> str:
    return resources.files("warehouse").joinpath("sql", name).read_text(encoding="utf-8")


def latest_version() -> int:
    return migrations()[-1].version
