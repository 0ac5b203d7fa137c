"""The demo a newcomer gets from `make run`: two real nights per board, and every query of the
README and the cookbook answering on it. `make run` is the real target, run into a scratch folder;
its database is read with DuckDB, as an analyst would."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import TIERS, parse_page
from tests.cli_runner import SAFE_ENV, console_script
from tests.conftest import FIXTURES, ROOT, SNAPSHOTS

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("demo")

DEMO = FIXTURES / "demo"
NIGHTS = {"2026-07-18T01-01-14Z": dt.datetime(2026, 7, 18, 1, 1, 14, tzinfo=dt.UTC),
          "2026-07-31T01-13-53Z": dt.datetime(2026, 7, 31, 1, 13, 53, tzinfo=dt.UTC)}
# Compared field for field; source_record is the record's JSON text (ours, not the site's).
SKIPPED_FIELDS = {"source_record"}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the published copy, make's stdout) of `make run` into a scratch folder."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    data = tmp_path_factory.mktemp("demo")
    # Under `make test` this is a nested make: without its parent's variables it prints just what a newcomer sees.
    env = {k: v for k, v in SAFE_ENV.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
    env["COLUMNS"] = "200"  # every column of `show` (a narrower terminal drops some: tests/test_show_fits.py)
    done = subprocess.run(["make", "run", f"DATA={data}"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return data / "published" / "leaderboards.duckdb", done.stdout


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def demo_pages() -> list[Path]:
    return sorted(DEMO.glob("*.html"))


def test_make_run_loads_two_nights_per_board_dated_by_their_file_names(demo_run: tuple[Path, str]) -> None:
    db, _ = demo_run
    assert len(demo_pages()) == 2 * len(TIERS)
    rows = query(db, "SELECT b.tier, b.captured_at, s.capture_time_source FROM board_snapshots b "
                     "JOIN snapshots s USING (snapshot_id) ORDER BY 1, 2")
    assert rows == [(tier, when, "filename") for tier in sorted(TIERS) for when in NIGHTS.values()]
    assert query(db, "SELECT DISTINCT index_version FROM leaderboard_history") == [("4.1",)]


def test_make_run_loads_exactly_the_demo_pages_values(demo_run: tuple[Path, str]) -> None:
    db, _ = demo_run
    with duckdb.connect(str(db), read_only=True) as con:
        for path in demo_pages():
            tier = path.name.split("-", 1)[0]
            when = NIGHTS[path.stem.split("-board-", 1)[1]]
            rows = parse_page(path.read_bytes(), source=path.name).boards[tier]
            cursor = con.execute("SELECT * FROM leaderboard_history WHERE tier = ? AND captured_at = ? ORDER BY rank",
                                 [tier, when])
            names = [d[0] for d in cursor.description]
            loaded = [dict(zip(names, row)) for row in cursor.fetchall()]
            assert [r["model_key"] for r in loaded] == [r.model_key for r in rows], path.name
            for got, want in zip(loaded, rows):
                for field, value in want.as_dict().items():
                    if field in SKIPPED_FIELDS or field not in got:
                        continue
                    have = got[field]
                    have = list(have) if isinstance(have, tuple) else have.isoformat() if isinstance(have, dt.date) else have
                    assert have == value, f"{path.name} {want.model!r} {field}: loaded {have!r}, the page says {value!r}"
            scores = con.execute("SELECT count(*) FROM evaluation_history WHERE tier = ? AND captured_at = ?",
                                 [tier, when]).fetchall()[0][0]
            assert scores == sum(len(r.evaluations) for r in rows) > 0, path.name


def test_the_demo_has_real_events_to_ask_about(demo_run: tuple[Path, str]) -> None:
    db, _ = demo_run
    events = dict(query(db, "SELECT change || coalesce(':' || column_name, ''), count(*) FROM leaderboard_changes GROUP BY 1"))
    for kind in ("entered", "left", "changed:intelligence_index", "changed:blended_price_usd_per_1m"):
        assert events.get(kind, 0) > 0, (kind, events)
    assert "methodology:index_version" not in events, "both nights state v4.1"
    # The models the two real pages show entering and leaving (the medium board kept its 35).
    assert query(db, "SELECT tier, change, model FROM leaderboard_changes WHERE change IN ('entered', 'left') ORDER BY ALL") == [
        ("large", "entered", "Inkling Small"), ("large", "entered", "Kimi K3"), ("large", "left", "GLM-5.1 (Non-reasoning)"),
        ("large", "left", "GLM-5.1 (Reasoning)"), ("large", "left", "Kimi K2.6"), ("large", "left", "MiniMax-M2.7"),
        ("small", "left", "Tri-21B-think Preview"), ("tiny", "entered", "G9v3-3B")]


def test_the_demo_pages_hold_the_real_pages_facts_and_are_current() -> None:
    """Each demo page reads back to its real page's board, field for field, and the builder
    writes today exactly what is committed."""
    from fixtures.build_demo import NIGHTS as SOURCES
    from fixtures.build_demo import demo_pages as build

    real = {stamp: SNAPSHOTS / name for name, stamp in SOURCES.items()}
    if not all(path.exists() for path in real.values()):
        pytest.skip(f"the real pages are absent ({SNAPSHOTS}; see SOURCES.md there for where they come from)")
    built = build()
    assert sorted(built) == [p.name for p in demo_pages()]
    for name, text in built.items():
        assert (DEMO / name).read_text(encoding="utf-8") == text, f"fixtures/demo/{name} is stale: run python fixtures/build_demo.py"
    for stamp, path in real.items():
        boards = parse_page(gzip.decompress(path.read_bytes()), source=path.name).boards
        for tier, rows in boards.items():
            demo = parse_page((DEMO / f"{tier}-board-{stamp}.html").read_bytes(), source=f"{tier}-board-{stamp}.html")
            assert set(demo.boards) == {tier} and demo.index_version == "4.1" and not demo.warnings
            want = [{k: v for k, v in r.as_dict().items() if k not in SKIPPED_FIELDS} for r in rows]
            got = [{k: v for k, v in r.as_dict().items() if k not in SKIPPED_FIELDS} for r in demo.boards[tier]]
            assert got == want, (stamp, tier)


def cookbook() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "cookbook.sql").read_text(encoding="utf-8")
    parts = re.split(r"^-- name: (\S+)\s*$", text, flags=re.MULTILINE)
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts), 2)]


def readme_queries() -> list[tuple[str, str]]:
    """(the comment above it, the statement) for every SQL statement in the sql blocks of the README and docs/,
    and the query of its Python example. A block fenced `sql httpfs` reads object storage through
    DuckDB's httpfs extension, which needs the network: it is not run here."""
    readme = "\n".join(page.read_text(encoding="utf-8") for page in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))))
    found: list[tuple[str, str]] = []
    for block in re.findall(r"```sql\n(.*?)```", readme, flags=re.DOTALL):
        for statement in block.split(";"):
            lines = [line for line in statement.strip().splitlines()]
            if not any(line.strip() and not line.startswith("--") for line in lines):
                continue
            title = next((line[2:].strip() for line in lines if line.startswith("--")), lines[0])
            found.append((title, "\n".join(line for line in lines if not line.startswith("--"))))
    for block in re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL):
        found += [("python example", sql) for sql in re.findall(r'con\.sql\("(.*?)"\)', block)]
    return found


