"""One notion of change across the views and the report, on the real history: the text snapshots
(Intelligence Index v4.0), then the real pages of 2026-07-18 and 2026-07-31 (v4.1). Loaded with the
installed command; read with DuckDB and, for the report, from the figure data in its HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import TIERS
from parsers.payload.records import EVALUATION_KEYS
from tests.cli_runner import cli
from tests.conftest import snapshot_path

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("one_notion_of_change")

NIGHTS = (("aa-open-source-small.txt", "2026-03-01T00:00:00Z"), ("aa-open-source-tiny.txt", "2026-03-01T00:00:00Z"),
          ("aa-model-page-2026-07-18.html.gz", "2026-07-18T01:01:14Z"),
          ("aa-model-page-2026-07-31.html.gz", "2026-07-31T01:13:53Z"))
# The boards whose first night is a text rendering (v4.0, display values) and whose later nights
# are the catalogue pages (v4.1, exact values); the medium and large boards start on 07-18.
FROM_TEXT = ("small", "tiny")


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def three_nights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    paths = [(snapshot_path(name), when) for name, when in NIGHTS]
    db = tmp_path_factory.mktemp("change") / "lb.duckdb"
    for path, when in paths:
        done = cli("ingest", str(path), "--db", str(db), "--captured-at", when)
        assert done.returncode == 0, done.stdout + done.stderr
    return db


DISAGREEMENTS = """
WITH events AS (
    SELECT tier, snapshot_id, model_key, list_sort(list(column_name)) AS columns
    FROM leaderboard_changes WHERE change IN ('changed', 'known') GROUP BY ALL),
versions AS (
    SELECT tier, first_snapshot_id AS snapshot_id, model_key, list_sort(changed_columns) AS columns
    FROM model_versions WHERE len(changed_columns) > 0)
