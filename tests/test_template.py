"""New databases start from the schema template: the same schema as one built in place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from warehouse import template
from warehouse.db import open_warehouse
from warehouse.resources import latest_version
from warehouse.schema import migrate

CATALOGUE = """
SELECT 'table' AS kind, table_name AS name, NULL AS col, comment FROM duckdb_tables() WHERE schema_name = 'main'
UNION ALL SELECT 'view', view_name, NULL, comment FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal
UNION ALL SELECT 'column', table_name, column_name || ' ' || data_type, comment FROM duckdb_columns() WHERE schema_name = 'main'
UNION ALL SELECT 'macro', function_name, NULL, comment FROM duckdb_functions() WHERE schema_name = 'main' AND NOT internal
ORDER BY ALL
"""


def catalogue(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(CATALOGUE).fetchall()


@pytest.fixture()
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("AA_LEADERBOARDS_CACHE", str(cache))
    return cache


def test_a_new_database_from_the_template_has_the_schema_built_in_place(own_cache: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "in-place.duckdb")) as con:
        migrate(con, tmp_path / "in-place.duckdb")
        expected = catalogue(con)
    before = dt.datetime.now(dt.UTC)
    with open_warehouse(tmp_path / "new.duckdb") as con:
        assert catalogue(con) == expected
        applied = con.execute("SELECT min(applied_at) FROM schema_migrations").fetchall()[0][0]
    assert template.template_path().exists() and template.template_path().parent == own_cache
    assert applied >= before, "applied_at is when this file was made, not when the template was"


def test_the_template_name_follows_the_migrations_and_duckdb(own_cache: Path) -> None:
    name = template.template_path().name
    assert name.startswith(f"schema-v{latest_version()}-") and template.schema_digest() in name


def test_an_unwritable_cache_builds_the_schema_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("AA_LEADERBOARDS_CACHE", str(blocker / "cache"))
    with open_warehouse(tmp_path / "new.duckdb") as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchall() == [(latest_version(),)]


def test_a_database_that_appears_meanwhile_is_never_replaced(own_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "raced.duckdb"
    path.write_bytes(b"someone else's file")
    assert template.create_from_template(path) is False
    assert path.read_bytes() == b"someone else's file"
    assert not list(tmp_path.glob(".raced.duckdb.*")), "no temporary file is left behind"


@pytest.mark.parametrize("planted", ["random bytes", "another application's database", "half a template"])
def test_a_template_that_is_not_ours_is_ignored_and_rebuilt(planted: str, own_cache: Path, tmp_path: Path) -> None:
    """Issue 27, item 15: what sits under the template's name in the cache folder is copied into
    a new warehouse only if it is the file this program built."""
    import os

    path = template.template_path()
    path.parent.mkdir(parents=True)
    if planted == "random bytes":
        path.write_bytes(os.urandom(300_000))
    elif planted == "another application's database":
        with duckdb.connect(str(path)) as con:
            con.execute("CREATE TABLE users (id INTEGER, email VARCHAR)")
            con.execute("INSERT INTO users VALUES (1, 'a@example.org')")
    else:
        with open_warehouse(tmp_path / "first.duckdb"):  # builds the template, then it is cut short
            pass
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with open_warehouse(tmp_path / "new.duckdb") as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchall() == [(latest_version(),)]
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'users'").fetchall() == [(0,)]
    with duckdb.connect(str(path), read_only=True) as con:  # rebuilt: the next database copies ours
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchall() == [(latest_version(),)]


def test_a_new_warehouse_is_written_in_the_format_the_oldest_reader_opens(own_cache: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """From the template or built in place, so its published copy is a byte copy (warehouse/publish.py),
    and in small blocks either way."""
    block_size = "SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()"
    with open_warehouse(tmp_path / "from-template.duckdb") as con:
        assert template.storage_version(con) == f"{template.STORAGE_VERSION}+"
        assert template.readable_by_oldest_reader(con)
        assert con.execute(block_size).fetchall() == [(template.BLOCK_SIZE,)]
    monkeypatch.setenv("AA_LEADERBOARDS_CACHE", str(tmp_path / "from-template.duckdb" / "cache"))  # unwritable
    with open_warehouse(tmp_path / "in-place.duckdb") as con:
        assert template.storage_version(con) == f"{template.STORAGE_VERSION}+"
        assert con.execute(block_size).fetchall() == [(template.BLOCK_SIZE,)]
    with duckdb.connect(str(tmp_path / "by-duckdb-2.duckdb")) as con:
        assert not template.readable_by_oldest_reader(con), template.storage_version(con)
