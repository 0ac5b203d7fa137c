"""A history that stays true across the site's changes: index versions, known-not-changed,
new facts in the views, and boards held back when they shrink implausibly. The installed
command is run as a subprocess; the warehouse and its published copy are read with DuckDB."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers.payload.records import PAYLOAD_FIELDS
from parsers.text.renderings import LINE_FIELDS, PIPE_FIELDS
from tests.cli_runner import cli
from tests.conftest import FIXTURES, snapshot_path
from tests.page_edits import cut_board

# The module's tests share one worker, so its module-scoped fixtures are built once: the worker
# of the "prefect" group, as one of them runs a flow (a second group name would make a group of
# its own, with a second Prefect harness; conftest refuses that).
pytestmark = pytest.mark.xdist_group("prefect")


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def spanning(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text snapshots (v4.0), then the real catalogue page of 2026-07-31 (v4.1)."""
    db = tmp_path_factory.mktemp("span") / "lb.duckdb"
    small, tiny, real = (snapshot_path(n) for n in ("aa-open-source-small.txt", "aa-open-source-tiny.txt",
                                                      "aa-model-page-2026-07-31.html.gz"))
    for path, when in ((small, "2026-03-01T00:00:00Z"), (tiny, "2026-03-01T00:00:00Z"), (real, "2026-07-31T00:00:00Z")):
        done = cli("ingest", str(path), "--db", str(db), "--captured-at", when)
        assert done.returncode == 0, done.stdout + done.stderr
    return db


def test_index_version_in_latest_history_and_as_of(spanning: Path) -> None:
    # The catalogue page of 07-31 carries all four boards; medium and large begin there.
    assert query(spanning, "SELECT DISTINCT tier, index_version FROM leaderboard_latest ORDER BY 1") == [
        ("large", "4.1"), ("medium", "4.1"), ("small", "4.1"), ("tiny", "4.1")]
    assert query(spanning, "SELECT tier, index_version, count(*) FROM leaderboard_history GROUP BY ALL ORDER BY 1, 2") == [
        ("large", "4.1", 44), ("medium", "4.1", 35), ("small", "4.0", 59), ("small", "4.1", 67), ("tiny", "4.0", 26),
        ("tiny", "4.1", 27)]
    assert query(spanning, "SELECT DISTINCT tier, index_version FROM leaderboard_as_of('2026-05-01'::TIMESTAMPTZ) ORDER BY 1") == [
        ("small", "4.0"), ("tiny", "4.0")]


def test_exactly_one_methodology_row_per_board_and_the_flag(spanning: Path) -> None:
    assert query(spanning, "SELECT tier, column_name, old_value, new_value, model FROM leaderboard_changes "
                           "WHERE change = 'methodology' ORDER BY tier") == [
        ("small", "index_version", "4.0", "4.1", None), ("tiny", "index_version", "4.0", "4.1", None)]
    # Every event between the two snapshots crosses the methodology change, re-based indices included.
    assert query(spanning, "SELECT DISTINCT across_methodology_change FROM leaderboard_changes") == [(True,)]
    rebased = query(spanning, "SELECT count(*) FROM leaderboard_changes WHERE column_name = 'intelligence_index' "
                              "AND change = 'changed' AND across_methodology_change")
    assert rebased[0][0] > 0


@pytest.mark.parametrize(("tier", "text_fields"), [("small", PIPE_FIELDS), ("tiny", LINE_FIELDS)])
def test_no_changed_row_comes_from_a_field_the_text_cannot_carry(spanning: Path, tier: str, text_fields: frozenset[str]) -> None:
    changed = {c for (c,) in query(spanning, f"SELECT DISTINCT column_name FROM leaderboard_changes "
                                             f"WHERE tier = '{tier}' AND change = 'changed'")}
    # index_version: every model's values are on the new scale (the text states its version too).
    assert changed and changed <= text_fields | {"model", "index_version"}, changed - text_fields
    known = {c for (c,) in query(spanning, f"SELECT DISTINCT column_name FROM leaderboard_changes "
                                           f"WHERE tier = '{tier}' AND change = 'known'")}
    assert "weights_url" in known and not known & text_fields
    assert known <= PAYLOAD_FIELDS
    # A displayed value and the exact one behind it (262k shown, 262144 exact; "gpt-oss-20B" and
    # "gpt-oss-20b") are one value, not a change.
    assert query(spanning, f"SELECT count(*) FROM leaderboard_changes WHERE tier = '{tier}' AND change = 'changed' "
                           "AND column_name IN ('context_window_tokens', 'model')") == [(0,)]
    # A value the later form cannot carry (provider names, on the tiny text) going NULL is no event.
    assert query(spanning, f"SELECT count(*) FROM leaderboard_changes WHERE tier = '{tier}' AND column_name = 'providers'") == [(0,)]


