"""What analysts read: the published copy in DuckDB 1.4 (not only the writer's 2.0), a notebook
that reconnects, and exports that Python's csv and json modules read back as they are meant."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.cli_runner import SAFE_ENV, run_cli
from tests.conftest import FIXTURES
from tests.page_edits import cut_board
from warehouse.template import storage_version

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("readers")

OLDEST_READER = "1.4.4"
DEMO = sorted((FIXTURES / "demo").glob("*.html"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=SAFE_ENV)


def _demo_history(db: Path) -> Path:
    assert run("ingest", *map(str, DEMO), "--db", str(db)).returncode == 0
    # A board held back: publishing then rewrites the copy after it is made (the held board out).
    cut = db.parent / "small-cut.html"
    cut.write_bytes(cut_board(30))
    assert run("ingest", str(cut), "--db", str(db), "--captured-at", "2026-08-01T03:00:00Z").returncode == 1
    return db


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's history in a warehouse created by this release (in DuckDB 1.4's format)."""
    return _demo_history(tmp_path_factory.mktemp("readers") / "lb.duckdb")


@pytest.fixture(scope="module")
def format_2_0_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same history in a warehouse whose file DuckDB 2.0 created in its own format, as
    releases before new files were written in 1.4's did."""
    db = tmp_path_factory.mktemp("readers-2.0") / "lb.duckdb"
    duckdb.connect(str(db)).close()
    with duckdb.connect(str(db), read_only=True) as con:
        assert str(storage_version(con)).startswith("v2.")
    return _demo_history(db)


@pytest.fixture(scope="module")
def duckdb_1_4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DuckDB 1.4.4, the oldest release the published copy is for, installed from the package
    index into a folder of its own (pip --target), to be put first on PYTHONPATH of a second
    Python process; this process keeps the writer's DuckDB."""
    target = tmp_path_factory.mktemp("duckdb-1.4")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "--target", str(target), f"duckdb=={OLDEST_READER}"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.skip(f"could not install duckdb=={OLDEST_READER} from the package index: {done.stderr.strip()[-300:]}")
    return target


@pytest.mark.parametrize("warehouse", ["demo_db", "format_2_0_db"])
def test_duckdb_1_4_opens_the_published_copy_with_every_view(warehouse: str, duckdb_1_4: Path,
                                                             request: pytest.FixtureRequest) -> None:
    """Whether the writer's file is in 1.4's format (copied byte for byte) or 2.0's (rewritten)."""
    demo_db: Path = request.getfixturevalue(warehouse)
    published = demo_db.parent / "published" / demo_db.name
    script = textwrap.dedent(f"""
        import json, duckdb
        con = duckdb.connect({str(published)!r}, read_only=True)
        out = {{"version": duckdb.__version__}}
        for view in ("leaderboard_latest", "leaderboard_history", "model_versions", "leaderboard_changes",
                     "evaluation_history", "leaderboard_latest_evaluations", "board_events"):
            out[view] = con.execute(f"SELECT count(*) FROM {{view}}").fetchone()[0]
        out["boards"] = dict(con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier").fetchall())
        out["as_of"] = con.execute("SELECT count(*) FROM leaderboard_as_of(TIMESTAMPTZ '2026-07-20 00:00:00+00')").fetchone()[0]
        out["held"] = con.execute("SELECT count(*) FROM held_boards").fetchone()[0]
        out["comment"] = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'leaderboard_latest' "
                                     "AND column_name = 'tier'").fetchone()[0]
        print(json.dumps(out))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**SAFE_ENV, "PYTHONPATH": str(duckdb_1_4)})
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)
    assert got["version"] == OLDEST_READER
    with duckdb.connect(str(published), read_only=True) as con:
        for view in ("leaderboard_latest", "leaderboard_history", "model_versions", "leaderboard_changes"):
            assert got[view] == con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0, view
    assert got["boards"] == {"small": 67, "tiny": 27, "medium": 35, "large": 44}, "the held board is not shown"
    assert got["held"] == 1 and got["as_of"] == 175 and "medium (40B-150B)" in got["comment"]


def test_a_notebook_that_closes_its_connection_sees_the_next_publish(demo_db: Path, tmp_path: Path) -> None:
    """DuckDB keeps one database instance per path per process: a connection opened while another
    to the same path is open shares the old instance (the file the copy replaced). The way
    docs/querying.md gives, closing first, sees the new copy."""
    published = demo_db.parent / "published" / demo_db.name
    first = duckdb.connect(str(published), read_only=True)
    before = first.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    page = tmp_path / "tiny-board-2026-08-02T03-00-00Z.html"
    page.write_bytes((FIXTURES / "tiny-board-table.html").read_bytes())
    assert run("ingest", str(page), "--db", str(demo_db)).returncode == 0
    second = duckdb.connect(str(published), read_only=True)
    assert second.execute("SELECT count(*) FROM snapshots").fetchone()[0] == before, "the shared instance: old data"
    first.close()
    second.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM snapshots").fetchone()[0] == before + 1


def test_csv_exports_read_back_with_the_csv_and_json_modules(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert run("export", "--db", str(demo_db), "--format", "csv", "--out", str(out)).returncode == 0
    raw = (out / "model_versions.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 1, "CRLF line ends"
    with (out / "model_versions.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    changed = [json.loads(r["changed_columns"]) for r in rows if r["changed_columns"]]
    assert changed and all(isinstance(c, list) and all(isinstance(x, str) for x in c) for c in changed)
    for row in rows:
        since = dt.datetime.fromisoformat(row["valid_from"])
        assert "T" in row["valid_from"] and since.utcoffset() == dt.timedelta(0)
    with (out / "leaderboard_latest.csv").open(newline="", encoding="utf-8") as handle:
        latest = list(csv.DictReader(handle))
    assert all(isinstance(json.loads(r["source_record"]), dict) for r in latest)
    shown = json.loads(run("show", "--db", str(demo_db), "--format", "json").stdout)
    times = {(r["tier"], r["model_key"]): r["captured_at"] for r in latest}
    assert {(r["tier"], r["model_key"]): r["captured_at"] for r in shown} == times, "one time format in show and export"
    assert all(isinstance(r["source_record"], dict) for r in shown), "JSON outputs nest the source record"


def test_parquet_exports_keep_whole_numbers_whole(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    assert run("export", "--db", str(demo_db), "--format", "parquet", "--out", str(out)).returncode == 0
    with duckdb.connect() as con:
        kinds = dict((name, kind) for name, kind, *_ in con.execute(
            f"DESCRIBE SELECT * FROM '{out / 'model_versions.parquet'}'").fetchall())
    assert kinds["version_number"] == "BIGINT" and kinds["first_snapshot_id"] == "BIGINT" and kinds["provider_count"] == "INTEGER"
