"""Outputs never replace what they are made from, and page text reaches charts as text."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from tests.browser import chromium
from tests.cli_runner import run_cli
from tests.conftest import FIXTURES, ROOT
from warehouse.publish import EXPORT_VIEWS

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("output_edges")

COMMAND = [sys.executable, "-m", "pipeline.cli"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("edges") / "lb.duckdb"
    assert main(["ingest", str(FIXTURES / "small-board-full.html"), str(FIXTURES / "tiny-board-full.html"), "--db", str(db)]) == 0
    return db


def _rows(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]


@pytest.mark.parametrize("target", ["db", "wal", "published", "lock", "archive", "link", "hardlink", "relative"])
def test_a_report_is_never_written_over_the_warehouse_its_copy_or_the_archive(loaded: Path, tmp_path: Path, target: str) -> None:
    before = _rows(loaded)
    published = loaded.parent / "published" / loaded.name
    if target == "link":
        out = tmp_path / "report-link.html"
        out.symlink_to(loaded)  # a link to the warehouse is the warehouse
    elif target == "hardlink":
        out = tmp_path / "report-hard.html"
        os.link(published, out)  # the same file under another name
    elif target == "relative":
        out = Path(os.path.relpath(loaded, ROOT))  # the command runs in ROOT
    else:
        out = {"db": loaded, "wal": Path(f"{loaded}.wal"), "published": published,
               "lock": loaded.with_name(loaded.name + ".run.lock"), "archive": loaded.parent / "archive" / "report.html"}[target]
    done = run_cli("report", "--db", str(loaded), "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert "choose another output path" in done.stderr and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert _rows(loaded) == before
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == before
    if target == "archive":
        assert not out.exists()


def test_an_export_into_the_archive_or_onto_the_database_is_refused(loaded: Path) -> None:
    for out in (loaded.parent / "archive", loaded):
        done = run_cli("export", "--db", str(loaded), "--out", str(out), "--format", "csv")
        assert done.returncode == 2 and "choose another output path" in done.stderr, done.stderr
    assert not list((loaded.parent / "archive").glob("*.csv"))


def test_model_names_reach_the_report_charts_as_text_not_markup(tmp_path: Path) -> None:
    from pipeline.outputs.report import chart_text

    hostile = 'Evil <a href="https://example.org">x</a><br><span style="color:red">y</span> & <b>z</b>'
    shown = chart_text(hostile)
    assert "<" not in shown and ">" not in shown
    # Plotly reads these entities back to the characters: the legend shows the name as written.
    assert shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == hostile
    db = tmp_path / "lb.duckdb"
    # The name as a page would carry markup in text: escaped in the HTML, so the name holds the tag.
    page = (FIXTURES / "tiny-board-table.html").read_text(encoding="utf-8").replace(
        "Qwen3 4B 2507 Instruct", "Qwen3 4B &lt;a href=x&gt;Instruct&lt;/a&gt;")
    (tmp_path / "tiny.html").write_text(page, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "tiny.html"), "--db", str(db)]) == 0
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    figures = [json.loads(m) for m in re.findall(r'Plotly\.newPlot\(\s*"[^"]+",\s*(\[.*?\]),\s*\{', text, re.DOTALL)]
    assert figures, "the report's figure data"
    names = [t for fig in figures for trace in fig for t in trace.get("text", [])]
    assert any("Qwen3 4B &lt;a href=x&gt;Instruct&lt;/a&gt;" in t for t in names)
    assert not any("<a" in t for fig in figures for trace in fig for t in [*trace.get("text", []), trace.get("name", "")])
    dom = subprocess.run([*chromium(tmp_path / "chromium"), "--dump-dom", out.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert "main-svg" in dom, "the charts were drawn"
    # Drawn as text: no link element from the name, and its words are in the page as written.
    assert not re.search(r"<a[^>]*href=\"x\"", dom), "a model name became a link"
    assert "Qwen3 4B &lt;a href=x&gt;Instruct&lt;/a&gt;" in dom


def test_another_applications_duckdb_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    import hashlib

    app = tmp_path / "app.duckdb"
    with duckdb.connect(str(app)) as con:
        con.execute("CREATE TABLE users (id INTEGER, email VARCHAR)")
        con.execute("INSERT INTO users VALUES (1, 'a@example.org')")
    before = hashlib.sha256(app.read_bytes()).hexdigest()
    done = run_cli("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(app))
    assert done.returncode == 1, done.stderr
    assert "holds tables that are not aa-leaderboards' (main.users)" in done.stderr
    assert "unexpected" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert hashlib.sha256(app.read_bytes()).hexdigest() == before
    assert not (tmp_path / "published").exists()
    with duckdb.connect(str(app), read_only=True) as con:
        assert [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == ["users"]


def test_an_empty_duckdb_file_becomes_a_warehouse(tmp_path: Path) -> None:
    empty = tmp_path / "new.duckdb"
    duckdb.connect(str(empty)).close()
    assert main(["ingest", str(FIXTURES / "small-board-table.html"), "--db", str(empty)]) == 0
    assert _rows(empty) == 59


def test_csv_exports_neutralise_cells_a_spreadsheet_would_run(tmp_path: Path) -> None:
    import csv

    db = tmp_path / "lb.duckdb"
    formula = '=HYPERLINK("https://example.org","x")'
    page = (FIXTURES / "tiny-board-table.html").read_text(encoding="utf-8").replace(
        "Qwen3 4B 2507 Instruct", formula.replace('"', "&quot;")).replace("LG AI Research", "+SUM(A1:A9)")
    (tmp_path / "tiny.html").write_text(page, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "tiny.html"), "--db", str(db)]) == 0
    safe_dir, raw_dir = tmp_path / "safe", tmp_path / "raw"
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(safe_dir)]) == 0
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(raw_dir), "--raw-csv"]) == 0
    with open(safe_dir / "leaderboard_latest.csv", newline="", encoding="utf-8") as f:
        safe = list(csv.DictReader(f))
    with open(raw_dir / "leaderboard_latest.csv", newline="", encoding="utf-8") as f:
        raw = list(csv.DictReader(f))
    cells = [v for row in safe for v in row.values()]
    assert "'" + formula in cells and "'+SUM(A1:A9)" in cells
    assert not any(v[:1] in "=+@\t\r" for v in cells if v), "no cell starts a formula"
    assert formula in [v for row in raw for v in row.values()]
    # Numbers are numbers, not text: a figure is never prefixed.
    assert [r["intelligence_index"] for r in safe] == [r["intelligence_index"] for r in raw]


def test_a_failed_publish_is_mended_by_the_next_run_and_said_by_status_and_verify(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    copy = tmp_path / "published" / "lb.duckdb"
    assert main(["ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db)]) == 0
    yesterdays = tmp_path / "yesterdays.duckdb"
    shutil.copy(copy, yesterdays)  # the copy as it was after the first night
    copy.unlink()
    copy.mkdir()  # something in the way: publishing fails after the load
    assert main(["ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 1
    status = json.loads(run_cli("status", "--db", str(db), "--format", "json").stdout)
    assert status["published_copy_exists"] is True and status["published_copy_behind_s"] is None  # not a readable copy
    copy.rmdir()
    shutil.copy(yesterdays, copy)  # readable, and behind: it has no tiny board
    done = run_cli("status", "--db", str(db))
    assert "published copy:" in done.stdout and "STALE" in done.stdout, done.stdout
    verify = run_cli("verify", "--db", str(db))
    assert verify.returncode == 1 and "stale" in verify.stdout and "behind the warehouse" in verify.stdout, verify.stdout
    # The next run loads nothing new, and still republishes: the copy is current again.
    (copy.parent / ".lb.duckdb.99999.tmp").write_bytes(b"left by a killed publish")
    assert main(["ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 0
    assert not (copy.parent / ".lb.duckdb.99999.tmp").exists()
    status = json.loads(run_cli("status", "--db", str(db), "--format", "json").stdout)
    assert status["published_copy_behind_s"] == 0
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT tier) FROM observations").fetchone()[0] == 2
    assert main(["verify", "--db", str(db)]) == 0


def _export_set(folder: Path) -> dict[str, int] | None:
    """The rows of each view's file in an export folder; None when there is no folder."""
    if not folder.exists():
        return None
    counts = {}
    with duckdb.connect() as con:
        for path in sorted(folder.iterdir()):
            reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
            counts[path.name] = con.execute(f"SELECT count(*) FROM {reader}('{path}')").fetchone()[0]
    return counts


