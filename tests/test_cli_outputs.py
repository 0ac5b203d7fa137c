"""The installed command's output, read the way a user's program reads it.

Every test runs the console script as a subprocess and reads stdout with the consumer a
script would use: json.loads, JSON Lines line by line, the csv module, DuckDB's read_json and
read_csv. Each is compared with the Python API on the same input.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import parse_page
from pipeline.jobs import Settings
from pipeline.status import status_report
from tests.conftest import FIXTURES, ROOT
from tests.golden_rows import NOT_COMPARED, golden_rows

pytestmark = pytest.mark.slow

HOSTILE_NAME = "Granite \x1b[2J\x1b]0;pwned\x07 4.0\u202e Micro\x9b31m"
SAFE_ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


def console_script() -> str:
    found = shutil.which("aa-leaderboards", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the aa-leaderboards console script is not installed beside this Python (run `make test`)")
    return found


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The command's output as it was written (bytes decoded, line ends untouched)."""
    done = subprocess.run([console_script(), *args], capture_output=True, env=SAFE_ENV, timeout=120)
    out = subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))
    if check:
        assert out.returncode == 0, out.stderr
    return out


def plain(value: Any) -> Any:
    """The JSON form of a Python API value, written out here rather than borrowed from the CLI."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def from_csv(cell: str, expected: Any) -> Any:
    """A CSV cell read back with the type the API value has."""
    if expected is None:
        return None if cell == "" else cell
    if isinstance(expected, bool):
        return {"true": True, "false": False}.get(cell, cell)
    if isinstance(expected, int | float):
        return type(expected)(cell)
    if isinstance(expected, list | dict):
        return json.loads(cell)
    return cell


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("hostile") / "tiny-hostile.html"
    text = (FIXTURES / "tiny-board-table.html").read_text(encoding="utf-8")
    page.write_text(text.replace("Granite 4.0 Micro", HOSTILE_NAME), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory, hostile_page: Path) -> Path:
    db = tmp_path_factory.mktemp("db") / "lb.duckdb"
    run("ingest", str(FIXTURES / "small-board-full.html"), str(hostile_page), "--db", str(db))
    return db


def pages() -> list[Path]:
    return [FIXTURES / "small-board-full.html", FIXTURES / "tiny-board-payload.html"]


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_parse_json_and_jsonl_read_back_to_the_api_rows(page: Path) -> None:
    expected = [plain(row.as_dict()) for row in parse_page(page.read_bytes(), source=str(page)).rows]
    assert json.loads(run("parse", str(page), "--format", "json").stdout) == expected
    lines = run("parse", str(page), "--format", "jsonl").stdout.split("\n")
    assert lines[-1] == "" and [json.loads(line) for line in lines[:-1]] == expected


def test_parse_of_a_hostile_name_is_valid_json_and_safe(hostile_page: Path) -> None:
    api = [plain(row.as_dict()) for row in parse_page(hostile_page.read_bytes(), source=str(hostile_page)).rows]
    for fmt in ("json", "jsonl"):
        out = run("parse", str(hostile_page), "--format", fmt).stdout
        for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert bad not in out, (fmt, repr(bad))
        got = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
        assert got == api
        assert HOSTILE_NAME in [row["model"] for row in got], "the name comes back exactly"
    table = run("parse", str(hostile_page)).stdout
    assert "\x1b" not in table and "\u202e" not in table and "Granite ?[2J" in table


@pytest.mark.parametrize("page", [*pages(), None], ids=lambda p: p.name if p else "hostile")
def test_parse_csv_reads_back_with_the_csv_module(page: Path | None, hostile_page: Path) -> None:
    page = page or hostile_page
    api = [row.as_dict() for row in parse_page(page.read_bytes(), source=str(page)).rows]
    out = run("parse", str(page), "--format", "csv").stdout
    assert out.endswith("\r\n"), "RFC 4180 line ends"
    read = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(read[0]) == list(api[0])
    assert [{k: from_csv(v, want[k]) for k, v in got.items()} for got, want in zip(read, api)] == [plain(w) for w in api]


def test_parse_outputs_read_back_with_duckdb(tmp_path: Path, hostile_page: Path) -> None:
    api = parse_page(hostile_page.read_bytes()).rows
    for fmt, reader in (("json", "read_json"), ("jsonl", "read_json"), ("csv", "read_csv")):
        out = tmp_path / f"rows.{fmt}"
        out.write_text(run("parse", str(hostile_page), "--format", fmt).stdout, encoding="utf-8")
        with duckdb.connect() as con:
            got = con.execute(f"SELECT model, intelligence_index, total_params_b, open_weights FROM {reader}(?)", [str(out)]).fetchall()
        assert got == [(r.model, r.intelligence_index, r.total_params_b, r.open_weights) for r in api], fmt


def test_show_outputs_read_back_to_leaderboard_latest(loaded_db: Path) -> None:
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        cursor = con.execute("SELECT * FROM leaderboard_latest ORDER BY tier, rank, model_key")
        names = [d[0] for d in cursor.description]
        api = [dict(zip(names, row)) for row in cursor.fetchall()]
    assert HOSTILE_NAME in [row["model"] for row in api]
    assert json.loads(run("show", "--db", str(loaded_db), "--format", "json").stdout) == plain(api)
    lines = run("show", "--db", str(loaded_db), "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == plain(api)
    read = list(csv.DictReader(io.StringIO(run("show", "--db", str(loaded_db), "--format", "csv").stdout, newline="")))
    assert [{k: from_csv(v, want[k]) for k, v in got.items()} for got, want in zip(read, api)] == [
        {k: (v if not isinstance(v, dt.datetime | dt.date) else v.isoformat()) for k, v in want.items()} for want in api]
    tiny_only = json.loads(run("show", "--db", str(loaded_db), "--tier", "tiny", "--format", "json").stdout)
    assert {row["tier"] for row in tiny_only} == {"tiny"} and len(tiny_only) == 26
    table = run("show", "--db", str(loaded_db)).stdout
    assert "\x1b" not in table and "small board: 59 models" in table


def test_status_json_is_the_status_report(loaded_db: Path) -> None:
    expected = plain(status_report(Settings.for_db(loaded_db)))
    got = json.loads(run("status", "--db", str(loaded_db), "--format", "json").stdout)
    assert got == expected
    assert [(b["tier"], b["latest_models"]) for b in got["boards"]] == [("small", 59), ("tiny", 26)]
    assert got["last_parse_run"]["status"] == "ok"
    lines = run("status", "--db", str(loaded_db), "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == expected["boards"]
    read = list(csv.DictReader(io.StringIO(run("status", "--db", str(loaded_db), "--format", "csv").stdout, newline="")))
    assert [(r["tier"], int(r["snapshots"]), int(r["latest_models"])) for r in read] == [("small", 1, 59), ("tiny", 1, 26)]


def test_status_of_a_missing_database_says_so_in_json(tmp_path: Path) -> None:
    got = json.loads(run("status", "--db", str(tmp_path / "none.duckdb"), "--format", "json").stdout)
    assert got["database_exists"] is False and got["boards"] == [] and got["archived_pages"] == 0
    assert not (tmp_path / "none.duckdb").exists(), "status never creates a database"


def _small_pipe() -> tuple[int, int]:
    """A pipe of one page (4 KiB), so the command's output surely outgrows it before it ends."""
    import fcntl

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)
    return read_end, write_end


