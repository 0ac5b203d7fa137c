"""Views and macros have one current definition each (warehouse/views/NAME.sql) and comments one
dictionary (warehouse/dictionary.toml): migrate creates what changed, and refuses a schema the
dictionary does not describe. Every test opens a real DuckDB file."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import PARSER_VERSION, parse_page
from pipeline.cli.main import main
from tests.cli_runner import cli
from tests.conftest import FIXTURES
from tests.old_schema import older_copy
from tests.page_edits import cut_board
from warehouse.db import open_warehouse
from warehouse.errors import SchemaError
from warehouse.load import PageLoad, SnapshotMeta, load_pages
from warehouse.resources import definitions, dictionary, latest_version, migrations
from warehouse.schema import migrate

ROOT = Path(__file__).resolve().parents[1]


def objects(db: Path) -> dict[str, Any]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: created for name, created in con.execute("SELECT name, created_at FROM schema_objects").fetchall()}


def view_sql(db: Path, name: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ?", [name]).fetchall()[0][0]


def page_load(path: Path) -> PageLoad:
    captured = dt.datetime(2026, 7, 31, 3, tzinfo=dt.UTC)
    meta = SnapshotMeta(content_sha256="0" * 64, source=path.name, captured_at=captured, capture_time_source="option",
                        bytes=path.stat().st_size, archive_path=None)
    return PageLoad(meta=meta, parser_version=PARSER_VERSION, started_at=captured, page=parse_page(path.read_bytes()))


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "lb.duckdb"
    with open_warehouse(db) as con:
        assert load_pages(con, [page_load(FIXTURES / "small-board-full.html")],
                          max_shrink=None)[0].status == "loaded"
    return db


def test_migrations_hold_tables_only_and_each_view_or_macro_is_defined_once() -> None:
    for migration in migrations():
        code = re.sub(r"--[^\n]*", "", migration.sql)
        assert not re.search(r"\b(VIEW|MACRO|COMMENT ON)\b", code, re.IGNORECASE), migration.name
    names = [d.name for d in definitions()]
    files = sorted(p.stem for p in (ROOT / "warehouse" / "views").glob("*.sql"))
    assert sorted(names) == files and len(set(names)) == len(names)
    for definition in definitions():  # each after what it reads
        assert all(names.index(used) < names.index(definition.name) for used in definition.uses)
    assert {"board_snapshots", "leaderboard_history"} <= next(d for d in definitions() if d.name == "leaderboard_as_of").uses


def test_a_view_whose_text_changed_is_made_again_with_the_views_built_on_it(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        expected = con.execute("SELECT * FROM leaderboard_latest ORDER BY rank").fetchall()
        # As a file written by a release whose leaderboard_history differed.
        con.execute("CREATE OR REPLACE VIEW leaderboard_history AS SELECT 1 AS stale")
        con.execute("UPDATE schema_objects SET sha256 = 'older' WHERE name = 'leaderboard_history'")
    before = objects(warehouse)
    with open_warehouse(warehouse) as con:
        assert con.execute("SELECT * FROM leaderboard_latest ORDER BY rank").fetchall() == expected
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'leaderboard_history' "
                              "AND column_name = 'tier'").fetchall()[0][0]
    assert comment.startswith("Board: ")
    after = objects(warehouse)
    remade = {name for name in after if after[name] != before[name]}
    # leaderboard_latest reads leaderboard_history; board_snapshots does not.
    assert {"leaderboard_history", "leaderboard_latest", "leaderboard_as_of", "(dictionary)"} <= remade
    assert "board_snapshots" not in remade and "version_key" not in remade


def test_a_reader_finds_the_views_current_after_an_upgrade_of_the_program(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE OR REPLACE VIEW board_events AS SELECT 1 AS stale")
        con.execute("UPDATE schema_objects SET sha256 = 'older' WHERE name = 'board_events'")
        con.execute("CREATE VIEW dropped_since AS SELECT 1 AS x")
        con.execute("INSERT INTO schema_objects VALUES ('dropped_since', 'view', 'older', now())")
    with open_warehouse(warehouse, read_only=True) as con:
        assert "stale" not in [d[0] for d in con.execute("DESCRIBE board_events").fetchall()]
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'dropped_since'").fetchall() == [(0,)]
    assert "dropped_since" not in objects(warehouse)


def test_a_file_written_before_views_had_files_gets_them_with_every_comment(warehouse: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    older_copy(warehouse, old, latest_version())  # tables only, no views and no schema_objects
    with open_warehouse(old) as con:
        assert con.execute("SELECT count(*) FROM leaderboard_latest").fetchall() == [(59,)]
    assert set(objects(old)) == {d.name for d in definitions()} | {"(dictionary)"}
    assert view_sql(old, "leaderboard_latest") == view_sql(warehouse, "leaderboard_latest")


def test_the_history_of_a_file_older_than_the_events_table_is_recorded_as_known(tmp_path: Path) -> None:
    current = tmp_path / "two-nights.duckdb"
    pages = sorted(str(p) for p in (FIXTURES / "demo").glob("small-board-*.html"))
    assert len(pages) == 2 and main(["ingest", *pages, "--db", str(current)]) == 0
    old = tmp_path / "v5.duckdb"
    older_copy(current, old, 5)
    with open_warehouse(old) as con:
        recorded = con.execute("SELECT count(*), count(*) FILTER (withdrawn_at IS NULL AND NOT backfill) FROM events").fetchall()[0]
        derived = con.execute("SELECT count(*) FROM board_events").fetchall()[0][0]
    assert recorded == (derived, derived) and derived > 0


def _without(entries: dict[str, Any], *path: str) -> dict[str, Any]:
    changed = copy.deepcopy(entries)
    holder = changed
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    return changed


@pytest.mark.parametrize(("path", "named"), [
    (("tables", "job_runs", "columns", "pages"), "job_runs.pages has no description"),
    (("columns", "model_key"), ".model_key has no description"),
    (("views", "board_events"), "board_events has no description"),
])
def test_a_column_or_relation_the_dictionary_does_not_describe_is_refused(
        path: tuple[str, ...], named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("warehouse.schema.dictionary", lambda: _without(dictionary(), *path))
    db = tmp_path / "new.duckdb"
    with duckdb.connect(str(db)) as con, pytest.raises(SchemaError, match=re.escape(named)):
        migrate(con, db, known_version=0)
    with duckdb.connect(str(db)) as con:  # one transaction: nothing was made
        assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchall() == [(0,)]


def test_a_description_of_a_column_the_schema_lacks_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = copy.deepcopy(dictionary())
    entries["tables"]["job_runs"]["columns"]["minutes"] = "No such column."
    monkeypatch.setattr("warehouse.schema.dictionary", lambda: entries)
    db = tmp_path / "new.duckdb"
    with duckdb.connect(str(db)) as con, pytest.raises(SchemaError, match=r"describes job_runs\.minutes"):
        migrate(con, db, known_version=0)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _differences(db: Path, name: str) -> list[tuple[Any, ...]]:
    """Rows in which a derived table and its definition's query disagree, either way."""
    query = next(d.query for d in definitions() if d.name == name)
    return rows(db, f"(SELECT * FROM {name} EXCEPT ALL SELECT * FROM ({query})) UNION ALL "
                    f"(SELECT * FROM ({query}) EXCEPT ALL SELECT * FROM {name})")


