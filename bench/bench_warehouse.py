"""Warehouse benchmark: loading ten years of nightly snapshots, and the analyst views on them.

1. Load 3,650 snapshots of 100 rows with the project's bulk loader (the one `reparse` uses;
   a transaction per ~300k rows, never splitting a snapshot) against a floor measured in the
   same run: DuckDB's own appender writing the same rows into the same tables. Target: at most 2x.
2. Query leaderboard_latest, leaderboard_as_of(...) and model_versions on one year and on ten
   years of history. Targets: ten years at most 2x one year for the first two, 12x for
   model_versions.
3. Record a night's events (what every run does after loading) after one year and after ten
   years of history. Target: ten years at most 2x one year: a night costs what it changed, not
   the whole history. Prints the ratios; not a test.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from parsers.rows import FrozenMap, ModelRow, ParsedPage
from warehouse.db import open_warehouse
from warehouse.events import record_events
from warehouse.load import (
    BOARD_COLUMNS,
    BULK_ROWS,
    OBSERVATION_COLUMNS,
    PageLoad,
    SnapshotMeta,
    batches_by_rows,
    load_pages,
    rows_of,
)

DAYS = 3650
ROWS = 100
START = dt.datetime(2026, 1, 1, 3, 0, tzinfo=dt.UTC)


def synthetic_history(days: int) -> list[PageLoad]:
    """A board of 100 models drifting night by night: entries, exits, price and score moves."""
    rng = random.Random(42)
    pool = [f"Model {i} ({'Reasoning' if i % 3 else 'Non-reasoning'})" for i in range(400)]
    board = pool[:ROWS]
    waiting = pool[ROWS:]
    values = {name: [rng.uniform(5, 60), round(rng.uniform(0.05, 3), 2), rng.uniform(20, 400)] for name in pool}
    loads = []
    for day in range(days):
        if rng.random() < 0.1:  # a model leaves, another enters
            leaving = board.pop(rng.randrange(len(board)))
            waiting.append(leaving)
            board.append(waiting.pop(0))
        for name in board:
            if rng.random() < 0.02:
                values[name][1] = round(max(0.01, values[name][1] * rng.uniform(0.7, 1.2)), 2)
            if rng.random() < 0.01:
                values[name][0] = min(99.0, values[name][0] + rng.uniform(-1, 1))
        ordered = sorted(board, key=lambda n: -values[n][0])
        rows = tuple(
            ModelRow(tier="small", rank=rank, model=name, variant=name.split("(")[1][:-1], model_key=name.lower().replace(" ", "-").replace("(", "").replace(")", ""),
                     slug=None, creator="Lab", intelligence_index=values[name][0], intelligence_is_estimate=False,
                     total_params_b=30.0, active_params_b=3.0, is_moe=True, context_window_tokens=262144,
                     blended_price_usd_per_1m=values[name][1], output_tokens_per_s=values[name][2], open_weights=True,
                     weights_url=None, providers=("A", "B"), providers_more=3, provider_count=5, release_date=None,
                     value_source="payload", evaluations=FrozenMap({"gpqa": 0.5}))
            for rank, name in enumerate(ordered, start=1)
        )
        page = ParsedPage(source="bench", format="html", boards=FrozenMap({"small": rows}), strategies=("payload",), warnings=())
        meta = SnapshotMeta(content_sha256=f"{day:064x}", source="bench", captured_at=START + dt.timedelta(days=day),
                            capture_time_source="fetch", bytes=3_000_000, archive_path=None)
        loads.append(PageLoad(meta=meta, parser_version="1.0.0", started_at=meta.captured_at, page=page))
    return loads


def load_with_project(db: Path, loads: list[PageLoad]) -> float:
    with open_warehouse(db) as con:
        start = time.perf_counter()
        for batch in batches_by_rows(loads, rows_of):
            load_pages(con, batch)
        return time.perf_counter() - start


def load_with_appender(db: Path, loads: list[PageLoad]) -> float:
    """The floor: the same rows, already as tuples, appended straight into the same tables."""
    snapshots, boards, observations, scores = [], [], [], []
    for n, load in enumerate(loads, start=1):
        m = load.meta
        assert load.page is not None
        snapshots.append((n, m.content_sha256, ["small"], m.source, "html", m.captured_at, m.capture_time_source, m.captured_at, m.bytes, None))
        boards.append((n, load.parser_version, "small", ROWS, None, None, None))
        for r in load.page.rows:
            observations.append((n, load.parser_version, r.tier, r.rank, r.model, r.variant, r.model_key, r.slug, r.creator,
                                 r.intelligence_index, r.intelligence_is_estimate, r.total_params_b, r.active_params_b, r.is_moe,
                                 r.context_window_tokens, r.blended_price_usd_per_1m, r.output_tokens_per_s, r.open_weights,
                                 r.weights_url, list(r.providers or ()), r.providers_more, r.provider_count, None, r.value_source,
                                 r.license_name, r.commercial_use_restricted, r.openness_index, r.input_price_usd_per_1m,
                                 r.output_price_usd_per_1m, r.time_to_first_token_s, r.source_record, r.record_id))
            scores.append((n, load.parser_version, r.model_key, "gpqa", 0.5))
    with open_warehouse(db) as con:
        start = time.perf_counter()
        for table, columns, rows in (("snapshots", None, snapshots), ("boards", list(BOARD_COLUMNS), boards),
                                     ("observations", list(OBSERVATION_COLUMNS), observations), ("evaluation_scores", None, scores)):
            with con.appender(table, columns=columns) as appender:
                appender.append_rows(rows)
        return time.perf_counter() - start


def time_night_events(db: Path, night: PageLoad) -> float:
    """Load one more night, then time the recording of its events."""
    load_with_project(db, [night])
    with open_warehouse(db) as con:
        newest = con.execute("SELECT max(snapshot_id) FROM snapshots").fetchall()[0][0]
        start = time.perf_counter()
        record_events(con, [newest], [], dt.datetime.now(dt.UTC))
        return time.perf_counter() - start


def time_query(db: Path, sql: str, repeats: int = 5) -> float:
    with open_warehouse(db, read_only=True) as con:
        con.execute(sql).fetchall()
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            con.execute(sql).fetchall()
            best = min(best, time.perf_counter() - start)
        return best


def main() -> int:
    history = synthetic_history(DAYS + 1)  # the last night, to record after ten years
    loads = history[:DAYS]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Alternate the two and keep the best of each, so a busy moment does not decide the ratio.
        floor = min(load_with_appender(folder / f"floor-{n}.duckdb", loads) for n in range(2))
        ours = min(load_with_project(folder / name, loads) for name in ("ten.duckdb", "ten-again.duckdb"))
        print(f"load {DAYS} snapshots x {ROWS} rows (best of 2): appender floor {floor:.2f}s, project loader {ours:.2f}s "
              f"(bulk load, {BULK_ROWS:,} rows a transaction) -> ratio {ours / floor:.2f}x (target <= 2x) {'OK' if ours / floor <= 2 else 'OVER TARGET'}")
        load_with_project(folder / "one.duckdb", loads[:365])
        mid = (START + dt.timedelta(days=200)).isoformat()
        queries = {
            "leaderboard_latest": ("SELECT * FROM leaderboard_latest", 2.0),
            "leaderboard_as_of": (f"SELECT * FROM leaderboard_as_of(TIMESTAMPTZ '{mid}')", 2.0),
            "model_versions": ("SELECT * FROM model_versions", 12.0),
        }
        for name, (sql, target) in queries.items():
            one, ten = time_query(folder / "one.duckdb", sql), time_query(folder / "ten.duckdb", sql)
            ratio = ten / one
            print(f"{name:<20} one year {one * 1000:7.1f} ms, ten years {ten * 1000:7.1f} ms -> {ratio:.2f}x "
                  f"(target <= {target:g}x) {'OK' if ratio <= target else 'OVER TARGET'}")
        one, ten = time_night_events(folder / "one.duckdb", history[365]), time_night_events(folder / "ten.duckdb", history[DAYS])
        ratio = ten / one
        print(f"{'a night' + chr(39) + 's events':<20} one year {one * 1000:7.1f} ms, ten years {ten * 1000:7.1f} ms -> {ratio:.2f}x "
              f"(target <= 2x) {'OK' if ratio <= 2 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
