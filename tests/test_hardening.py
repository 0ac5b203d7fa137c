"""Hostile input and hostile conditions: politeness, one run at a time, integrity, full disks."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from parsers import ParseError, parse_page
from pipeline.archive.store import RawArchive
from pipeline.cli import main
from pipeline.errors import ArchiveError, FetchError
from pipeline.sources.fetch import Fetcher, FetchPolicy
from tests.board_server import BoardServer, serving
from tests.conftest import FIXTURES, ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
TINY = FIXTURES / "tiny-board-table.html"
SMALL = FIXTURES / "small-board-table.html"


@pytest.fixture
def server() -> Iterator[BoardServer]:
    yield from serving()


def table_state(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in ("snapshots", "boards", "observations")}


# ---- politeness ------------------------------------------------------------------------------

def test_robots_txt_disallow_is_obeyed_unless_ignored(server: BoardServer) -> None:
    with pytest.raises(FetchError, match=r"/private: disallowed by .*robots\.txt .*--ignore-robots"):
        Fetcher(FetchPolicy()).fetch(server.base + "/private")
    assert server.hits["/private"] == 0
    assert Fetcher(FetchPolicy(respect_robots=False)).fetch(server.base + "/private").status == 200


def test_robots_txt_is_read_once_per_run(server: BoardServer) -> None:
    fetcher = Fetcher(FetchPolicy())
    fetcher.fetch(server.base + "/small")
    fetcher.fetch(server.base + "/tiny")
    assert server.hits["/robots.txt"] == 1


def test_unavailable_robots_txt_means_do_not_fetch(server: BoardServer) -> None:
    server.robots_status = 503
    with pytest.raises(FetchError, match=r"robots\.txt answered HTTP 503"):
        Fetcher(FetchPolicy()).fetch(server.base + "/small")
    assert server.hits["/small"] == 0


def test_missing_robots_txt_allows_everything(server: BoardServer) -> None:
    server.robots_status = 404
    assert Fetcher(FetchPolicy()).fetch(server.base + "/small").status == 200


# ---- one run at a time -----------------------------------------------------------------------

HOLD_RUN_LOCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pipeline.runs.runlock import run_lock
    with run_lock(Path(sys.argv[1]), "aa-leaderboards refresh", 5):
        print("LOCKED", flush=True)
        time.sleep(120)
""")


def _hold_run_lock(db: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_RUN_LOCK, str(db)], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and "LOCKED" in holder.stdout.readline()
    return holder


def test_a_second_run_waits_then_names_the_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lb.duckdb"
    holder = _hold_run_lock(db)
    try:
        started = time.monotonic()
        status = main(["ingest", str(TINY), "--db", str(db), "--lock-timeout", "1"])
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert status == 75 and 1.0 <= waited < 10  # EX_TEMPFAIL: another run holds it, try again later
    assert "another run is in progress: `aa-leaderboards refresh`" in err and f"PID {holder.pid}" in err, err
    assert not db.exists(), "the waiting run touched nothing"


def test_a_killed_run_releases_its_lock(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    holder = _hold_run_lock(db)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert main(["ingest", str(TINY), "--db", str(db), "--lock-timeout", "1"]) == 0


def test_a_run_waiting_for_the_lock_proceeds_when_it_is_released(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    holder = _hold_run_lock(db)
    try:
        waiter = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(TINY), "--db", str(db), "--lock-timeout", "30"],
                                  cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert waiter.poll() is None, "still waiting"
    finally:
        holder.kill()
        holder.wait()
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 0, err
    assert "1 loaded" in out


# ---- archive integrity -----------------------------------------------------------------------

def test_verify_is_clean_then_finds_corrupt_missing_and_orphaned(tmp_path: Path, capsys) -> None:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(TINY), str(SMALL), "--db", str(db)]) == 0
    assert main(["verify", "--db", str(db)]) == 0
    archive = tmp_path / "archive"
    pages = sorted(archive.glob("??/*.gz"))
    pages[0].write_bytes(pages[0].read_bytes()[:-40])  # damaged
    pages[1].unlink()  # lost
    (archive / "zz").mkdir()
    (archive / "zz" / ".tmp-page.gz.tmp").write_bytes(b"partial")  # left by a crash elsewhere
    capsys.readouterr()
    assert main(["verify", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "corrupt" in out and pages[0].name in out
    assert "missing" in out and "warehouse snapshot" in out and pages[1].name in out
    assert "orphaned" in out and ".tmp-page.gz.tmp" in out and "sidecar without its page" in out
    assert "4 problem(s)" in out


def test_a_page_whose_bytes_do_not_match_is_never_reparsed(tmp_path: Path, capsys) -> None:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(TINY), "--db", str(db)]) == 0
    [page] = (tmp_path / "archive").glob("??/*.gz")
    sha = page.name[:-3]
    import gzip

    page.write_bytes(gzip.compress(TINY.read_bytes().replace(b"Alibaba", b"Alibabb")))  # valid gzip, wrong content
    with pytest.raises(ArchiveError, match="does not match its sha256"):
        RawArchive(tmp_path / "archive").read(sha)
    before = table_state(db)
    capsys.readouterr()
    assert main(["reparse", "--db", str(db), "--force"]) == 1
    assert "does not match its sha256" in capsys.readouterr().err  # why, once, on stderr
    assert table_state(db) == before


