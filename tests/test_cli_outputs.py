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
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import TIERS, ModelRow, parse_page
from pipeline import Settings
from pipeline.outputs.status import status_report
from tests.cli_runner import SAFE_ENV, TERMINAL_UNSAFE, console_script, run_cli
from tests.conftest import FIXTURES, ROOT, SNAPSHOTS, snapshot_path
from warehouse.catalog import dictionary
from warehouse.queries import BOARD_STATUS_COLUMNS

# Slow; and the module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cli_outputs")]

HOSTILE_NAME = "Granite \x1b[2J\x1b]0;pwned\x07 4.0\u202e Micro\x9b31m\u2066x\u2069"
# Typed columns compared after DuckDB's own readers have guessed their types.
TYPED = ("tier", "rank", "model", "model_key", "intelligence_index", "total_params_b", "active_params_b",
         "context_window_tokens", "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights")


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The command's output as it was written (bytes decoded, line ends untouched)."""
    out = run_cli(*args, env=SAFE_ENV)
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


def as_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as the JSON outputs give them: the source record nested as the object it is (CSV
    keeps its text)."""
    return [{k: json.loads(v) if k == "source_record" and isinstance(v, str) else v for k, v in row.items()} for row in rows]


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


def read_csv_rows(text: str, api: list[dict[str, Any]], columns: Sequence[str]) -> list[dict[str, Any]]:
    """CSV read with the csv module, each cell typed like the API's value; the header must be `columns`."""
    assert text.endswith("\r\n"), "RFC 4180 line ends"
    reader = csv.DictReader(io.StringIO(text, newline=""))
    read = list(reader)
    assert reader.fieldnames == list(columns)
    assert len(read) == len(api)
    return [{k: from_csv(v, want[k]) for k, v in got.items()} for got, want in zip(read, api)]


