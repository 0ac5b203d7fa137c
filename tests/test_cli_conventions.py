"""The command line keeps its own conventions, run as a user runs it (the installed command)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import build_parser
from tests.cli_runner import SAFE_ENV, run_cli
from tests.conftest import FIXTURES, ROOT

# The columns up to providers, so the test reads it at any terminal width.
PROVIDERS = "model,rank,index,providers"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=SAFE_ENV)


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_go_before_or_after_the_subcommand(where: str) -> None:
    page = str(FIXTURES / "tiny-board-table.html")
    args = ["--verbose", "parse", page] if where == "before" else ["parse", page, "--verbose"]
    done = run(*args)
    assert done.returncode == 0, done.stderr
    assert "Qwen3 4B 2507" in done.stdout


def test_a_file_that_does_not_exist_is_the_same_failure_for_every_command(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.html")
    parse = run("parse", missing)
    ingest = run("ingest", missing, "--db", str(tmp_path / "lb.duckdb"))
    assert parse.returncode == ingest.returncode == 1
    for done in (parse, ingest):
        assert done.stderr.startswith("error: ") and missing in done.stderr and "unexpected" not in done.stderr


def test_a_failed_page_is_said_on_stderr_as_well(tmp_path: Path) -> None:
    bad = tmp_path / "letter.txt"
    bad.write_text("Dear reader, this is not a board.\n")
    done = run("ingest", str(bad), str(FIXTURES / "tiny-board-table.html"), "--db", str(tmp_path / "lb.duckdb"))
    assert done.returncode == 1
    assert any(line.startswith("error: ") and "letter.txt" in line for line in done.stderr.splitlines()), done.stderr
    assert "FAILED" in done.stdout and "1 loaded" in done.stdout


def test_an_unreachable_host_is_named_as_unreachable_not_as_a_robots_problem(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = run("refresh", "--url", f"http://127.0.0.1:{port}/models/open-source/small", "--db", str(tmp_path / "lb.duckdb"),
               "--attempts", "1", "--connect-timeout", "2")
    said = done.stdout + done.stderr
    assert done.returncode == 75  # EX_TEMPFAIL: unreachable, try again later
    assert f"http://127.0.0.1:{port} is unreachable" in said and "--ignore-robots" not in said, said
    assert re.search(r"^error: .*unreachable", done.stderr, re.MULTILINE), done.stderr


def test_the_readme_says_which_commands_take_which_options() -> None:
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    options = {name: {o for a in sub._actions for o in a.option_strings} for name, sub in subcommands.items()}
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    sentence = re.search(r"Every command but `parse`.*?`--help`", readme, re.DOTALL)
    assert sentence, "the option sentence of docs/commands.md"
    with_archive = set(re.findall(r"`(\w+)`", sentence.group(0).split("also take `--archive")[0].split("`--lock-timeout SECONDS`;")[1]))
    assert with_archive == {name for name, opts in options.items() if "--archive" in opts}
    assert {name for name, opts in options.items() if "--db" not in opts} == {"parse", "notify"}
    assert all("--lock-timeout" in opts for name, opts in options.items() if name not in ("parse", "notify"))
    assert all("--verbose" in opts for opts in options.values())


def test_schema_lists_every_view_the_database_has(tmp_path: Path) -> None:
    import json

    import duckdb

    db = tmp_path / "lb.duckdb"
    assert run("ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)).returncode == 0
    listed = {r["name"] for r in json.loads(run("schema", "--db", str(db), "--format", "json").stdout)}
    with duckdb.connect(str(db), read_only=True) as con:
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'").fetchall()}
    assert views <= listed, views - listed


@pytest.mark.parametrize("page", ["aa-open-source-small.txt", "aa-open-source-tiny.txt"])
def test_explain_names_the_index_version_of_a_text_rendering(page: str) -> None:
    from tests.conftest import snapshot_path

    done = run("parse", str(snapshot_path(page)), "--explain")
    assert "methodology: Intelligence Index v4.0 (10 evaluations)" in done.stdout, done.stdout


def test_show_gives_plus_n_more_where_the_board_names_no_provider(tmp_path: Path) -> None:
    from tests.conftest import snapshot_path

    db = tmp_path / "lb.duckdb"
    assert run("ingest", str(snapshot_path("aa-open-source-small.txt")), "--db", str(db)).returncode == 0
    # The table's rows: the model name, then its rank, columns two spaces apart.
    lines = {re.split(r"\s{2,}", line)[0]: line for line in run("show", "--db", str(db), "--columns", PROVIDERS).stdout.splitlines()
             if re.search(r"\S\s{2,}\d+\s", line)}
    assert lines["gpt-oss-20B (high)"].rstrip().endswith("+7 more"), lines["gpt-oss-20B (high)"]
    assert lines["gpt-oss-20B (low)"].rstrip().endswith("+8 more")


def test_a_capture_time_taken_from_a_files_mtime_is_said_on_stderr(tmp_path: Path) -> None:
    page = tmp_path / "tiny.html"
    shutil.copyfile(FIXTURES / "tiny-board-table.html", page)
    os.utime(page, (1785000000, 1785000000))  # 2026-07-25T17:20:00Z
    done = run("ingest", str(page), "--db", str(tmp_path / "lb.duckdb"))
    assert done.returncode == 0, done.stderr
    assert "captured 2026-07-25T17:20:00+00:00 (from mtime)" in done.stdout
    warning = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warning) == 1 and "by the file's modification time" in warning[0] and "--captured-at" in warning[0]
    # A name that carries the time dates the page without a warning.
    named = tmp_path / "small-board-2026-07-26T03-00-00Z.html"
    shutil.copyfile(FIXTURES / "small-board-table.html", named)
    done = run("ingest", str(named), "--db", str(tmp_path / "lb.duckdb"))
    assert done.returncode == 0 and "(from filename)" in done.stdout and done.stderr == "", done.stderr


def test_captured_at_on_content_already_loaded_keeps_the_stored_time_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    page = FIXTURES / "tiny-board-table.html"
    assert run("ingest", str(page), "--db", str(db), "--captured-at", "2026-07-20T03:00:00Z").returncode == 0
    again = run("ingest", str(page), "--db", str(db), "--captured-at", "2026-08-01")
    assert again.returncode == 0, again.stderr
    line = next(line for line in again.stdout.splitlines() if line.startswith("unchanged"))
    assert "captured 2026-07-20T03:00:00+00:00 (as stored, from option)" in line and "2026-08-01" not in line
    assert "--captured-at 2026-08-01T00:00:00+00:00 not used" in again.stderr and "the stored time is kept" in again.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT strftime(captured_at, '%Y-%m-%d') FROM snapshots").fetchall() == [("2026-07-20",)]


def test_a_board_whose_index_version_steps_back_is_warned_about(tmp_path: Path) -> None:
    """A folder as ../shared/snapshots is: a v4.1 page dated by its name, a v4.0 page dated by its
    mtime (the day it was copied): the v4.0 page lands after the v4.1 one."""
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "demo" / "small-board-2026-07-31T01-13-53Z.html", folder / "small-board-2026-07-31T01-13-53Z.html")
    # States v4.0, dated now. The table alone: the full fixture's payload records carry only the
    # text's facts, so after the demo's payload its board empties fields and is held (tests/test_board_contract.py).
    shutil.copyfile(FIXTURES / "small-board-table.html", folder / "small-board.html")
    done = run("ingest", str(folder), "--db", str(tmp_path / "lb.duckdb"))
    assert done.returncode == 0, done.stderr
    steps_back = [line for line in done.stderr.splitlines() if "is followed by the older" in line]
    assert len(steps_back) == 1, done.stderr
    assert steps_back[0].startswith("warning: small board: Intelligence Index v4.1 (snapshot 1") and "v4.0 (snapshot 2" in steps_back[0]
    assert "from mtime" in steps_back[0] and "--captured-at" in steps_back[0]
    # Dated right, the same pages tell no such thing.
    db = tmp_path / "right.duckdb"
    assert run("ingest", str(folder / "small-board.html"), "--db", str(db), "--captured-at", "2026-03-01").returncode == 0
    done = run("ingest", str(folder / "small-board-2026-07-31T01-13-53Z.html"), "--db", str(db))
    assert done.returncode == 0 and "is followed by the older" not in done.stderr
