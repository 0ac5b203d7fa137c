"""One bad archived page is named and skipped: verify checks every sidecar and page and goes on;
reparse and ingest report the bad page and load the rest; nothing says "unexpected"."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import run_cli
from tests.conftest import FIXTURES, ROOT

PAGES = ("small-board-table.html", "tiny-board-table.html", "small-board-payload.html")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


# The module's tests share one worker, which builds the three-page warehouse once.
pytestmark = pytest.mark.xdist_group("archive_faults")


@pytest.fixture(scope="module")
def archived_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archived")
    when = ("2026-07-18T01:00:00Z", "2026-07-18T01:00:00Z", "2026-07-31T01:00:00Z")
    for name, at in zip(PAGES, when):
        assert run("ingest", str(FIXTURES / name), "--db", str(folder / "lb.duckdb"), "--captured-at", at).returncode == 0
    return folder


@pytest.fixture
def archived(archived_once: Path, tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """A warehouse of three pages and its archive (a copy of the module's, for each test to
    break); the archived page of each fixture by name."""
    shutil.copytree(archived_once, tmp_path, dirs_exist_ok=True)
    db = tmp_path / "lb.duckdb"
    pages = {}
    for sidecar in (tmp_path / "archive").glob("??/*.json"):
        pages[Path(json.loads(sidecar.read_text())["source"]).name] = sidecar.with_suffix(".gz")
    assert sorted(pages) == sorted(PAGES)
    return db, pages


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


def _checks_the_rest(db: Path, bad: Path, reason: str) -> None:
    verify = run("verify", "--db", str(db))
    assert verify.returncode == 1
    lines = [line for line in verify.stdout.splitlines() if bad.stem in line]
    assert lines and reason in lines[0], verify.stdout
    assert "verified 3 archived page(s)" in verify.stdout, verify.stdout
    assert "unexpected" not in _said(verify)
    reparse = run("reparse", "--db", str(db), "--force")
    assert reparse.returncode == 1, _said(reparse)
    assert bad.stem in _said(reparse) and "unexpected" not in _said(reparse)
    assert "3 page(s): 0 loaded, 2 unchanged, 1 failed" in reparse.stdout, reparse.stdout


def test_a_sidecar_whose_capture_time_is_not_a_time_is_named_by_verify_and_skipped_by_reparse(archived) -> None:
    db, pages = archived
    sidecar = pages["tiny-board-table.html"].with_suffix(".json")
    data = json.loads(sidecar.read_text())
    data["captured_at"] = "yesterday"
    sidecar.write_text(json.dumps(data))
    _checks_the_rest(db, sidecar, "'captured_at' is 'yesterday', not a time")


def test_a_corrupt_gzip_page_is_named_and_the_others_are_checked(archived) -> None:
    db, pages = archived
    page = pages["small-board-payload.html"]
    data = bytearray(page.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\x00" * 64
    page.write_bytes(bytes(data))
    _checks_the_rest(db, page, "corrupt")


def test_a_page_replaced_by_a_link_out_of_the_archive_is_never_followed(archived, tmp_path: Path) -> None:
    db, pages = archived
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN " * 10)
    page = pages["small-board-table.html"]
    page.unlink()
    page.symlink_to(secret)
    _checks_the_rest(db, page, "a link out of the archive")
    for command in (("verify", "--db", str(db)), ("reparse", "--db", str(db), "--force")):
        assert "TOP-SECRET" not in _said(run(*command))


def test_ingest_of_a_page_whose_archived_sidecar_is_broken_fails_that_page_only(archived, tmp_path: Path) -> None:
    db, pages = archived
    sidecar = pages["small-board-table.html"].with_suffix(".json")
    data = json.loads(sidecar.read_text())
    data["bytes"] = "many"
    sidecar.write_text(json.dumps(data))
    other = tmp_path / "tiny-again.html"
    other.write_bytes(gzip.decompress(gzip.compress((FIXTURES / "tiny-board-full.html").read_bytes())))
    done = run("ingest", str(FIXTURES / "small-board-table.html"), str(other), "--db", str(db),
               "--captured-at", "2026-08-01T00:00:00Z")
    assert done.returncode == 1
    assert "'bytes' is 'many', not a size" in _said(done) and "unexpected" not in _said(done)
    assert "1 loaded" in done.stdout, done.stdout


def test_temporaries_of_killed_writes_are_swept_by_the_next_run_and_fresh_ones_kept(archived) -> None:
    import os
    import time

    db, pages = archived
    folder = pages["tiny-board-table.html"].parent
    old = folder / ".abc.gz.aa-leaderboards-x1y2z3.tmp"
    fresh = folder / ".def.gz.aa-leaderboards-a1b2c3.tmp"
    foreign = folder / ".notes.txt.tmp"  # another program's, hours old too: never ours to delete
    old.write_bytes(b"half a page")
    fresh.write_bytes(b"a write under way")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    foreign.write_bytes(b"someone else's")
    os.utime(foreign, (hours_ago, hours_ago))
    report_left = db.parent / ".report.html.aa-leaderboards-q1w2e3.tmp"
    report_left.write_text("<html>half")
    os.utime(report_left, (hours_ago, hours_ago))
    assert run("ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)).returncode == 0
    assert not old.exists() and fresh.exists() and foreign.exists()
    assert run("report", "--db", str(db)).returncode == 0
    assert not report_left.exists() and (db.parent / "report.html").exists()


def test_verify_beside_an_ingest_never_reports_a_page_missing_that_is_there(archived, monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    from pipeline.archive.verify import verify
    from pipeline.cli import main
    from pipeline.settings import Settings

    db, _ = archived
    real_reading = Settings.reading

    landed: list[bool] = []

    @contextlib.contextmanager
    def an_ingest_lands_first(self, con=None):  # between the archive walk and the warehouse read
        if not landed:  # once: the ingest reads the warehouse too
            landed.append(True)
            assert main(["ingest", str(FIXTURES / "tiny-board-full.html"), "--db", str(db),
                         "--captured-at", "2026-08-01T00:00:00Z"]) == 0
        with real_reading(self, con) as reader:
            yield reader

    monkeypatch.setattr(Settings, "reading", an_ingest_lands_first)
    report = verify(Settings.for_db(db))
    assert report.snapshots == 4 and report.pages == 3  # the walk saw three pages, the warehouse has four
    assert not [f for f in report.findings if f.kind == "missing"], report.findings


DIE_BETWEEN_WRITES = """
import datetime as dt, os, sys
from pathlib import Path
import pipeline.archive.store as store

