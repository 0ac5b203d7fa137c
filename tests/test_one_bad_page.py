"""One bad page, value or file never stops the night (issue 27): each fault fails alone, with one
line naming it, and everything else goes on. Real DuckDB files, real processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.cli.main import main
from tests.conftest import FIXTURES
from warehouse.resources import latest_version

DEMO = sorted((FIXTURES / "demo").glob("*-2026-07-18T*.html"))


def _demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", *map(str, DEMO), "--db", str(db)]) == 0
    return db


def _one_version_back(db: Path) -> None:
    """Make the file as the previous release left it: its newest migration not yet applied."""
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM schema_migrations WHERE version = ?", [latest_version()])


def _version(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0])


@pytest.mark.parametrize("command", ["status", "verify", "show"])
def test_read_commands_upgrade_a_database_of_the_previous_schema(command: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = _demo_db(tmp_path)
    _one_version_back(db)
    assert _version(db) == latest_version() - 1
    assert main([command, "--db", str(db)]) == 0, capsys.readouterr().err
    assert _version(db) == latest_version()


def test_a_read_command_that_cannot_upgrade_says_why_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _demo_db(tmp_path)
    _one_version_back(db)
    capsys.readouterr()
    # Another process reads the file (an analyst's session on the writer's file, say): this one can
    # read it too, but not write it.
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
                               "print('open', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert main(["status", "--db", str(db), "--lock-timeout", "0.5"]) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"schema version {latest_version() - 1}, expected {latest_version()}" in err[0] \
        and "upgrading it failed" in err[0] and "locked" in err[0], err
    assert _version(db) == latest_version() - 1  # untouched