def test_a_closed_pipe_ends_quietly(loaded_db: Path) -> None:
    """`| head -c 100`: no message, the SIGPIPE status (141), nothing half-written."""
    for args in (["parse", str(FIXTURES / "small-board-full.html"), "--format", "json"],
                 ["show", "--db", str(loaded_db), "--format", "jsonl"],
                 ["show", "--db", str(loaded_db)]):
        read_end, write_end = _small_pipe()
        proc = subprocess.Popen([console_script(), *args], stdout=write_end, stderr=subprocess.PIPE, env=SAFE_ENV)
        os.close(write_end)
        first = os.read(read_end, 100)
        os.close(read_end)  # the reader goes away, as `head -c 100` does
        assert proc.stderr is not None
        stderr = proc.stderr.read()
        assert proc.wait(timeout=60) == 141, args
        assert first and stderr == b"", stderr.decode(errors="replace")
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM snapshots").fetchall() == [(2,)]


def test_a_closed_pipe_during_ingest_keeps_the_load_whole(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    proc = subprocess.Popen([console_script(), "ingest", str(FIXTURES / "small-board-full.html"),
                             str(FIXTURES / "tiny-board-full.html"), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=SAFE_ENV)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) in (0, 141)
    assert stderr == b""
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier ORDER BY tier").fetchall() == [
            ("small", 59), ("tiny", 26)]