SELECT tier, snapshot_id, model_key, e.columns, v.columns
FROM events e FULL JOIN versions v USING (tier, snapshot_id, model_key)
WHERE e.columns IS DISTINCT FROM v.columns
"""


def test_model_versions_opens_a_version_exactly_where_leaderboard_changes_has_a_change(three_nights: Path) -> None:
    assert query(three_nights, DISAGREEMENTS) == []
    # Every other new version is a first entry or a re-entry: an 'entered' row, or the board's first snapshot.
    unexplained = query(three_nights, """
        SELECT v.tier, v.model_key, v.version_number FROM model_versions v
        JOIN board_snapshots b ON b.tier = v.tier AND b.snapshot_id = v.first_snapshot_id
        WHERE len(v.changed_columns) = 0 AND b.board_seq > 1
          AND NOT EXISTS (SELECT 1 FROM leaderboard_changes c WHERE c.change = 'entered' AND c.tier = v.tier
                          AND c.snapshot_id = v.first_snapshot_id AND c.model_key = v.model_key)""")
    assert unexplained == []
    assert query(three_nights, "SELECT count(*) FROM model_versions WHERE version_number > 1")[0][0] > 100


def test_display_rounding_is_no_change_in_either_view(three_nights: Path) -> None:
    # $0.1 shown by the text and 0.1025 exact in the payload are one price; 131k and 131072 one context.
    rounded = query(three_nights, """
        SELECT c.model_key, c.column_name, c.old_value, c.new_value FROM leaderboard_changes c
        JOIN board_snapshots b ON b.tier = c.tier AND b.snapshot_id = c.snapshot_id
        WHERE b.board_seq = 2 AND c.tier IN ('small', 'tiny') AND c.change = 'changed' AND (
            (c.column_name = 'blended_price_usd_per_1m' AND abs(c.old_value::DOUBLE - c.new_value::DOUBLE) < 0.05)
            OR c.column_name IN ('context_window_tokens', 'model', 'providers'))""")
    assert rounded == []
    assert query(three_nights, "SELECT count(*) FROM model_versions WHERE list_contains(changed_columns, 'providers')") == [(0,)]


def test_model_versions_carries_every_fact_and_never_mixes_index_versions(three_nights: Path) -> None:
    columns = [c for (c,) in query(three_nights, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'model_versions'")]
    for column in ("license_name", "commercial_use_restricted", "openness_index", "input_price_usd_per_1m",
                   "output_price_usd_per_1m", "time_to_first_token_s", "index_version"):
        assert column in columns, column
    mixed = query(three_nights, """
        SELECT v.tier, v.model_key, v.version_number, count(DISTINCT h.index_version) FROM model_versions v
        JOIN board_snapshots f ON f.tier = v.tier AND f.snapshot_id = v.first_snapshot_id
        JOIN board_snapshots l ON l.tier = v.tier AND l.snapshot_id = v.last_snapshot_id
        JOIN leaderboard_history h ON h.tier = v.tier AND h.model_key = v.model_key
        JOIN board_snapshots s ON s.tier = h.tier AND s.snapshot_id = h.snapshot_id
        WHERE s.board_seq BETWEEN f.board_seq AND l.board_seq
        GROUP BY ALL HAVING count(DISTINCT h.index_version) > 1""")
    assert mixed == []
    # The methodology change opens a version for every model on both sides of it.
    crossing = query(three_nights, "SELECT tier, count(*) FROM leaderboard_changes WHERE change = 'changed' "
                                   "AND column_name = 'index_version' GROUP BY tier ORDER BY tier")
    assert [tier for tier, _ in crossing] == sorted(FROM_TEXT), "only the boards that began on v4.0 cross it"
    both_sides = query(three_nights, """
        SELECT a.tier, count(*) FROM leaderboard_history a
        JOIN board_snapshots sa ON sa.tier = a.tier AND sa.snapshot_id = a.snapshot_id AND sa.board_seq = 2
        JOIN board_snapshots sb ON sb.tier = a.tier AND sb.board_seq = 1
        JOIN leaderboard_history b ON b.tier = a.tier AND b.snapshot_id = sb.snapshot_id AND b.model_key = a.model_key
        WHERE a.tier IN ('small', 'tiny')
        GROUP BY a.tier ORDER BY a.tier""")
    assert crossing == both_sides and all(n > 0 for _, n in crossing)


def test_the_wide_evaluation_view_has_one_column_per_evaluation_the_parser_reads(three_nights: Path) -> None:
    columns = [c for (c,) in query(three_nights, "SELECT column_name FROM duckdb_columns() "
                                                 "WHERE table_name = 'leaderboard_latest_evaluations' ORDER BY column_index")]
    evaluations = columns[columns.index("intelligence_index") + 1 : columns.index("other_evaluations")]
    assert evaluations == [*EVALUATION_KEYS, "omniscienceAccuracy", "omniscienceHallucinationRate"]
    assert query(three_nights, "SELECT count(*) FROM leaderboard_latest_evaluations") == query(
        three_nights, "SELECT count(*) FROM leaderboard_latest")
    long = query(three_nights, "SELECT tier, model_key, evaluation, score FROM evaluation_history "
                               "WHERE (tier, snapshot_id) IN (SELECT tier, snapshot_id FROM leaderboard_latest) ORDER BY ALL")
    unpivoted = query(three_nights, "SELECT tier, model_key, evaluation, score FROM "
                                    "(UNPIVOT leaderboard_latest_evaluations ON COLUMNS(* EXCLUDE (tier, rank, model, model_key, "
                                    "snapshot_id, captured_at, index_version, intelligence_index, other_evaluations)) "
                                    "INTO NAME evaluation VALUE score) ORDER BY ALL")
    assert long and unpivoted == long
    assert query(three_nights, "SELECT count(*) FROM leaderboard_latest_evaluations WHERE len(other_evaluations) > 0") == [(0,)]


def report_figures(db: Path, out: Path) -> tuple[str, list[dict[str, Any]]]:
    done = cli("report", "--db", str(db), "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    calls = re.findall(r'Plotly\.newPlot\(\s*"([^"]+)",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{"displaylogo"', text, re.DOTALL)
    assert calls, "the report's figure data"
    return text, [{"id": chart_id, "data": json.loads(data), "layout": json.loads(layout)} for chart_id, data, layout in calls]


def test_the_report_joins_no_points_across_the_index_change(three_nights: Path, tmp_path: Path) -> None:
    _, figures = report_figures(three_nights, tmp_path / "report.html")
    histories = [f for f in figures if any(t.get("mode") == "lines+markers" for t in f["data"])]
    # Each board with two snapshots or more: its biggest movers (where any model moved) and the
    # history of any model (a selector); the medium board kept every place between the nights.
    assert [f["id"] for f in histories] == ["small-chart-1", "small-chart-2", "tiny-chart-1", "tiny-chart-2",
                                            "medium-chart-1", "large-chart-1", "large-chart-2"]
    broken = 0
    for figure in histories:
        tier = figure["id"].split("-", 1)[0]
        traces = figure["data"]
        latest = [m for (m,) in query(three_nights, f"SELECT model FROM leaderboard_latest WHERE tier = '{tier}' "
                                                    "AND intelligence_index IS NOT NULL ORDER BY rank")]
        if figure["layout"].get("updatemenus"):
            # The selector: a series per model on the board now, named as the board names it, one shown.
            assert [t["name"] for t in traces] == latest and [t["visible"] for t in traces].count(True) == 1
            assert [b["label"] for b in figure["layout"]["updatemenus"][0]["buttons"]] == latest
        else:
            assert 0 < len(traces) <= 8
            assert all(re.fullmatch(r".+ \(#\d+ \u2192 #\d+\)", t["name"]) for t in traces), "each mover's move is named"
        for trace in traces:
            points = list(zip(trace["y"], trace["customdata"]))
            for (y0, v0), (y1, v1) in zip(points, points[1:]):
                if y0 is not None and y1 is not None:
                    assert v0 == v1, f"{trace['name']}: a line joins v{v0} to v{v1}"
            broken += sum(1 for y, _ in points if y is None)
        assert len(figure["layout"].get("shapes", [])) == (tier in FROM_TEXT), "the index change is marked where there is one"
    assert broken > 0, "the tiny board's models cross v4.0 -> v4.1"


def test_the_report_says_what_it_could_not_place_and_names_its_top_models(three_nights: Path, tmp_path: Path) -> None:
    text, figures = report_figures(three_nights, tmp_path / "report.html")
    scatters = [f for f in figures if f["data"][0].get("mode") == "markers"]
    # The tiny board shows a price for one model: no price chart, said in its place.
    assert len(scatters) == 3 * len(TIERS) - 1
    for figure in scatters:
        tier = figure["id"].split("-", 1)[0]
        placed = sum(len(t["x"]) for t in figure["data"])
        total = query(three_nights, f"SELECT count(*) FROM leaderboard_latest WHERE tier = '{tier}'")[0][0]
        title = figure["layout"]["title"]["text"]
        if placed == total:
            assert f"all {total} models placed" in title
        else:
            assert f"{total - placed} of {total} models not placed: " in title, title
        assert len(figure["layout"]["annotations"]) == min(5, placed), "the top models are named on the chart"
        axis = figure["layout"]["xaxis"]
        assert axis["type"] == "log" and axis["tickvals"]
        for value, label in zip(axis["tickvals"], axis["ticktext"]):
            assert float(label) == value and re.fullmatch(r"[125]", label.replace("0", "").replace(".", "")), label
    visible = re.sub(r"<script.*?</script>", "", text, flags=re.DOTALL)
    assert ("Intelligence vs price: no chart, only 1 of 27 models can be placed. Left off, with no price shown "
            "(&#x27;-&#x27; on the board): G9v3-3B, ") in visible, "the models left off are named"
    assert not re.search(r"\d{2}:\d{2}:\d{2}", visible), "times are shown to the minute"
    assert "2026-07-31 01:13 UTC" in visible
