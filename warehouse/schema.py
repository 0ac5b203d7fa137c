"""The schema: its version, its migrations (tables), its views, macros and derived tables, and
their comments, brought current in a single transaction."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from .errors import SchemaError
from .resources import Definition, definitions, dictionary, dictionary_text, latest_version, migrations, sql_file
from .transaction import atomic

_DICTIONARY = "(dictionary)"
_DROP = {"view": "DROP VIEW IF EXISTS", "macro": "DROP MACRO IF EXISTS", "table macro": "DROP MACRO TABLE IF EXISTS",
         "derived table": "DROP TABLE IF EXISTS"}
_COMMENT_ON = {"tables": "TABLE", "views": "VIEW", "macros": "MACRO TABLE"}
# A view and a derived table share the catalogue's names: each as object_kind.sql names it.
_CATALOG_KIND = {"view": "view", "derived table": "table"}


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    # Asked directly: listing the catalogue (duckdb_tables()) costs more than the nightly load.
    try:
        row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0]
    except duckdb.CatalogException:
        return 0  # a new, empty file
    return int(row[0])


def _stored_objects(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    try:
        return {name: (kind, sha) for name, kind, sha in con.execute(sql_file("stored_objects.sql")).fetchall()}
    except duckdb.CatalogException:
        return {}  # written before views had their own files: every one is made anew


@lru_cache(maxsize=1)
def _wanted_objects() -> dict[str, tuple[str, str]]:
    wanted = {d.name: (d.kind, d.sha256) for d in definitions()}
    wanted[_DICTIONARY] = ("comments", hashlib.sha256(dictionary_text().encode()).hexdigest())
    return wanted


def definitions_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the file's views, macros and comments are this program's."""
    return _stored_objects(con) == _wanted_objects()


def _refuse_foreign(con: duckdb.DuckDBPyConnection, path: Path | str) -> None:
    """A file without our schema must hold nothing at all: our tables are never added to another
    application's database (nor its rows published beside ours)."""
    found = [row[0] for row in con.execute(sql_file("foreign_relations.sql")).fetchall()]
    if found:
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise SchemaError(f"{path}: this DuckDB file holds tables that are not aa-leaderboards' ({shown}); "
                          "refused and left untouched (give --db a new file, or one of ours)")