def test_make_run_loads_only_the_text_snapshots_values(tmp_path: Path) -> None:
    """`make run` (the real target, into a scratch folder): every value it loads is the text's."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # Under `make test` this is a nested make: without its parent's variables it prints just what a newcomer sees.
    env = {k: v for k, v in SAFE_ENV.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
    done = subprocess.run(["make", "run", f"DATA={tmp_path}"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert any(str(tmp_path / "published" / "leaderboards.duckdb") in line for line in lines[-6:])
    assert any(str(tmp_path / "report.html") in line for line in lines[-6:])
    query_line = lines[lines.index("try:") + 1].strip()
    tried = subprocess.run(query_line, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert tried.returncode == 0 and "leaderboard" not in tried.stderr, tried.stderr
    with duckdb.connect(str(tmp_path / "published" / "leaderboards.duckdb"), read_only=True) as con:
        cursor = con.execute("SELECT * FROM leaderboard_latest ORDER BY tier, rank")
        names = [d[0] for d in cursor.description]
        loaded = [dict(zip(names, row)) for row in cursor.fetchall()]
        scores = con.execute("SELECT count(*) FROM evaluation_scores").fetchall()[0][0]
    assert scores == 0, "no snapshot of these boards shows evaluation scores"
    for tier in ("small", "tiny"):
        board = {row["model_key"]: row for row in loaded if row["tier"] == tier}
        golden = golden_rows(tier)
        assert sorted(board) == sorted(w["model_key"] for w in golden)
        for want in golden:
            got = board[want["model_key"]]
            for field, value in want.items():
                if field in NOT_COMPARED and field != "rank":
                    continue
                have = got[field]
                have = list(have) if isinstance(have, tuple) else have
                assert have == value, f"{tier} {want['model']!r} {field}: loaded {have!r}, the text says {value!r}"


def test_parse_explain_says_how_each_source_was_read() -> None:
    page_path = FIXTURES / "forms" / "small-grouped-header.html"
    api = parse_page(page_path.read_bytes(), source=str(page_path))
    doc = json.loads(run("parse", "--explain", "--format", "json", str(page_path)).stdout)
    assert doc["column_map"] == dict(api.column_map) and doc["column_map"]["price"] == "Highlights Blended Price (USD / 1M tokens)"
    assert doc["strategies"] == ["table"] and doc["boards"] == {"small": 59}
    assert doc["explanation"] == list(api.explanation) and doc["warnings"] == list(api.warnings)
    text = run("parse", "--explain", str(page_path)).stdout
    assert "'Highlights Blended Price (USD / 1M tokens)' -> price" in text and "board: small, 59 rows" in text
    line = json.loads(run("parse", "--explain", "--format", "jsonl", str(FIXTURES / "tiny-board-full.html")).stdout)
    assert line["strategies"] == ["payload", "table", "jsonld"]
    assert any(e.startswith("payload: ") for e in line["explanation"])
    refused = run("parse", "--explain", "--format", "csv", str(page_path), check=False)
    assert refused.returncode == 2 and refused.stdout == "" and "--format table, json or jsonl" in refused.stderr
