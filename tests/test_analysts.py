"""What analysts rely on: the published copy, exports, the data dictionary, the cookbook, the report."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from parsers import BOARDS
from pipeline.cli import main
from tests.browser import chromium
from tests.conftest import FIXTURES, ROOT, SNAPSHOTS
from tests.history import history_pages
from warehouse.publish import EXPORT_VIEWS, published_path

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("analysts")

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both boards, the tiny one over four recent captures with known events; where the real
    page is at hand, its small board (with real evaluation scores) is the newest small one."""
    folder = tmp_path_factory.mktemp("analysts")
    db = folder / "lb.duckdb"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert main(["ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db),
                 "--captured-at", (now - dt.timedelta(days=4)).isoformat()]) == 0
    real = SNAPSHOTS / "aa-model-page-2026-07-31.html.gz"
    if real.exists():
        assert main(["ingest", str(real), "--db", str(db), "--tier", "small",
                     "--captured-at", (now - dt.timedelta(days=3)).isoformat()]) == 0
    for number, page in enumerate(history_pages()):
        path = folder / f"tiny-{number}.html"
        path.write_text(page, encoding="utf-8")
        assert main(["ingest", str(path), "--db", str(db), "--captured-at", (now - dt.timedelta(days=4 - number)).isoformat()]) == 0
    return db


def test_readme_table_of_views_is_the_schema_command_output(capsys) -> None:
    assert main(["schema", "--format", "markdown", "--db", "/nonexistent/none.duckdb"]) == 0
    generated = capsys.readouterr().out
    readme = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    section = readme.split("<!-- schema:begin -->\n", 1)[1].split("<!-- schema:end -->", 1)[0]
    assert section == generated, "docs/data-dictionary.md is stale: paste `aa-leaderboards schema --format markdown` between the schema markers"


def test_schema_json_lists_every_analyst_view_with_typed_commented_columns(history_db: Path, capsys) -> None:
    import json

    assert main(["schema", "--format", "json", "--db", str(history_db)]) == 0
    relations = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(EXPORT_VIEWS) <= set(relations) and "leaderboard_as_of(ts)" in relations
    for view in EXPORT_VIEWS:
        assert relations[view]["comment"]
        assert all(c["type"] and c["comment"] for c in relations[view]["columns"]), view


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM snapshots").fetchall()[0][0], flush=True)
    sys.stdin.readline()  # hold the copy open until told
    print(con.execute("SELECT count(*) FROM snapshots").fetchall()[0][0], flush=True)
""")


def test_a_reader_holding_the_published_copy_never_blocks_a_run(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 0
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published_path(db))], cwd=ROOT, env=ENV,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert reader.stdout is not None and reader.stdin is not None
    try:
        assert reader.stdout.readline().strip() == "1"
        assert main(["ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db), "--lock-timeout", "5"]) == 0
        with duckdb.connect(str(published_path(db)), read_only=True) as fresh:
            assert fresh.execute("SELECT count(*) FROM snapshots").fetchall() == [(2,)], "the next open sees the new snapshot"
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1", "the open reader keeps its consistent copy"
    finally:
        reader.kill()
        reader.wait()


def test_exported_parquet_reads_back_to_the_views(history_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert main(["export", "--db", str(history_db), "--format", "parquet", "--out", str(out)]) == 0
    # Only the real page carries evaluation scores; without ../shared/snapshots that view is
    # empty, and its export must then be empty too (still a file with its columns).
    real = (SNAPSHOTS / "aa-model-page-2026-07-31.html.gz").exists()
    with duckdb.connect(str(history_db), read_only=True) as con:
        for view in EXPORT_VIEWS:
            exported = con.execute(f"SELECT * FROM read_parquet('{out / (view + '.parquet')}') ORDER BY ALL").fetchall()
            assert exported == con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall(), view
            assert bool(exported) == (real or view != "evaluation_history"), view


def test_csv_export_writes_every_view(history_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert main(["export", "--db", str(history_db), "--format", "csv", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{v}.csv" for v in EXPORT_VIEWS)


def test_the_report_opens_in_chromium_with_every_chart_drawn(history_db: Path, tmp_path: Path, capsys) -> None:
    report = tmp_path / "report.html"
    assert main(["report", "--db", str(history_db), "--out", str(report)]) == 0
    charts = int(re.search(r"\((\d+) charts\)", capsys.readouterr().out).group(1))
    small_history = 1 if (SNAPSHOTS / "aa-model-page-2026-07-31.html.gz").exists() else 0
    # small: three scatters, and over two snapshots (with the real page) its movers and any model's
    # history; tiny: any model's history, and the total-parameter and price scatters. No tiny model
    # changes its place over its four nights, and its text fixture gives no active count: both are
    # said in words instead of drawn.
    assert charts == 3 + 2 * small_history + 3, charts
    text = report.read_text(encoding="utf-8")
    assert "No model changed its place over the history: no movers to draw." in text
    assert "Intelligence vs active parameters: no chart, only 0 of 26 models can be placed." in text
    # The small board's history crosses Intelligence Index v4.0 -> v4.1: the chart marks it.
    assert ("not comparable across" in text) == bool(small_history)
    assert ("Intelligence Index v4.0 -&gt; v4.1" in text) == bool(small_history)
    assert not re.search(r"<script[^>]*\bsrc=", text) and not re.search(r"<link[^>]*href=\"https?:", text), "self-contained"
    # One browser both dumps the DOM it drew and takes the picture of it (a launch costs 3-5 s).
    shot = tmp_path / "report.png"
    flags = [*chromium(tmp_path / "chromium"), "--enable-logging=stderr", "--v=0", "--window-size=1200,3000", f"--screenshot={shot}"]
    dom = subprocess.run([*flags, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('class="plot-container plotly"') == charts, "every chart was drawn"
    assert dom.stdout.count('class="point"') > 50, "the scatter plots have their points"
    sections = re.findall(r"<section><h2>(.*?)</h2>", dom.stdout)
    assert sections == [html.escape(board.title, quote=False) for board in BOARDS], "a section per board, in their order"
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], f"the page logged to the console: {console}"
    assert shot.stat().st_size > 50_000, "the report was drawn as a picture"