def read_with_duckdb(text: str, reader: str, folder: Path, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The output written to a file and read with DuckDB's read_json/read_csv, types guessed by DuckDB."""
    path = folder / f"out-{reader}-{len(list(folder.iterdir()))}"
    path.write_text(text, encoding="utf-8")
    with duckdb.connect() as con:
        # The nested source record read as a MAP, not as a struct: a record's keys may differ only
        # by case, which DuckDB's struct detection refuses (docs/commands.md says so too).
        options = ", field_appearance_threshold = 1" if reader == "read_json" else ""
        return con.execute(f"SELECT {', '.join(columns)} FROM {reader}(?{options})", [str(path)]).fetchall()


def assert_terminal_safe(text: str, what: str) -> None:
    found = TERMINAL_UNSAFE.search(text.replace("\n", "").replace("\r", ""))
    assert found is None, f"{what}: {found.group(0)!r} reaches the terminal raw" if found else ""


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile name in each form a page takes: an HTML table, a flight payload, a text rendering."""
    folder = tmp_path_factory.mktemp("hostile")
    table = (FIXTURES / "tiny-board-table.html").read_text(encoding="utf-8").replace("Granite 4.0 Micro", HOSTILE_NAME)
    # In a payload the name is a JSON string inside a JavaScript string: escaped twice, as a server would.
    in_payload = json.dumps(json.dumps(HOSTILE_NAME)[1:-1])[1:-1]
    payload = (FIXTURES / "tiny-board-payload.html").read_text(encoding="utf-8").replace("Granite 4.0 Micro", in_payload)
    pages = {"hostile-table": ("tiny-hostile-table.html", table), "hostile-payload": ("tiny-hostile-payload.html", payload)}
    text_snapshot = SNAPSHOTS / "aa-open-source-tiny.txt"
    if text_snapshot.exists():
        text = text_snapshot.read_text(encoding="utf-8").replace("Granite 4.0 Micro", HOSTILE_NAME)
        pages["hostile-text"] = ("tiny-hostile.txt", text)
    written = {}
    for key, (name, content) in pages.items():
        written[key] = folder / name
        written[key].write_text(content, encoding="utf-8")
    return written


@pytest.fixture(scope="module")
def hostile_page(hostile_pages: dict[str, Path]) -> Path:
    return hostile_pages["hostile-table"]


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory, hostile_page: Path) -> Path:
    """A fixture board and the hostile tiny board."""
    db = tmp_path_factory.mktemp("db") / "lb.duckdb"
    run("ingest", str(FIXTURES / "small-board-full.html"), str(hostile_page), "--db", str(db))
    return db


@pytest.fixture(scope="module")
def snapshot_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real snapshots: both text renderings and the real catalogue page."""
    pages = [snapshot_path(name) for name in ("aa-model-page-2026-07-31.html.gz", "aa-open-source-small.txt", "aa-open-source-tiny.txt")]
    db = tmp_path_factory.mktemp("snapshots-db") / "lb.duckdb"
    run("ingest", *map(str, pages), "--db", str(db))
    return db


PAGES = ["fixture:small-board-full.html", "fixture:tiny-board-payload.html", "snapshot:aa-open-source-small.txt",
         "snapshot:aa-open-source-tiny.txt", "snapshot:aa-model-page-2026-07-31.html.gz",
         "hostile-table", "hostile-payload", "hostile-text"]


def resolve(page: str, hostile_pages: dict[str, Path]) -> Path:
    kind, _, name = page.partition(":")
    if kind == "fixture":
        return FIXTURES / name
    if kind == "snapshot":
        return snapshot_path(name)
    if page not in hostile_pages:
        pytest.skip(f"{page} is made from a real snapshot in {SNAPSHOTS}, which is absent")
    return hostile_pages[page]


@pytest.mark.parametrize("page", PAGES)
def test_parse_reads_back_in_every_format(page: str, hostile_pages: dict[str, Path], tmp_path: Path) -> None:
    """json.loads, JSON Lines line by line, the csv module and DuckDB all give the Python API's rows."""
    path = resolve(page, hostile_pages)
    rows = parse_page(path.read_bytes(), source=str(path)).rows
    api = [plain(row.as_dict()) for row in rows]
    outputs = {fmt: run("parse", str(path), "--format", fmt).stdout for fmt in ("json", "jsonl", "csv", "table")}
    assert json.loads(outputs["json"]) == as_json(api)
    assert outputs["jsonl"].endswith("\n") and [json.loads(line) for line in outputs["jsonl"].splitlines()] == as_json(api)
    assert read_csv_rows(outputs["csv"], [row.as_dict() for row in rows], ModelRow.field_names()) == api
    typed = [tuple(getattr(row, c) for c in TYPED) for row in rows]
    for fmt, reader in (("json", "read_json"), ("jsonl", "read_json"), ("csv", "read_csv")):
        assert read_with_duckdb(outputs[fmt], reader, tmp_path, TYPED) == typed, f"{fmt} read with DuckDB's {reader}"
    for fmt in ("json", "jsonl", "table"):
        assert_terminal_safe(outputs[fmt], f"parse --format {fmt}")
    if page.startswith("hostile"):
        assert HOSTILE_NAME in [row["model"] for row in api], "the name comes back exactly"
        assert "Granite ?[2J?]0;pwned? 4.0? Micro?31m?x?" in outputs["table"]
        assert HOSTILE_NAME in outputs["csv"], "CSV into a pipe is exact"


@pytest.mark.parametrize("db_fixture", ["loaded_db", "snapshot_db"])
def test_show_reads_back_to_leaderboard_latest(db_fixture: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    db = request.getfixturevalue(db_fixture)
    with duckdb.connect(str(db), read_only=True) as con:
        # The boards in their defined order (parsers/boards.py), as every output lists them.
        order = "list_position(?, tier), rank, model_key"
        cursor = con.execute(f"SELECT * FROM leaderboard_latest ORDER BY {order}", [list(TIERS)])
        names = [d[0] for d in cursor.description]
        view = [dict(zip(names, row)) for row in cursor.fetchall()]
        typed = con.execute(f"SELECT {', '.join(TYPED)} FROM leaderboard_latest ORDER BY {order}", [list(TIERS)]).fetchall()
    outputs = {fmt: run("show", "--db", str(db), "--format", fmt).stdout for fmt in ("json", "jsonl", "csv", "table")}
    assert json.loads(outputs["json"]) == as_json(plain(view))
    assert [json.loads(line) for line in outputs["jsonl"].splitlines()] == as_json(plain(view))
    assert read_csv_rows(outputs["csv"], view, names) == plain(view)
    for fmt, reader in (("json", "read_json"), ("jsonl", "read_json"), ("csv", "read_csv")):
        assert read_with_duckdb(outputs[fmt], reader, tmp_path, TYPED) == typed, f"{fmt} read with DuckDB's {reader}"
    for fmt in ("json", "jsonl", "table"):
        assert_terminal_safe(outputs[fmt], f"show --format {fmt}")
    boards = {tier: sum(1 for row in view if row["tier"] == tier) for tier in TIERS}
    for tier, count in boards.items():
        assert (f"{tier} board: {count} models" if count else f"{tier} board: no snapshot yet") in outputs["table"]
    tiny_only = json.loads(run("show", "--db", str(db), "--tier", "tiny", "--format", "json").stdout)
    assert tiny_only == [row for row in as_json(plain(view)) if row["tier"] == "tiny"]
    if db_fixture == "loaded_db":
        assert HOSTILE_NAME in [row["model"] for row in view]
        assert HOSTILE_NAME in outputs["csv"] and "Granite ?[2J" in outputs["table"]


@pytest.mark.parametrize("db_fixture", ["loaded_db", "snapshot_db"])
def test_status_reads_back_to_the_status_report(db_fixture: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    db = request.getfixturevalue(db_fixture)
    expected = plain(status_report(Settings.for_db(db)))
    outputs = {fmt: run("status", "--db", str(db), "--format", fmt).stdout for fmt in ("json", "jsonl", "csv", "table")}
    got = json.loads(outputs["json"])
    assert got == expected
    # Every board loaded, in the defined order: the real catalogue page carries all four.
    assert [b["tier"] for b in got["boards"]] == (list(TIERS) if db_fixture == "snapshot_db" else ["small", "tiny"])
    assert got["last_parse_run"]["status"] == "ok"
    assert [json.loads(line) for line in outputs["jsonl"].splitlines()] == expected["boards"]
    assert read_csv_rows(outputs["csv"], status_report(Settings.for_db(db))["boards"], BOARD_STATUS_COLUMNS) == expected["boards"]
    counts = [(b["tier"], b["snapshots"], b["latest_models"]) for b in expected["boards"]]
    for fmt, reader in (("jsonl", "read_json"), ("csv", "read_csv")):
        assert read_with_duckdb(outputs[fmt], reader, tmp_path, ("tier", "snapshots", "latest_models")) == counts, fmt
    for fmt in ("json", "jsonl", "table"):
        assert_terminal_safe(outputs[fmt], f"status --format {fmt}")


def test_status_of_a_missing_database_says_so_in_every_format(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.duckdb")
    got = json.loads(run("status", "--db", missing, "--format", "json").stdout)
    assert got["database_exists"] is False and got["boards"] == [] and got["archived_pages"] == 0
    assert run("status", "--db", missing, "--format", "jsonl").stdout == ""
    header_only = run("status", "--db", missing, "--format", "csv").stdout
    assert read_csv_rows(header_only, [], BOARD_STATUS_COLUMNS) == []
    assert read_with_duckdb(header_only, "read_csv", tmp_path, BOARD_STATUS_COLUMNS) == []
    assert not (tmp_path / "none.duckdb").exists(), "status never creates a database"


def test_an_empty_board_is_still_a_document_with_its_columns(tmp_path: Path) -> None:
    db = tmp_path / "small-only.duckdb"
    run("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db))
    with duckdb.connect(str(db), read_only=True) as con:
        columns = [d[0] for d in con.execute("SELECT * FROM leaderboard_latest LIMIT 0").description]
    assert json.loads(run("show", "--db", str(db), "--tier", "tiny", "--format", "json").stdout) == []
    assert run("show", "--db", str(db), "--tier", "tiny", "--format", "jsonl").stdout == ""
    header_only = run("show", "--db", str(db), "--tier", "tiny", "--format", "csv").stdout
    assert read_csv_rows(header_only, [], columns) == []
    assert read_with_duckdb(header_only, "read_csv", tmp_path, ["model", "rank"]) == []


def test_schema_json_reads_back_to_the_catalogue(loaded_db: Path) -> None:
    with duckdb.connect(str(loaded_db), read_only=True) as con:
        expected = [asdict(relation) for relation in dictionary(con)]
    got = json.loads(run("schema", "--db", str(loaded_db), "--format", "json").stdout)
    assert got == plain(expected) and {"leaderboard_latest", "leaderboard_changes"} <= {r["name"] for r in got}


def test_buffered_output_is_whole_when_the_command_ends(tmp_path: Path) -> None:
    """The console script's own exit: what print() buffered into a pipe (block-buffered when
    PYTHONUNBUFFERED is not set) must still all arrive."""
    env = {k: v for k, v in SAFE_ENV.items() if k != "PYTHONUNBUFFERED"}
    db = str(tmp_path / "lb.duckdb")
    pages = [str(FIXTURES / "small-board-full.html"), str(FIXTURES / "tiny-board-full.html")]
    ingest = subprocess.run([console_script(), "ingest", *pages, "--db", db], capture_output=True, text=True, env=env, timeout=120)
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.splitlines()[-1] == "2 page(s): 2 loaded, 0 unchanged, 0 failed"
    shown = subprocess.run([console_script(), "show", "--db", db, "--format", "json"], capture_output=True, text=True, env=env, timeout=120)
    assert len(json.loads(shown.stdout)) == 59 + 26
    refused = subprocess.run([console_script(), "parse", str(tmp_path / "none.html")], capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 1 and refused.stderr.startswith("error: ") and refused.stderr.endswith("\n")


def test_a_profiler_still_writes_its_results(tmp_path: Path) -> None:
    """The quick exit is skipped under a profiler (or coverage, or a debugger): they write on the way out."""
    stats = tmp_path / "parse.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "pipeline.cli", "parse",
                           str(FIXTURES / "tiny-board-table.html"), "--format", "json"],
                          capture_output=True, text=True, env=SAFE_ENV, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 26 and stats.stat().st_size > 0


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