def test_a_normal_history_holds_nothing(spanning: Path) -> None:
    assert query(spanning, "SELECT count(*) FROM held_boards") == [(0,)]
    status = json.loads(cli("status", "--db", str(spanning), "--format", "json").stdout)
    assert status["held_boards"] == []


def test_new_facts_reach_the_views_and_the_source_record_keeps_the_rest(spanning: Path) -> None:
    row = query(spanning, "SELECT license_name, commercial_use_restricted, round(openness_index, 2), input_price_usd_per_1m, "
                          "output_price_usd_per_1m, round(time_to_first_token_s, 3), source_record->>'shortName' "
                          "FROM leaderboard_latest WHERE model = 'Qwen3.6 35B A3B (Reasoning)'")
    assert len(row) == 1
    license_name, restricted, openness, input_price, output_price, first_token, short_name = row[0]
    assert (license_name, restricted, openness, input_price, output_price, first_token) == (
        "Apache 2.0", False, 38.89, 0.248, 1.485, 2.251)
    assert short_name == "Qwen3.6 35B A3B"  # a key no column holds, reachable in SQL
    assert query(spanning, "SELECT count(*) FROM leaderboard_latest WHERE commercial_use_restricted "
                           "AND tier IN ('small', 'tiny')") == [(7,)]
    # Text renderings carry no record; the views say NULL, not an empty object.
    assert query(spanning, "SELECT count(*) FROM leaderboard_history WHERE index_version = '4.0' AND source_record IS NOT NULL") == [(0,)]