def test_the_cookbook_and_readme_have_their_questions() -> None:
    assert len(cookbook()) >= 14
    assert len(readme_queries()) >= 5


@pytest.mark.parametrize(("name", "sql"), cookbook(), ids=[name for name, _ in cookbook()])
def test_every_cookbook_query_returns_rows_on_the_demo(demo_run: tuple[Path, str], name: str, sql: str) -> None:
    assert "now()" not in sql.lower(), f"{name} counts from now(): count back from the newest snapshot"
    assert query(demo_run[0], sql), name


@pytest.mark.parametrize(("title", "sql"), readme_queries(), ids=[title for title, _ in readme_queries()])
def test_every_readme_query_returns_rows_on_the_demo(demo_run: tuple[Path, str], title: str, sql: str) -> None:
    assert "now()" not in sql.lower(), title
    assert query(demo_run[0], sql), title


def test_the_query_make_run_suggests_runs_and_shows_rows(demo_run: tuple[Path, str]) -> None:
    lines = demo_run[1].strip().splitlines()
    query_line = lines[lines.index("try:") + 1].strip()
    tried = subprocess.run(query_line, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert tried.returncode == 0 and "leaderboard" not in tried.stderr, tried.stderr
    assert "Qwen3.6 27B (Reasoning)" in tried.stdout


def test_make_run_shows_no_precision_the_board_does_not_have(demo_run: tuple[Path, str]) -> None:
    out = demo_run[1]
    ends = [f"{tier} board:" for tier in TIERS[1:]] + ["report --db"]
    boards = {tier: out.split(f"{tier} board:", 1)[1].split(end, 1)[0] for tier, end in zip(TIERS, ends, strict=True)}
    for tier, text in boards.items():
        lines = text.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("Model "))
        rows = lines[start + 1 : lines.index("", start)]
        assert len(rows) == {"small": 67, "tiny": 27, "medium": 35, "large": 44}[tier]
        for line in rows:
            figures = line.split()[-8:]  # index, total, active, context, price, speed, weights, providers
            assert not any(re.fullmatch(r"\d*\.\d*0", f) for f in figures), f"show prints {line!r}"


@pytest.mark.parametrize("tier", ["medium", "large"])  # small and tiny: tests/test_cli_outputs.py
def test_show_tier_prints_that_board_alone_through_the_installed_command(demo_run: tuple[Path, str], tier: str) -> None:
    db = demo_run[0].parent.parent / "leaderboards.duckdb"
    done = subprocess.run([console_script(), "show", "--tier", tier, "--db", str(db), "--format", "json"],
                          capture_output=True, text=True, env=SAFE_ENV, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {row["tier"] for row in rows} == {tier}
    assert [row["model"] for row in rows] == [m for (m,) in query(demo_run[0], f"SELECT model FROM leaderboard_latest "
                                                                                f"WHERE tier = '{tier}' ORDER BY rank, model_key")]
    table = subprocess.run([console_script(), "show", "--tier", tier, "--db", str(db)], capture_output=True, text=True,
                           env={**SAFE_ENV, "COLUMNS": "200"}, timeout=60).stdout
    assert table.startswith(f"{tier} board: {len(rows)} models") and f"{rows[0]['model']}" in table
