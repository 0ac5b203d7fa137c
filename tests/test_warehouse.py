"""The warehouse on real DuckDB files: loading, idempotence, history views, migrations."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import duckdb
import pytest

from parsers import PARSER_VERSION, ParsedPage, parse_page
from pipeline.cli import main
from tests.conftest import FIXTURES, snapshot_path
from tests.history import history_pages
from tests.old_schema import older_copy
from warehouse.db import open_warehouse
from warehouse.errors import SchemaError
from warehouse.load import PageLoad, SnapshotMeta, load_pages
from warehouse.resources import latest_version, migrations

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("warehouse")

UTC = dt.UTC
ROW_FIELDS = ("tier", "rank", "model", "model_key", "slug", "creator", "intelligence_index", "intelligence_is_estimate",
              "total_params_b", "active_params_b", "is_moe", "context_window_tokens", "blended_price_usd_per_1m",
              "output_tokens_per_s", "open_weights", "weights_url", "providers", "providers_more")


def ingest(db: Path, *paths: Path | str, captured_at: str | None = None) -> int:
    argv = ["ingest", *map(str, paths), "--db", str(db)]
    if captured_at:
        argv += ["--captured-at", captured_at]
    return main(argv)


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def table_counts(db: Path) -> dict[str, int]:
    tables = ["snapshots", "boards", "observations", "evaluation_scores"]
    return {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


def test_text_snapshots_load_with_parsed_values_and_reload_adds_nothing(tmp_path: Path, capsys) -> None:
    small, tiny = snapshot_path("aa-open-source-small.txt"), snapshot_path("aa-open-source-tiny.txt")
    db = tmp_path / "lb.duckdb"
    assert ingest(db, small, tiny) == 0
    counts = dict(query(db, "SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier"))
    assert counts == {"small": 59, "tiny": 26}
    for path, tier in ((small, "small"), (tiny, "tiny")):
        parsed = [tuple(getattr(r, f) if f != "providers" or r.providers is None else list(r.providers) for f in ROW_FIELDS)
                  for r in parse_page(path.read_bytes()).rows]
        stored = query(db, f"SELECT {', '.join(ROW_FIELDS)} FROM leaderboard_latest WHERE tier = ? ORDER BY rank", [tier])
        assert stored == parsed
    before = table_counts(db)
    runs_before = query(db, "SELECT count(*) FROM parse_runs")[0][0]
    assert ingest(db, small, tiny) == 0
    assert table_counts(db) == before
    assert query(db, "SELECT count(*) FROM parse_runs")[0][0] == runs_before
    assert "2 unchanged" in capsys.readouterr().out


def test_real_page_loads_both_boards_with_evaluation_scores(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert ingest(db, snapshot_path("aa-model-page-2026-07-31.html.gz")) == 0
    assert dict(query(db, "SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier")) == {"small": 67, "tiny": 27, "medium": 35, "large": 44}
    [(captured, how)] = query(db, "SELECT captured_at, capture_time_source FROM snapshots")
    assert (captured.astimezone(UTC), how) == (dt.datetime(2026, 7, 31, tzinfo=UTC), "filename")
    scores = dict(query(db, "SELECT evaluation, score FROM evaluation_history WHERE model = 'Qwen3.6 35B A3B (Reasoning)'"))
    assert scores["gpqa"] == pytest.approx(0.841414141414142)
    assert query(db, "SELECT count(DISTINCT model_key) FROM evaluation_scores")[0][0] >= 80


# ---- a history of edited snapshots -------------------------------------------------------------

def history_by_time() -> dict[str, str]:
    return dict(zip(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"], history_pages()))


def build_history(tmp_path: Path, order: list[int], name: str) -> Path:
    db = tmp_path / f"{name}.duckdb"
    pages = list(history_by_time().items())
    for index in order:
        when, html = pages[index]
        path = tmp_path / f"{name}-page-{index}.html"
        path.write_text(html, encoding="utf-8")
        assert ingest(db, path, captured_at=when) == 0
    return db


def ts(day: int) -> dt.datetime:
    return dt.datetime(2026, 1, day, tzinfo=UTC)


@pytest.fixture(scope="module")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    order = [0, 1, 2, 3]
    random.Random(20260122).shuffle(order)
    assert order != [0, 1, 2, 3]
    return build_history(tmp_path_factory.mktemp("history"), order, "shuffled")


def test_changes_between_consecutive_snapshots(history_db: Path) -> None:
    rows = query(history_db, """
        SELECT captured_at, model, change, column_name, old_value, new_value FROM leaderboard_changes
        ORDER BY captured_at, change, model, column_name""")
    assert [(r[0].astimezone(UTC),) + r[1:] for r in rows] == [
        (ts(2), "Qwen3 1.7B (Reasoning)", "changed", "blended_price_usd_per_1m", "0.4", "0.5"),
        (ts(3), "Granite 4.0 Micro", "changed", "intelligence_index", "11.0", "12.0"),
        (ts(3), "Gemma 3 270M", "left", None, None, None),
        (ts(4), "Qwen3 1.7B (Reasoning)", "changed", "blended_price_usd_per_1m", "0.5", "0.3"),
        (ts(4), "Granite 5.0 Nano", "entered", None, None, None),
    ]


def test_model_versions_type_2_history(history_db: Path) -> None:
    rows = query(history_db, """
        SELECT model_key, version_number, valid_from, valid_to, is_current, changed_columns, blended_price_usd_per_1m, intelligence_index
        FROM model_versions WHERE tier = 'tiny' ORDER BY model_key, version_number""")
    versions = {(r[0], r[1]): (r[2].astimezone(UTC), r[3].astimezone(UTC) if r[3] else None, r[4], r[5], r[6], r[7]) for r in rows}
    assert versions[("qwen3-1-7b-reasoning", 1)] == (ts(1), ts(2), False, [], 0.4, 13.0)
    assert versions[("qwen3-1-7b-reasoning", 2)] == (ts(2), ts(4), False, ["blended_price_usd_per_1m"], 0.5, 13.0)
    assert versions[("qwen3-1-7b-reasoning", 3)] == (ts(4), None, True, ["blended_price_usd_per_1m"], 0.3, 13.0)
    assert versions[("gemma-3-270m", 1)] == (ts(1), ts(3), False, [], None, 8.0)
    assert versions[("granite-4-0-micro", 1)][:4] == (ts(1), ts(3), False, [])
    assert versions[("granite-4-0-micro", 2)][:4] == (ts(3), None, True, ["intelligence_index"])
    assert versions[("granite-5-0-nano", 1)][:4] == (ts(4), None, True, [])
    unchanged = {key for key, _ in versions} - {"qwen3-1-7b-reasoning", "gemma-3-270m", "granite-4-0-micro", "granite-5-0-nano"}
    assert len(unchanged) == 23
    for key in unchanged:
        assert versions[(key, 1)][:4] == (ts(1), None, True, []) and (key, 2) not in versions
    assert len(versions) == 23 + 3 + 1 + 2 + 1


def test_leaderboard_as_of(history_db: Path) -> None:
    def board(at: str) -> list[tuple]:
        return query(history_db, "SELECT model, rank, blended_price_usd_per_1m FROM leaderboard_as_of(?::TIMESTAMPTZ) ORDER BY rank", [at])

    assert board("2025-12-31T23:59:59Z") == []
    assert len(board("2026-01-01T00:00:00Z")) == 26
    day2 = board("2026-01-02T12:00:00Z")
    assert ("Qwen3 1.7B (Reasoning)", 6, 0.5) in day2 and len(day2) == 26
    day3 = board("2026-01-03T23:00:00Z")
    assert len(day3) == 25 and "Gemma 3 270M" not in {m for m, _, _ in day3}
    assert len(board("2030-01-01T00:00:00Z")) == 26
    assert ("Qwen3 1.7B (Reasoning)", 6, 0.3) in board("2030-01-01T00:00:00Z")
    latest = query(history_db, "SELECT model, rank, blended_price_usd_per_1m FROM leaderboard_latest ORDER BY rank")
    assert latest == board("2030-01-01T00:00:00Z")


def test_shuffled_and_in_order_loads_give_the_same_history(history_db: Path, tmp_path: Path) -> None:
    in_order = build_history(tmp_path, [0, 1, 2, 3], "ordered")
    # Snapshot ids follow the order of loading; everything else must not.
    for view, load_order_columns, order in (
        ("leaderboard_history", "snapshot_id", "captured_at, tier, rank"),
        ("model_versions", "first_snapshot_id, last_snapshot_id", "tier, model_key, version_number"),
        ("leaderboard_changes", "snapshot_id, previous_snapshot_id", "captured_at, tier, change, model_key, column_name"),
    ):
        sql = f"SELECT * EXCLUDE ({load_order_columns}) FROM {view} ORDER BY {order}"
        assert query(history_db, sql) == query(in_order, sql), view


def test_failed_page_is_archived_recorded_and_changes_nothing_else(tmp_path: Path, capsys) -> None:
    db = tmp_path / "lb.duckdb"
    good = FIXTURES / "tiny-board-table.html"
    assert ingest(db, good) == 0
    before = table_counts(db)
    bad = tmp_path / "cut.html"
    bad.write_bytes(good.read_bytes()[:5000])
    other = FIXTURES / "small-board-table.html"
    assert ingest(db, bad, other) == 1
    out, err = capsys.readouterr()
    assert re.search(r"FAILED .*cut\.html\n", out) and "cut.html: page ends before </html>" in err, "why: once, on stderr"
    assert "1 loaded" in out and "1 failed" in out, "the rest is processed"
    after = table_counts(db)
    assert after["snapshots"] == before["snapshots"] + 1  # the small board only
    [(status, error)] = query(db, "SELECT status, error FROM parse_runs WHERE source LIKE '%cut.html'")
    assert status == "failed" and "truncated" in error
    archived = list((tmp_path / "archive").glob("??/*.gz"))
    assert len(archived) == 3, "the refused page is archived too"


# ---- migrations ------------------------------------------------------------------------------

def test_fresh_file_gets_every_migration_and_reopening_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    with open_warehouse(db):
        pass
    applied = query(db, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
    assert [v for v, _, _ in applied] == [m.version for m in migrations()]
    with open_warehouse(db):
        pass
    assert query(db, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version") == applied


def test_older_file_is_upgraded_in_place_keeping_its_data(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    first = migrations()[0]
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)")
        con.execute(first.sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [first.version, first.name])
        con.execute("INSERT INTO snapshots VALUES (1, 'abc', ['tiny'], 'x', 'html', now(), 'option', now(), 10, NULL)")
    with open_warehouse(db) as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0] == latest_version()
        assert con.execute("SELECT count(*) FROM snapshots").fetchall()[0][0] == 1
        con.execute("SELECT * FROM leaderboard_latest").fetchall()


def page_load(page: ParsedPage) -> PageLoad:
    captured = dt.datetime(2026, 7, 31, 3, tzinfo=dt.UTC)
    meta = SnapshotMeta(content_sha256="0" * 64, source="small-board-full.html", captured_at=captured,
                        capture_time_source="option", bytes=1, archive_path=None)
    return PageLoad(meta=meta, parser_version=PARSER_VERSION, started_at=captured, page=page)


def test_a_version_3_file_keeps_every_source_record_when_they_move_to_zstd(tmp_path: Path) -> None:
    """Migration 004 re-creates observations.source_record with zstd: values, comment and views survive."""
    db = tmp_path / "v3.duckdb"
    page = parse_page((FIXTURES / "small-board-full.html").read_bytes())
    current = tmp_path / "current.duckdb"
    with open_warehouse(current) as con:
        assert load_pages(con, [page_load(page)], max_shrink=None)[0].status == "loaded"
    older_copy(current, db, 3)  # the rows as version 3 held them
    with duckdb.connect(str(db)) as con:
        before = con.execute("SELECT model_key, source_record FROM observations ORDER BY model_key").fetchall()
    assert len(before) == 59 and all(record for _, record in before)
    with open_warehouse(db) as con:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchall() == [(latest_version(),)]
        assert con.execute("SELECT model_key, source_record FROM observations ORDER BY model_key").fetchall() == before
        assert con.execute("SELECT count(source_record) FROM leaderboard_latest").fetchall() == [(59,)]
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'observations' "
                              "AND column_name = 'source_record'").fetchall()[0][0]
        assert comment.startswith("The whole record the row came from")
        con.execute("CHECKPOINT")
        stored = con.execute("SELECT DISTINCT compression FROM pragma_storage_info('observations') "
                             "WHERE column_name = 'source_record' AND segment_type <> 'VALIDITY'").fetchall()
    assert stored == [("ZSTD",)]


def test_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    with open_warehouse(db) as con:
        con.execute("INSERT INTO schema_migrations VALUES (999, '999_future.sql', now())")
    with pytest.raises(SchemaError, match="newer aa-leaderboards"):
        with open_warehouse(db):
            pass
    assert main(["status", "--db", str(db)]) == 1


def test_every_analyst_table_view_and_column_has_a_comment(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    with open_warehouse(db):
        pass
    relations = ["snapshots", "parse_runs", "boards", "observations", "evaluation_scores", "leaderboard_latest",
                 "leaderboard_history", "model_versions", "leaderboard_changes", "evaluation_history", "board_snapshots"]
    missing = query(db, "SELECT table_name, column_name FROM duckdb_columns() WHERE list_contains(?, table_name) AND comment IS NULL",
                    [relations])
    assert missing == []
    uncommented = query(db, """
        SELECT table_name FROM duckdb_tables() WHERE list_contains(?, table_name) AND comment IS NULL
        UNION ALL SELECT view_name FROM duckdb_views() WHERE list_contains(?, view_name) AND comment IS NULL""", [relations, relations])
    assert uncommented == []
    assert query(db, "SELECT comment IS NOT NULL FROM duckdb_functions() WHERE function_name = 'leaderboard_as_of'") == [(True,)]
    contract = ["tier", "rank", "model", "model_key", "slug", "creator", "intelligence_index", "intelligence_is_estimate",
                "total_params_b", "active_params_b", "is_moe", "context_window_tokens", "blended_price_usd_per_1m",
                "output_tokens_per_s", "open_weights", "weights_url", "providers", "providers_more", "snapshot_id", "captured_at"]
    columns = [c for (c,) in query(db, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'leaderboard_latest' ORDER BY column_index")]
    assert columns[: len(contract)] == contract