# ---- full disks ------------------------------------------------------------------------------

def test_archive_write_failing_for_space_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import pipeline.files as archive_module

    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(TINY), "--db", str(db)]) == 0
    before = table_state(db)
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive_module.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    capsys.readouterr()
    assert main(["ingest", str(SMALL), "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert "no space left on device" in err and "MB free" in err and out.startswith("FAILED     ")
    monkeypatch.undo()
    assert table_state(db) == before
    assert not [p for p in (tmp_path / "archive").rglob("*") if p.name.endswith(".tmp")], "no temporary file left"
    assert main(["verify", "--db", str(db)]) == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 MB filesystem (tmpfs), where mounting is allowed (root in CI); else skip."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({result.stderr.strip() or result.returncode})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def test_a_really_full_disk_at_the_archive_loses_nothing(tiny_disk: Path, capsys) -> None:
    db = tiny_disk / "lb.duckdb"
    assert main(["ingest", str(TINY), "--db", str(db)]) == 0
    before = table_state(db)
    filler = _fill(tiny_disk)
    capsys.readouterr()
    assert main(["ingest", str(SMALL), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "no space left on device" in err and "MB free" in err
    filler.unlink()
    assert table_state(db) == before
    assert not [p for p in tiny_disk.rglob("*") if p.name.endswith(".tmp")]
    assert main(["verify", "--db", str(db)]) == 0
    assert main(["ingest", str(SMALL), "--db", str(db)]) == 0, "with space again, the page loads"


def test_a_really_full_disk_at_the_database_rolls_back(tiny_disk: Path, capsys) -> None:
    db = tiny_disk / "lb.duckdb"
    assert main(["ingest", str(TINY), "--db", str(db)]) == 0
    # The page is archived already (by another database sharing the archive), so the next
    # write to fail is the warehouse's own.
    assert main(["ingest", str(FIXTURES / "small-board-full.html"), "--db", str(tiny_disk / "other.duckdb"), "--archive", str(tiny_disk / "archive")]) == 0
    before = table_state(db)
    filler = _fill(tiny_disk)
    capsys.readouterr()
    assert main(["ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"{db}: load failed and was rolled back" in err and "No space left on device" in err and "MB free" in err
    filler.unlink()
    assert table_state(db) == before
    assert main(["verify", "--db", str(db)]) == 0
    assert main(["ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db)]) == 0


# ---- terminal safety and limits ---------------------------------------------------------------

def test_text_from_a_page_cannot_drive_the_terminal(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = TINY.read_text(encoding="utf-8").replace("Granite 4.0 Micro", "Granite \x1b[2J\x1b]0;pwned\x07Micro\x9b31m")
    page = tmp_path / "hostile.html"
    page.write_text(hostile, encoding="utf-8")
    # Table, JSON and JSON Lines are safe wherever they go (JSON escapes inside its strings).
    for fmt in ("table", "json", "jsonl"):
        assert main(["parse", str(page), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, fmt
    # CSV has no escapes: exact into a pipe or file, made safe when it goes to a terminal.
    assert main(["parse", str(page), "--format", "csv"]) == 0
    assert "Granite \x1b[2J" in capsys.readouterr().out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["parse", str(page), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    monkeypatch.undo()
    assert main(["ingest", str(page), "--db", str(tmp_path / "lb.duckdb")]) == 0
    assert main(["show", "--db", str(tmp_path / "lb.duckdb")]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_a_payload_nested_too_deeply_is_refused() -> None:
    page = (FIXTURES / "tiny-board-payload.html").read_text(encoding="utf-8")
    deep = "[" * 100_000 + "]" * 100_000
    bomb = page.replace("</main>", f"<script>self.__next_f.push([1,{json.dumps(deep)}])</script><script>self.__next_f.push({deep})</script></main>")
    with pytest.raises(ParseError, match="not valid JSON|nested too deeply"):
        parse_page(bomb.encode())


def test_a_huge_attribute_does_not_break_the_parser() -> None:
    page = TINY.read_text(encoding="utf-8").replace('<table class="w-full text-sm">', f'<table class="w-full text-sm" data-x="{"x" * 5_000_000}">')
    assert len(parse_page(page.encode()).rows) == 26