def migrate(con: duckdb.DuckDBPyConnection, path: Path | str, *, known_version: int | None = None) -> int:
    """Bring the file to the current schema in one transaction, so a failure leaves it exactly
    as it was: every pending migration, then every view and macro whose text changed (and those
    built on it), then the comments. `known_version` (a file created just now, empty or from
    the template) spares asking the catalogue."""
    current = schema_version(con) if known_version is None else known_version
    if current == 0 and known_version is None:
        _refuse_foreign(con, path)
    newest = latest_version()
    if current > newest:
        raise SchemaError(
            f"{path}: schema version {current} was written by a newer aa-leaderboards (this one knows up to {newest}); "
            "upgrade aa-leaderboards to use this database"
        )
    pending = [m for m in migrations() if m.version > current]
    stored = {} if current == 0 else _stored_objects(con)
    if not pending and stored == _wanted_objects():
        return newest
    with atomic(con):
        con.execute(sql_file("schema_migrations.sql"))
        for migration in pending:
            _run(con, path, f"migration {migration.name}", migration.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.name])
        _recreate_definitions(con, path, stored)
        # A migration may change what a derived table reads, and the steps after the views read them.
        refresh_derived(con)
        for migration in pending:
            if migration.after_views:
                _run(con, path, f"migration {migration.name} (its step after the views)", migration.after_views)
                refresh_derived(con)
    return newest


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Give every derived table (board_snapshots) its definition's rows again. Every change to the
    tables they read (boards, snapshots, held_boards, retractions) calls this in its own
    transaction, so a reader never sees the one without the other."""
    for definition in definitions():
        if definition.query is not None:
            # Emptied and filled, not replaced: the table keeps its comments.
            con.execute(f"DELETE FROM {definition.name}; INSERT INTO {definition.name} BY NAME {definition.query}")


def _run(con: duckdb.DuckDBPyConnection, path: Path | str, name: str, sql: str) -> None:
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        raise SchemaError(f"{path}: {name} failed ({exc}); the file is unchanged") from exc


def _recreate_definitions(con: duckdb.DuckDBPyConnection, path: Path | str, stored: dict[str, tuple[str, str]]) -> None:
    """Views and macros whose text changed, and every one built on them (a view keeps the
    columns it was made with), are created again; those no longer defined are dropped; then
    every comment is given again (recreating a view drops its comments)."""
    con.execute(sql_file("schema_objects.sql"))
    changed: set[str] = set()
    for definition in definitions():  # each after those it uses
        if stored.get(definition.name, ("", ""))[1] != definition.sha256 or definition.uses & changed:
            changed.add(definition.name)
            _create(con, path, definition)
    wanted = _wanted_objects()
    for name, (kind, _) in stored.items():
        if name not in wanted and kind in _DROP:
            con.execute(f"{_DROP[kind]} {name}")
            con.execute("DELETE FROM schema_objects WHERE name = ?", [name])
    _comment(con, path)
    kind, sha = wanted[_DICTIONARY]
    con.execute(sql_file("store_object.sql"), {"name": _DICTIONARY, "kind": kind, "sha256": sha})


def _create(con: duckdb.DuckDBPyConnection, path: Path | str, definition: Definition) -> None:
    if definition.kind in _CATALOG_KIND:
        found = con.execute(sql_file("object_kind.sql"), {"name": definition.name}).fetchall()
        if found and found[0][0] != _CATALOG_KIND[definition.kind]:
            # A view that became a derived table (board_snapshots did), or back: CREATE OR REPLACE
            # replaces only an object of its own kind.
            con.execute(f"{_DROP['view' if found[0][0] == 'view' else 'derived table']} {definition.name}")
    _run(con, path, f"warehouse/views/{definition.name}.sql", definition.sql)
    con.execute(sql_file("store_object.sql"), {"name": definition.name, "kind": definition.kind, "sha256": definition.sha256})


def _comment(con: duckdb.DuckDBPyConnection, path: Path | str) -> None:
    """Every relation and column of the dictionary gets its comment; a column an analyst sees
    with no comment is refused, so the dictionary cannot fall behind the schema."""
    entries: dict[str, Any] = dictionary()
    shared: dict[str, str] = entries.get("columns", {})
    columns: dict[str, list[str]] = {}
    for relation, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                                        "WHERE database_name = current_database() AND schema_name = 'main'").fetchall():
        columns.setdefault(relation, []).append(column)
    statements = []
    for group, keyword in _COMMENT_ON.items():
        for relation, entry in entries.get(group, {}).items():
            statements.append(f"COMMENT ON {keyword} {relation} IS {_literal(entry['comment'])};")
            own: dict[str, str] = entry.get("columns", {})
            unknown = set(own) - set(columns.get(relation, ()))
            if unknown:
                raise SchemaError(f"{path}: warehouse/dictionary.toml describes {relation}.{sorted(unknown)[0]}, "
                                  "which the schema does not have")
            for column in columns.get(relation, ()):
                text = own.get(column, shared.get(column))
                if text is None:
                    raise SchemaError(f"{path}: {relation}.{column} has no description in warehouse/dictionary.toml")
                statements.append(f"COMMENT ON COLUMN {relation}.{column} IS {_literal(text)};")
    undescribed = set(columns) - {name for group in _COMMENT_ON for name in entries.get(group, {})}
    if undescribed:
        raise SchemaError(f"{path}: {sorted(undescribed)[0]} has no description in warehouse/dictionary.toml")
    _run(con, path, "warehouse/dictionary.toml", "\n".join(statements))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