def _full_board_then_cut(tmp_path: Path, rows: int) -> tuple[Path, Path]:
    """A database holding the whole small board (captured 2026-08-01), and beside it a page of
    the same board cut to its first `rows` models."""
    db = tmp_path / "lb.duckdb"
    assert cli("ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db), "--captured-at", "2026-08-01T03:00:00Z").returncode == 0
    cut = tmp_path / "small-cut.html"
    cut.write_bytes(cut_board(rows))
    return db, cut


def test_a_shrunken_board_is_held_out_of_views_exports_and_the_copy_until_accepted(tmp_path: Path) -> None:
    db, cut = _full_board_then_cut(tmp_path, 30)
    done = cli("ingest", str(cut), "--db", str(db), "--captured-at", "2026-08-02T03:00:00Z")
    assert done.returncode == 1
    held = [line for line in done.stderr.splitlines() if line.startswith("error: held:")]
    assert len(held) == 1 and "30 models" in held[0] and "59" in held[0] and "accept 2" in held[0], done.stderr
    published = db.parent / "published" / db.name
    for path in (db, published):
        assert query(path, "SELECT count(*) FROM leaderboard_latest") == [(59,)], path
        assert query(path, "SELECT count(*) FROM leaderboard_changes") == [(0,)], path
    assert query(published, "SELECT count(*) FROM observations WHERE snapshot_id = 2") == [(0,)]
    status = json.loads(cli("status", "--db", str(db), "--format", "json").stdout)
    assert [(b["snapshot_id"], b["tier"], b["models"]) for b in status["held_boards"]] == [(2, "small", 30)]
    assert "HELD: small board of snapshot 2" in cli("status", "--db", str(db)).stdout
    exported = tmp_path / "export"
    assert cli("export", "--db", str(db), "--format", "csv", "--out", str(exported)).returncode == 0
    assert query(db, f"SELECT count(*) FROM read_csv('{exported / 'leaderboard_latest.csv'}')") == [(59,)]

    # A held board never blocks later snapshots: the next full night loads and publishes.
    nothing = cli("accept", "7", "--db", str(db))
    assert nothing.returncode == 1 and "snapshot 7 has no held board" in nothing.stderr
    accepted = cli("accept", "2", "--db", str(db))
    assert accepted.returncode == 0, accepted.stderr
    for path in (db, published):
        assert query(path, "SELECT count(*) FROM leaderboard_latest") == [(30,)], path
        assert query(path, "SELECT count(*) FROM leaderboard_changes WHERE change = 'left'") == [(29,)], path
    assert json.loads(cli("status", "--db", str(db), "--format", "json").stdout)["held_boards"] == []


def test_max_shrink_is_the_users_to_set(tmp_path: Path) -> None:
    db, cut = _full_board_then_cut(tmp_path, 45)  # a quarter fewer: under the default third
    assert cli("ingest", str(cut), "--db", str(db), "--captured-at", "2026-08-02T03:00:00Z").returncode == 0
    assert query(db, "SELECT count(*) FROM leaderboard_latest") == [(45,)]
    cut.write_bytes(cut_board(40))
    done = cli("ingest", str(cut), "--db", str(db), "--captured-at", "2026-08-03T03:00:00Z", "--max-shrink", "0.1")
    assert done.returncode == 1 and "held" in done.stderr
    bad = cli("ingest", str(cut), "--db", str(db), "--max-shrink", "0")
    assert bad.returncode == 2 and "--max-shrink" in bad.stderr


def test_the_flow_fails_and_its_artifact_lists_a_held_board(prefect_harness: None, tmp_path: Path) -> None:
    import asyncio

    from prefect.client.orchestration import get_client

    from pipeline.runs.flows import ingest_flow

    db = tmp_path / "lb.duckdb"
    cut = tmp_path / "small-cut.html"
    cut.write_bytes(cut_board(30))
    assert ingest_flow(paths=[str(FIXTURES / "small-board-table.html")], db=str(db),
                       captured_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC), return_state=True).is_completed()
    state = ingest_flow(paths=[str(cut)], db=str(db), captured_at=dt.datetime(2026, 8, 2, tzinfo=dt.UTC), return_state=True)
    assert state.is_failed() and "1 board(s) held back" in str(state.result(raise_on_failure=False))

    async def artifacts() -> list[Any]:
        async with get_client() as client:
            return await client.read_artifacts()

    held = [a.data for a in asyncio.run(artifacts()) if a.key == "ingest" and "## Boards held back" in a.data]
    assert len(held) == 1 and "small board of snapshot 2 has 30 models" in held[0]
    assert query(db, "SELECT count(*) FROM leaderboard_latest") == [(59,)]


def test_a_held_board_never_blocks_the_next_night(tmp_path: Path) -> None:
    db, cut = _full_board_then_cut(tmp_path, 30)
    assert cli("ingest", str(cut), "--db", str(db), "--captured-at", "2026-08-02T03:00:00Z").returncode == 1
    # The next night shows the whole board again: judged against the last board not held, it loads.
    done = cli("ingest", str(FIXTURES / "small-board-full.html"), "--db", str(db), "--captured-at", "2026-08-03T03:00:00Z")
    assert done.returncode == 0, done.stdout + done.stderr
    assert query(db, "SELECT DISTINCT snapshot_id, count(*) OVER () FROM leaderboard_latest") == [(3, 59)]
    assert query(db, "SELECT snapshot_id FROM held_boards WHERE accepted_at IS NULL") == [(2,)]
    assert query(db, "SELECT count(*) FROM leaderboard_changes WHERE change IN ('entered', 'left')") == [(0,)]


def test_a_held_board_is_reported_even_when_another_page_of_the_run_fails(tmp_path: Path) -> None:
    db, cut = _full_board_then_cut(tmp_path, 30)
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><body><p>nothing here</p></body></html>", encoding="utf-8")
    done = cli("ingest", str(broken), str(cut), "--db", str(db), "--captured-at", "2026-08-02T03:00:00Z")
    assert done.returncode == 1
    assert "FAILED" in done.stdout and any(line.startswith("error: held: small board") for line in done.stderr.splitlines()), done.stderr