def test_board_snapshots_follows_every_change_to_the_boards_the_views_show(tmp_path: Path) -> None:
    """Loaded, held, accepted, retracted, brought back at another capture time: after each, the
    derived table holds what its definition says, in the writer's file and in the published copy."""
    db = tmp_path / "lb.duckdb"
    cut = tmp_path / "small-cut.html"
    cut.write_bytes(cut_board(30))
    steps = [
        (["ingest", str(FIXTURES / "small-board-table.html"), "--captured-at", "2026-08-01T03:00:00Z"], 0, 1),
        (["ingest", str(cut), "--captured-at", "2026-08-02T03:00:00Z"], 1, 1),  # held: 30 models of 59
        (["accept", "2"], 0, 2),
        (["retract", "1", "--why", "misdated"], 0, 1),
        (["retract", "--undo", "1", "--captured-at", "2026-08-03T03:00:00Z"], 0, 2),
    ]
    for argv, status, shown in steps:
        done = cli(*argv, "--db", str(db))
        assert done.returncode == status, (argv, done.stderr)
        for path in (db, db.parent / "published" / db.name):
            assert rows(path, "SELECT count(*) FROM board_snapshots") == [(shown,)], (argv, path)
            assert _differences(path, "board_snapshots") == [], (argv, path)
    # Brought back after snapshot 2, snapshot 1 is now compared with it.
    assert rows(db, "SELECT snapshot_id, previous_snapshot_id FROM board_snapshots ORDER BY board_seq") == [(2, None), (1, 2)]


def test_a_file_whose_board_snapshots_is_a_view_gets_the_table(warehouse: Path) -> None:
    """As the releases before board_snapshots became a derived table left a file."""
    query = next(d.query for d in definitions() if d.name == "board_snapshots")
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"DROP TABLE board_snapshots; CREATE VIEW board_snapshots AS {query}")
        con.execute("UPDATE schema_objects SET kind = 'view', sha256 = 'older' WHERE name = 'board_snapshots'")
    with open_warehouse(warehouse):
        pass
    assert rows(warehouse, "SELECT table_name, comment LIKE 'Every snapshot of each board%' FROM duckdb_tables() "
                           "WHERE table_name = 'board_snapshots'") == [("board_snapshots", True)]
    assert rows(warehouse, "SELECT count(*) FROM board_snapshots") == [(1,)]
    assert _differences(warehouse, "board_snapshots") == []
