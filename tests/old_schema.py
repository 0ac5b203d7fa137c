"""A warehouse file as an older release left it: the schema of its first migrations, holding
the rows of a current file (each table's columns of that version; rows it could not hold left out)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.resources import migrations


def older_copy(current: Path, target: Path, version: int, where: dict[str, str] | None = None) -> None:
    """`target` at schema `version`, with `current`'s rows; `where` filters a table's rows
    (a kind of event the older release knew nothing of, say)."""
    with duckdb.connect(str(target)) as con:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
        for migration in migrations()[:version]:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.name])
        con.execute(f"ATTACH '{current}' AS cur (READ_ONLY)")
        name = target.stem
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = ? "
                                    "AND table_name <> 'schema_migrations'", [name]).fetchall():
            columns = ", ".join(f'"{c}"' for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = ? ORDER BY column_index",
                [name, table]).fetchall())
            condition = f" WHERE {(where or {})[table]}" if table in (where or {}) else ""
            con.execute(f'INSERT INTO "{name}"."{table}" ({columns}) SELECT {columns} FROM cur."{table}"{condition}')
        con.execute("DETACH cur")
