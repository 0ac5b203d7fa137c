"""The schema's version and its migrations: every pending one in a single transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb

from .errors import SchemaError
from .resources import latest_version, migrations, sql_file


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    # Asked directly: listing the catalogue (duckdb_tables()) costs more than the nightly load.
    try:
        row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0]
    except duckdb.CatalogException:
        return 0  # a new, empty file
    return int(row[0])


def _refuse_foreign(con: duckdb.DuckDBPyConnection, path: Path | str) -> None:
    """A file without our schema must hold nothing at all: our tables are never added to another
    application's database (nor its rows published beside ours)."""
    found = [row[0] for row in con.execute(sql_file("foreign_relations.sql")).fetchall()]
    if found:
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise SchemaError(f"{path}: this DuckDB file holds tables that are not aa-leaderboards' ({shown}); "
                          "refused and left untouched (give --db a new file, or one of ours)")


def migrate(con: duckdb.DuckDBPyConnection, path: Path | str, *, known_version: int | None = None) -> int:
    """Bring the file to the current schema: every pending migration in one transaction, so a
    failure leaves the file exactly as it was. `known_version` (a file created just now, empty
    or from the template) spares asking the catalogue."""
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
    if not pending:
        return newest
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql_file("schema_migrations.sql"))
        for migration in pending:
            try:
                con.execute(migration.sql)
            except duckdb.Error as exc:
                raise SchemaError(f"{path}: migration {migration.name} failed ({exc}); the file is unchanged") from exc
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.name])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return newest
