"""Real processes against one DuckDB file: a load killed mid-transaction, a lock held by another."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _snapshot_of(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("snapshots", "parse_runs", "boards", "observations", "evaluation_scores")}


def _wait_for(proc: subprocess.Popen[str], marker: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if marker in line:
            return
        if proc.poll() is not None:
            raise AssertionError(f"helper exited early: {proc.stderr.read() if proc.stderr else ''}")
    raise AssertionError(f"helper never printed {marker!r}")


# Loads a page with the real loader, stopping inside its transaction after the observations
# are appended (the hook wraps the loader's own append step; production code has no hook).
KILLED_LOADER = textwrap.dedent("""
    import sys, time
    import warehouse.load as load
    from pipeline.cli import main
    original = load._append
    def pausing_append(con, table, columns, rows):
        original(con, table, columns, rows)
        if table == "observations":
            print("MID-TRANSACTION", flush=True)
            time.sleep(120)
    load._append = pausing_append
    sys.exit(main(["ingest", sys.argv[1], "--db", sys.argv[2]]))
""")


def test_load_killed_mid_transaction_leaves_the_file_unchanged_and_a_rerun_completes(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 0
    before = _snapshot_of(db)
    page = FIXTURES / "small-board-full.html"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_LOADER, str(page), str(db)], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(proc, "MID-TRANSACTION")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot_of(db) == before, "the killed transaction left nothing behind"
    assert main(["ingest", str(page), "--db", str(db)]) == 0
    after = _snapshot_of(db)
    assert len(after["snapshots"]) == len(before["snapshots"]) + 1
    assert len(after["observations"]) == len(before["observations"]) + 59


LOCK_HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("HOLDING", flush=True)
    time.sleep(120)
""")


def test_a_locked_database_is_retried_for_a_bounded_time_then_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 0
    before = _snapshot_of(db)
    capsys.readouterr()
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(db)], cwd=ROOT, env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(holder, "HOLDING")
        started = time.monotonic()
        status = main(["ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db), "--lock-timeout", "1"])
        waited = time.monotonic() - started
        err = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert status == 75, "EX_TEMPFAIL: locked, try again later"
    assert 1.0 <= waited < 15, f"bounded retry, waited {waited:.1f}s"
    line = err.strip().splitlines()[-1]
    assert "database is locked by" in line and f"(PID {holder.pid})" in line and "gave up after 1s" in line, line
    # The page was archived before the load was attempted; the warehouse is as it was.
    assert _snapshot_of(db) == before
    assert main(["ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db)]) == 0


def test_a_lock_timeout_waits_as_long_as_it_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 0
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(db)], cwd=ROOT, env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(holder, "HOLDING")
        capsys.readouterr()
        started = time.monotonic()
        assert main(["show", "--db", str(db), "--lock-timeout", "1"]) == 75
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait(timeout=30)
    # Not given up early on the last back-off step: the wait is the time allowed.
    assert 1.0 <= waited < 4, f"waited {waited:.2f}s for a 1 s timeout"
    assert "gave up after 1s" in capsys.readouterr().err


def test_the_run_lock_covers_the_database_however_it_is_named(tmp_path: Path) -> None:
    from pipeline.runs.runlock import RunLockedError, run_lock

    db = tmp_path / "lb.duckdb"
    db.touch()
    link = tmp_path / "elsewhere" / "link.duckdb"
    link.parent.mkdir()
    link.symlink_to(db)
    with run_lock(db, "first", 1.0):
        with pytest.raises(RunLockedError, match="another run is in progress"):
            with run_lock(link, "second", 0.3):
                pass


def test_an_archive_path_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    blocked = tmp_path / "archive"
    blocked.write_text("a file where the archive folder should be")
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "ingest", str(FIXTURES / "tiny-board-table.html"),
                           "--db", str(tmp_path / "lb.duckdb"), "--archive", str(blocked)],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 1 and "cannot write" in said and "unexpected" not in said, said
