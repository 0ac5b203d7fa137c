"""`show` fits the terminal, `show --as-of` and `diff` tell two nights apart, and the command line's
basics (--version, a bare command, the nearest command or option), through the installed command
on the two real catalogue pages."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from parsers import TIERS
from tests.cli_runner import SAFE_ENV, run_cli
from tests.conftest import snapshot_path

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("show_fits")

PAGES = ("aa-model-page-2026-07-18.html.gz", "aa-model-page-2026-07-31.html.gz")


def run(*args: str, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in SAFE_ENV.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return run_cli(*args, env=env)


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("two-nights") / "lb.duckdb"
    done = run("ingest", *(str(snapshot_path(name)) for name in PAGES), "--db", str(db))
    assert done.returncode == 0, done.stderr
    return db


def names(db: Path, tier: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [m for (m,) in con.execute("SELECT model FROM leaderboard_latest WHERE tier = ? ORDER BY rank, model_key",
                                          [tier]).fetchall()]


@pytest.mark.parametrize("width", [80, 60, 120])
def test_show_fits_the_width_and_each_row_begins_with_its_model(two_nights: Path, width: int) -> None:
    done = run("show", "--db", str(two_nights), columns=width)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for tier in TIERS:
        header = lines.index(next(line for line in lines if line.startswith(f"{tier} board:")))
        start = next(i for i in range(header, len(lines)) if lines[i].startswith("Model "))
        rows = lines[start + 1 : start + 1 + len(names(two_nights, tier))]
        for line, name in zip(rows, names(two_nights, tier), strict=True):
            shown = re.split(r"\s{2,}", line)[0]
            assert name.startswith(shown.removesuffix("\u2026")) and (shown == name or shown.endswith("\u2026")), (line, name)
    if width < 120:
        assert "left out to fit" in " ".join(done.stdout.split())


def test_show_takes_columns_sort_and_limit(two_nights: Path) -> None:
    done = run("show", "--db", str(two_nights), "--tier", "large", "--columns", "model,speed", "--sort", "speed",
               "--reverse", "--limit", "3", "--format", "json")
    rows = json.loads(done.stdout)
    assert [set(r) for r in rows] == [{"tier", "model", "output_tokens_per_s"}] * 3
    speeds = [r["output_tokens_per_s"] for r in rows]
    assert speeds == sorted(speeds, reverse=True)
    table = run("show", "--db", str(two_nights), "--tier", "large", "--columns", "model,speed", "--limit", "2", columns=80)
    assert next(line for line in table.stdout.splitlines() if line.startswith("Model")).split() == ["Model", "Tok/s"]
    assert "the first 2 models" in table.stdout
    bad = run("show", "--db", str(two_nights), "--columns", "model,colour")
    assert bad.returncode == 2 and "unknown column 'colour'" in bad.stderr


def test_show_as_of_gives_each_board_as_it_stood(two_nights: Path) -> None:
    before = json.loads(run("show", "--db", str(two_nights), "--as-of", "2026-07-20", "--format", "json").stdout)
    after = json.loads(run("show", "--db", str(two_nights), "--format", "json").stdout)
    small_before = {r["model"] for r in before if r["tier"] == "small"}
    tiny_after = {r["model"] for r in after if r["tier"] == "tiny"}
    assert "Tri-21B-think Preview" in small_before and "Tri-21B-think Preview" not in {r["model"] for r in after}
    assert "G9v3-3B" in tiny_after and "G9v3-3B" not in {r["model"] for r in before}
    table = run("show", "--db", str(two_nights), "--as-of", "2026-07-20", "--tier", "small", columns=200).stdout
    assert table.startswith("small board as of 2026-07-20: 68 models") and "Tri-21B-think Preview" in table


def test_diff_names_who_left_and_entered_in_every_format(two_nights: Path) -> None:
    table = run("diff", "2026-07-18", "2026-07-31", "--db", str(two_nights))
    assert table.returncode == 0, table.stderr
    assert "  left     Tri-21B-think Preview (was #25)" in table.stdout
    assert re.search(r"^  entered  G9v3-3B \(#\d+\)$", table.stdout, re.MULTILINE)
    as_json = json.loads(run("diff", "2026-07-18", "2026-07-31", "--db", str(two_nights), "--format", "json").stdout)
    moves = {(r["tier"], r["change"], r["model"]) for r in as_json if r["change"] in ("entered", "left")}
    assert ("small", "left", "Tri-21B-think Preview") in moves and ("tiny", "entered", "G9v3-3B") in moves
    exaone = next(r for r in as_json if r["model"] == "EXAONE 4.5 33B" and r["column_name"] == "intelligence_index")
    assert (round(exaone["old_value"], 2), round(exaone["new_value"], 2)) == (22.96, 20.22)
    as_csv = list(csv.DictReader(io.StringIO(run("diff", "2026-07-18", "2026-07-31", "--db", str(two_nights), "--format",
                                                   "csv", "--tier", "small").stdout)))
    assert {r["tier"] for r in as_csv} == {"small"} and any(r["model"] == "Tri-21B-think Preview" and r["change"] == "left"
                                                           for r in as_csv)
    with duckdb.connect(str(two_nights), read_only=True) as con:
        first, second = (s for (s,) in con.execute("SELECT DISTINCT snapshot_id FROM board_snapshots ORDER BY 1").fetchall())
    by_id = json.loads(run("diff", str(first), str(second), "--db", str(two_nights), "--format", "json").stdout)
    assert by_id == as_json, "a snapshot id and its day give one difference"
    empty = run("diff", "2026-07-01", "2026-07-31", "--db", str(two_nights))
    assert empty.returncode == 2 and "no board had a snapshot by the end of 2026-07-01" in empty.stderr


def test_version_a_bare_command_and_the_nearest_command_or_option() -> None:
    version = run("--version")
    assert version.returncode == 0 and re.fullmatch(r"aa-leaderboards \d+\.\d+\.\d+\n", version.stdout)
    bare = run()
    assert bare.returncode == 2 and all(command in bare.stdout for command in ("show", "diff", "refresh", "status"))
    typo = run("shwo")
    assert typo.returncode == 2 and "unknown command 'shwo'; did you mean show?" in typo.stderr
    option = run("show", "--formt", "json")
    assert option.returncode == 2 and "aa-leaderboards show: unknown option '--formt'; did you mean --format?" in option.stderr
    assert os.linesep not in option.stderr.rstrip(os.linesep), "one line"


def test_diff_leaves_out_a_board_on_one_side_only(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    db = str(tmp_path / "lb.duckdb")
    assert run("ingest", str(FIXTURES / "small-board-table.html"), str(FIXTURES / "tiny-board-table.html"), "--db", db).returncode == 0
    apart = run("diff", "1", "2", "--db", db)
    assert apart.returncode == 2 and "no board is on both sides (1 and 2)" in apart.stderr, "never every model 'left' and 'entered'"
    same = run("diff", "1", "1", "--db", db)
    assert same.returncode == 0 and same.stdout == "no difference\n"