def test_an_export_killed_at_any_moment_leaves_the_old_set_whole_or_the_new_one(loaded: Path, tmp_path: Path) -> None:
    import signal
    import time

    out = tmp_path / "export"
    assert main(["export", "--db", str(loaded), "--format", "csv", "--out", str(out)]) == 0
    old = _export_set(out)
    assert old is not None and len(old) == len(EXPORT_VIEWS)
    new_names = {name.replace(".csv", ".parquet") for name in old}
    for delay in (0.05, 0.2, 0.35, 0.5, 0.7, 0.9, 1.2):
        proc = subprocess.Popen([*COMMAND, "export", "--db", str(loaded), "--format", "parquet", "--out", str(out)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        found = _export_set(out)
        # Whole or absent: the old CSV set, the new Parquet set, or no folder (between two renames).
        assert found is None or found == old or (set(found) == new_names and list(found.values()) == list(old.values())), (delay, found)
        if found is not None and set(found) == new_names:
            break  # the new set is in place: later moments test nothing more
    # The next export sweeps what a killed one left, and writes its set whole.
    assert main(["export", "--db", str(loaded), "--format", "csv", "--out", str(out)]) == 0
    assert _export_set(out) == old
    assert not list(tmp_path.glob(".export.export-*"))


def test_an_export_into_a_folder_of_other_files_is_refused_and_the_folder_untouched(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    done = run_cli("export", "--db", str(loaded), "--out", str(out))
    assert done.returncode == 1 and "holds files an export does not write (notes.txt)" in done.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_run_cut_off_has_already_said_what_it_loaded(tmp_path: Path) -> None:
    import os
    import select
    import signal

    db = tmp_path / "lb.duckdb"
    stuck = tmp_path / "stuck.html"
    os.mkfifo(stuck)  # a page that never arrives: the run waits on it after loading the first
    proc = subprocess.Popen([*COMMAND, "ingest", str(FIXTURES / "small-board-table.html"), str(stuck), "--db", str(db)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no line while the run was still going"
        line = proc.stdout.readline()
        assert proc.poll() is None, "the run should still be waiting on its second page"
        assert line.startswith("loaded") and "small-board-table.html" in line, line
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert _rows(db) == 59  # what the line said was loaded is in the warehouse


def test_a_load_that_fails_mid_run_says_how_many_pages_of_the_run_stay_loaded(tmp_path: Path, monkeypatch, capsys) -> None:
    import pipeline.runs.steps as jobs
    from warehouse.errors import WarehouseError

    real = jobs.load_batch
    calls = {"n": 0}

    def full_disk_on_the_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise WarehouseError(f"{tmp_path / 'lb.duckdb'}: load failed and was rolled back, the database is unchanged "
                                 "(IO Error: No space left on device)")
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "load_batch", full_disk_on_the_third)
    pages = [FIXTURES / "small-board-table.html", FIXTURES / "tiny-board-table.html", FIXTURES / "small-board-payload.html"]
    assert main(["ingest", *map(str, pages), "--db", str(tmp_path / "lb.duckdb")]) == 1
    out, err = capsys.readouterr()
    assert "2 earlier page(s) of this run were loaded and stay in the warehouse" in err
    assert out.count("\nloaded") + out.startswith("loaded") == 2, out


def test_a_publish_killed_at_any_moment_leaves_a_whole_copy_and_the_next_run_mends_it(tmp_path: Path) -> None:
    import signal
    import time

    db = tmp_path / "lb.duckdb"
    copy = tmp_path / "published" / "lb.duckdb"
    assert main(["ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db)]) == 0
    for number, delay in enumerate((0.3, 0.45, 0.6, 0.75, 0.9, 1.1)):
        page = tmp_path / f"tiny-{number}.html"
        page.write_text((FIXTURES / "tiny-board-table.html").read_text(encoding="utf-8").replace(
            "</body>", f"<!-- capture {number} --></body>"), encoding="utf-8")
        proc = subprocess.Popen([*COMMAND, "ingest", str(page), "--db", str(db), "--captured-at",
                                 f"2026-08-0{number + 1}T00:00:00Z"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        # Whatever the moment, the copy readers open is a whole database (the old one or the new).
        with duckdb.connect(str(copy), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM leaderboard_latest WHERE tier = 'small'").fetchone()[0] == 59
    # The next run (loading nothing new) makes the copy current and sweeps what killed ones left.
    assert main(["ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db)]) == 0
    assert not list(copy.parent.glob(".*.tmp"))
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == loaded
    verify = run_cli("verify", "--db", str(db))
    # A killed archive write may leave a fresh temporary (named "orphaned", swept once an hour old);
    # nothing is corrupt, missing or stale.
    problems = [line for line in verify.stdout.splitlines()[:-1] if not line.startswith("orphaned")]
    assert problems == [], verify.stdout
