"""The report leads with what changed: on the two real catalogue pages, read in headless Chromium
as a reader sees it, and its label placement as a rule."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

from parsers import BOARDS
from pipeline.outputs.report import label_offsets
from tests.browser import chromium
from tests.cli_runner import SAFE_ENV, run_cli
from tests.conftest import snapshot_path

PAGES = ("aa-model-page-2026-07-18.html.gz", "aa-model-page-2026-07-31.html.gz")


def _dom(report: Path, profile: Path) -> str:
    done = subprocess.run([*chromium(profile), "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_report_leads_each_board_with_what_changed_in_chromium(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    ingest = run_cli("ingest", *(str(snapshot_path(p)) for p in PAGES), "--db", str(db), env=SAFE_ENV)
    assert ingest.returncode == 0, ingest.stderr
    report = tmp_path / "report.html"
    assert run_cli("report", "--db", str(db), "--out", str(report), env=SAFE_ENV).returncode == 0
    dom = _dom(report, tmp_path / "chromium")
    sections = re.findall(r"<section><h2>(.*?)</h2>(.*?)</section>", dom, re.DOTALL)
    assert [title for title, _ in sections] == [html.escape(b.title, quote=False) for b in BOARDS]
    for title, body in sections:
        # The changes come first: before any chart of the board.
        assert body.index("What changed in the last night") < body.index('class="plot-container plotly"'), title
    small = dict(sections)[html.escape(BOARDS[0].title, quote=False)]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", small)
    assert ("EXAONE 4.5 33B", "Intelligence Index", "22.96 \u2192 20.22") in rows
    assert ("Tri-21B-think Preview", "left", "was #25") in rows
    tiny = dict(sections)[html.escape(BOARDS[1].title, quote=False)]
    assert re.search(r"<tr><td>G9v3-3B</td><td>entered</td><td>#\d+</td></tr>", tiny)
    assert "Biggest movers" in small and "Intelligence Index over time" in small, "the movers, and any model's history"
    assert "Intelligence vs price: no chart, only 1 of 27 models can be placed" in tiny


def test_labels_of_points_close_together_stand_apart() -> None:
    # The tiny board's two MiniCPM5-1B variants sit almost on one point of its scatter plots.
    offsets = label_offsets([(0.0, 12.0), (0.01, 12.3), (0.02, 12.1), (1.0, 30.0)])
    assert len(set(offsets[:3])) == 3 and offsets[3] == offsets[0]