real, writes = store.atomic_write, []

def write_then_die(path, data):
    writes.append(path)
    if len(writes) == 2:
        os._exit(137)  # killed between the store's two files: the first is in place, the second is not
    real(path, data)

store.atomic_write = write_then_die
web_capture = {"replay_url": "https://archive.example/web/20260731011353id_/https://artificialanalysis.ai/models/open-source/tiny",
               "original": "https://artificialanalysis.ai/models/open-source/tiny", "timestamp": "20260731011353", "digest": "X"}
store.RawArchive(sys.argv[1]).store(Path(sys.argv[2]).read_bytes(), source="killed store",
                                    captured_at=dt.datetime(2026, 7, 31, 1, 13, 53, tzinfo=dt.UTC),
                                    capture_time_source="web-archive", web_capture=web_capture)
"""


def test_a_store_killed_between_its_two_files_leaves_nothing_a_reader_takes_and_the_next_store_mends_it(tmp_path: Path) -> None:
    """Whatever file a store writes first, a kill before the second must not leave a page without
    its capture time (which reparse cannot read and verify calls missing for good)."""
    from pipeline.archive.store import RawArchive

    archive, page = tmp_path / "archive", FIXTURES / "tiny-board-table.html"
    died = subprocess.run([sys.executable, "-c", DIE_BETWEEN_WRITES, str(archive), str(page)], cwd=ROOT, timeout=120)
    assert died.returncode == 137
    assert len(list(archive.glob("??/*"))) == 1, "one of the two files is in place"
    # Nothing reads it: not a page, not a capture time, not an archived web capture (backfill fetches it again).
    assert list(RawArchive(archive).shas()) == [] and RawArchive(archive).web_captures().by_key == {}
    checked = run("verify", "--archive", str(archive), "--db", str(tmp_path / "none.duckdb"))
    assert checked.returncode == 1 and checked.stdout.startswith("orphaned") and "missing" not in checked.stdout, checked.stdout
    # The next store of that content puts both files in place, dated by its own capture.
    db = tmp_path / "lb.duckdb"
    done = run("ingest", str(page), "--db", str(db), "--archive", str(archive))
    assert done.returncode == 0, _said(done)
    assert "(from mtime)" in done.stdout and "2026-07-31" not in done.stdout, done.stdout  # never the killed store's time
    assert run("verify", "--archive", str(archive), "--db", str(db)).returncode == 0
