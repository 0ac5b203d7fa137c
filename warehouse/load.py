"""Load parsed pages: each batch is one transaction, appended with DuckDB's appender.

A batch is usually one page (an ingest or a nightly refresh); backfills and re-parses pass
many pages at once, because a transaction per page costs more than the rows themselves.
Either way a snapshot is never split across transactions, so readers never see half of one.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from parsers.contract import BoardValues, breaches
from parsers.rows import ModelRow, ParsedPage

from .errors import WarehouseError
from .identity import Identities
from .resources import sql_file
from .transaction import atomic

T = TypeVar("T")

OBSERVATION_COLUMNS: tuple[str, ...] = (
    "snapshot_id", "parser_version", "tier", "rank", "model", "variant", "model_key", "slug", "creator",
    "intelligence_index", "intelligence_is_estimate", "total_params_b", "active_params_b", "is_moe",
    "context_window_tokens", "blended_price_usd_per_1m", "output_tokens_per_s", "open_weights", "weights_url",
    "providers", "providers_more", "provider_count", "release_date", "value_source",
    "license_name", "commercial_use_restricted", "openness_index", "input_price_usd_per_1m", "output_price_usd_per_1m",
    "time_to_first_token_s", "source_record", "record_id",
)
SNAPSHOT_COLUMNS: tuple[str, ...] = ("snapshot_id", "content_sha256", "tiers", "source", "format", "captured_at",
                                     "capture_time_source", "ingested_at", "bytes", "archive_path")
PARSE_RUN_COLUMNS: tuple[str, ...] = ("run_id", "snapshot_id", "content_sha256", "source", "parser_version", "started_at",
                                      "finished_at", "status", "boards", "rows_loaded", "warnings", "error")
SCORE_COLUMNS: tuple[str, ...] = ("snapshot_id", "parser_version", "model_key", "evaluation", "score")
BOARD_COLUMNS: tuple[str, ...] = ("snapshot_id", "parser_version", "tier", "row_count", "index_version", "index_evaluations",
                                  "carried_fields")
# A board with at least this share fewer models than its previous snapshot is held back (a
# half-rendered page, a "show more" cut), not published as models leaving. Its other checks
# against that snapshot are parsers.contract's.
DEFAULT_MAX_SHRINK = 0.33


@dataclass(frozen=True)
class SnapshotMeta:
    """What the archive knows of a page, independent of any parse."""

    content_sha256: str
    source: str
    captured_at: dt.datetime
    capture_time_source: str
    bytes: int
    archive_path: str | None


@dataclass(frozen=True)
class PageLoad:
    """One page's parse outcome, ready to load: a page, or the error that refused it."""

    meta: SnapshotMeta
    parser_version: str
    started_at: dt.datetime
    page: ParsedPage | None = None
    error: str | None = None


@dataclass(frozen=True)
class LoadResult:
    content_sha256: str
    source: str
    status: str  # 'loaded' | 'unchanged' | 'failed'
    snapshot_id: int | None
    rows: int
    new_snapshot: bool
    error: str | None = None
    held: tuple[str, ...] = ()  # why each of its boards was held back, if any was
    # For content loaded before: the capture time the warehouse keeps for it, whatever this run said.
    stored_captured_at: dt.datetime | None = None
    stored_capture_time_source: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _space_note(db_label: str, exc: BaseException) -> str:
    if "space" not in str(exc).lower():
        return ""
    try:
        free = shutil.disk_usage(Path(db_label).resolve().parent).free
    except OSError:
        return ""
    return f"; {free / 1024 / 1024:.1f} MB free"


def _append(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows appended to the named `columns` of `table` (the appender matches them by name)."""
    if rows:
        with con.appender(table, columns=list(columns)) as appender:
            appender.append_rows(rows)


def _by_name(columns: Sequence[str], values: dict[str, Any]) -> tuple[Any, ...]:
    """A row given by column name, as the tuple `columns` orders (a row naming another set of
    columns is a mistake here, not a value to guess)."""
    if values.keys() != set(columns):
        raise ValueError(f"a row names {sorted(values.keys() ^ set(columns))} unlike the columns loaded")
    return tuple(values[column] for column in columns)


# Rows per transaction for bulk loads (backfills, re-parses). A commit costs in proportion to
# what goes through the WAL; past a row group (122,880 rows) DuckDB writes appended data
# straight to the file, so bulk transactions are sized in rows, not pages. Measured here with
# ten years of nightly snapshots: 365-snapshot batches load in 5.0 s, 1,500-snapshot ones in 4.1 s.
BULK_ROWS = 300_000


def rows_of(item: PageLoad) -> int:
    """Rows a page adds (observations and evaluation scores), with every 256 bytes of source
    records counted as a row: a batch is bounded in memory, not in rows alone."""
    if item.page is None:
        return 1
    return sum(1 + len(row.evaluations) + len(row.source_record or "") // 256 for row in item.page.rows)


def batches_by_rows(items: Iterable[T], size_of: Callable[[T], int], max_rows: int = BULK_ROWS) -> Iterator[list[T]]:
    """Consecutive batches of `items` holding about `max_rows` rows each (never an empty batch)."""
    batch: list[T] = []
    rows = 0
    for item in items:
        batch.append(item)
        rows += size_of(item)
        if rows >= max_rows:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A batch builds hundreds of thousands of row tuples, none of them in a reference cycle,
    while the cyclic collector would walk every live object again and again: more than half of
    the batch's Python time (ten years of nightly boards: 2.6 s of tuples, 1.0 s without it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# What DuckDB says of a value it cannot hold (a figure past BIGINT, a date out of range): the
# page's fault, not the warehouse's, so that page alone is refused.
_VALUE_ERRORS = (duckdb.ConversionException, duckdb.OutOfRangeException, duckdb.InvalidInputException,
                 duckdb.TypeMismatchException)


def load_pages(con: duckdb.DuckDBPyConnection, items: Iterable[PageLoad], *, db_label: str = "warehouse",
               max_shrink: float | None = DEFAULT_MAX_SHRINK) -> list[LoadResult]:
    """Load a batch in one transaction; on any failure nothing of the batch is kept. A page with a
    value the warehouse cannot hold is refused alone: the batch is loaded again a page a
    transaction, and that page recorded as a failed parse run with the reason."""
    items = list(items)
    try:
        return _load_batch(con, items, db_label, max_shrink)
    except WarehouseError as exc:
        if not isinstance(exc.__cause__, _VALUE_ERRORS):
            raise
        if len(items) == 1:
            refused = replace(items[0], page=None, error=f"{items[0].meta.source}: the warehouse cannot hold a value of "
                                                         f"this page ({exc.__cause__}); refused")
            return _load_batch(con, [refused], db_label, max_shrink)
    results: list[LoadResult] = []
    for item in items:
        results += load_pages(con, [item], db_label=db_label, max_shrink=max_shrink)
    return results


def _load_batch(con: duckdb.DuckDBPyConnection, items: list[PageLoad], db_label: str,
                max_shrink: float | None) -> list[LoadResult]:
    if not items:
        return []
    def failed(exc: duckdb.Error) -> WarehouseError:
        return WarehouseError(f"{db_label}: load failed and was rolled back, the database is unchanged "
                              f"({exc}){_space_note(db_label, exc)}")

    with atomic(con, failed), _collector_paused():
        return _load(con, items, max_shrink)


def _load(con: duckdb.DuckDBPyConnection, items: list[PageLoad], max_shrink: float | None) -> list[LoadResult]:
    shas = sorted({item.meta.content_sha256 for item in items})
    known: dict[str, int] = {}
    stored: dict[int, tuple[dt.datetime, str]] = {}
    # Boards already read, per parser version, and boards present at all: a page loaded with
    # --tier has its other boards still to load when they are asked for.
    loaded_boards: set[tuple[int, str, str]] = set()  # (snapshot, parser version, tier)
    present_boards: set[tuple[int, str]] = set()  # (snapshot, tier)
    for sha, snapshot_id, read, captured_at, how in con.execute(sql_file("known_snapshots.sql"), {"shas": shas}).fetchall():
        known[sha] = snapshot_id
        stored[snapshot_id] = (captured_at, how)
        for entry in read or []:
            version, tier = entry.rsplit(" ", 1)
            loaded_boards.add((snapshot_id, version, tier))
            present_boards.add((snapshot_id, tier))
    next_snapshot, next_run = con.execute(sql_file("next_ids.sql")).fetchall()[0]
    identities = Identities.read(con)
    ingested_at = _now()
    instants = sorted({_instant_us(item.meta.captured_at) for item in items if item.meta.content_sha256 not in known})
    taken: dict[tuple[int, str], tuple[int, str, str]] = {}  # (instant, tier) -> (snapshot, source, sha)
    if instants:
        for instant, tier, other_id, other_source, other_sha in con.execute(sql_file("same_capture_time.sql"),
                                                                             {"instants": instants}).fetchall():
            taken.setdefault((instant, tier), (other_id, other_source, other_sha))

    snapshots: list[tuple[Any, ...]] = []
    runs: list[tuple[Any, ...]] = []
    boards: list[tuple[Any, ...]] = []
    observations: list[tuple[Any, ...]] = []
    scores: list[tuple[Any, ...]] = []
    results: list[LoadResult] = []
    new_boards: list[tuple[int, str, int, dt.datetime]] = []  # boards not there before, to judge once loaded

    for item in items:
        meta = item.meta
        finished = _now()
        if item.page is None:
            runs.append(_run(next_run, None, item, finished, "failed", [], 0, [], item.error or "unknown error"))
            next_run += 1
            results.append(LoadResult(meta.content_sha256, meta.source, "failed", known.get(meta.content_sha256), 0, False, item.error))
            continue
        page = item.page
        snapshot_id = known.get(meta.content_sha256)
        new_snapshot = snapshot_id is None
        clash = _same_instant(taken, meta, page.tiers) if new_snapshot else None
        if clash is not None:
            runs.append(_run(next_run, None, item, finished, "failed", [], 0, list(page.warnings), clash))
            next_run += 1
            results.append(LoadResult(meta.content_sha256, meta.source, "failed", None, 0, False, clash))
            continue
        if new_snapshot:
            snapshot_id = next_snapshot
            next_snapshot += 1
            known[meta.content_sha256] = snapshot_id
            for tier in page.tiers:
                taken.setdefault((_instant_us(meta.captured_at), tier), (snapshot_id, meta.source, meta.content_sha256))
            snapshots.append(_by_name(SNAPSHOT_COLUMNS, {"snapshot_id": snapshot_id, "content_sha256": meta.content_sha256, "tiers": list(page.tiers),
                              "source": meta.source, "format": page.format, "captured_at": meta.captured_at,
                              "capture_time_source": meta.capture_time_source, "ingested_at": ingested_at,
                              "bytes": meta.bytes, "archive_path": meta.archive_path}))
        todo = [tier for tier in page.tiers if (snapshot_id, item.parser_version, tier) not in loaded_boards]
        if not todo:
            when, how = stored.get(snapshot_id, (None, None))
            results.append(LoadResult(meta.content_sha256, meta.source, "unchanged", snapshot_id, 0, False,
                                      stored_captured_at=when, stored_capture_time_source=how))
            continue
        loaded_boards.update((snapshot_id, item.parser_version, tier) for tier in todo)
        rows = tuple(row for tier in todo for row in page.boards[tier])
        keys = [key for tier in todo for key in identities.keys_for(page.boards[tier], snapshot_id)]
        for tier in todo:
            carried = page.carried_fields.get(tier)
            boards.append(_by_name(BOARD_COLUMNS, {"snapshot_id": snapshot_id, "parser_version": item.parser_version, "tier": tier,
                           "row_count": len(page.boards[tier]), "index_version": page.index_version,
                           "index_evaluations": list(page.index_evaluations) or None,
                           "carried_fields": sorted(carried | {"model"}) if carried is not None else None}))
            if (snapshot_id, tier) not in present_boards:
                present_boards.add((snapshot_id, tier))
                new_boards.append((snapshot_id, tier, len(page.boards[tier]), meta.captured_at))
        for row, key in zip(rows, keys, strict=True):
            observations.append(_observation(row, snapshot_id, item.parser_version, key))
            # (snapshot_id, parser_version, model_key, evaluation, score): SCORE_COLUMNS' order.
            scores += [(snapshot_id, item.parser_version, key, evaluation, score) for evaluation, score in row.evaluations.items()]
        runs.append(_run(next_run, snapshot_id, item, finished, "ok", todo, len(rows), list(page.warnings), None))
        next_run += 1
        when, how = stored.get(snapshot_id, (None, None))  # none for a new snapshot
        results.append(LoadResult(meta.content_sha256, meta.source, "loaded", snapshot_id, len(rows), new_snapshot,
                                  stored_captured_at=when, stored_capture_time_source=how))

    _append(con, "snapshots", SNAPSHOT_COLUMNS, snapshots)
    _append(con, "parse_runs", PARSE_RUN_COLUMNS, runs)
    _append(con, "boards", BOARD_COLUMNS, boards)
    _append(con, "observations", _OBSERVATION_LOAD_COLUMNS, observations)
    _append(con, "evaluation_scores", SCORE_COLUMNS, scores)
    _record_identities(con, identities)
    held = _hold_breaking(con, new_boards, max_shrink)
    results = [replace(r, held=tuple(held[r.snapshot_id])) if r.snapshot_id in held and r.status == "loaded" else r
               for r in results]
    return results


# An observation's columns: those it takes from its parsed row under the same name (read by
# name, attrgetter's way: bulk loads append hundreds of thousands of rows), then the rest.
_ROW_FIELDS: tuple[str, ...] = tuple(c for c in OBSERVATION_COLUMNS
                                     if c not in ("snapshot_id", "parser_version", "model_key", "providers", "release_date"))
_OBSERVATION_LOAD_COLUMNS: tuple[str, ...] = ("snapshot_id", "parser_version", "model_key", "providers", "release_date",
                                              *_ROW_FIELDS)
_row_fields = attrgetter(*_ROW_FIELDS)


def _observation(row: ModelRow, snapshot_id: int, parser_version: str, key: str) -> tuple[Any, ...]:
    """The row's values in _OBSERVATION_LOAD_COLUMNS' order."""
    return (snapshot_id, parser_version, key, list(row.providers) if row.providers is not None else None,
            _date(row.release_date), *_row_fields(row))


def _run(run_id: int, snapshot_id: int | None, item: PageLoad, finished: dt.datetime, status: str, boards: list[str],
         rows: int, warnings: list[str], error: str | None) -> tuple[Any, ...]:
    return _by_name(PARSE_RUN_COLUMNS, {
        "run_id": run_id, "snapshot_id": snapshot_id, "content_sha256": item.meta.content_sha256, "source": item.meta.source,
        "parser_version": item.parser_version, "started_at": item.started_at, "finished_at": finished, "status": status,
        "boards": boards, "rows_loaded": rows, "warnings": warnings, "error": error})


def _record_identities(con: duckdb.DuckDBPyConnection, identities: Identities) -> None:
    latest = {(kind, value): (key, snapshot_id) for kind, value, key, snapshot_id in identities.pending}
    if latest:
        kinds, values = zip(*latest, strict=True)
        keys, snapshot_ids = zip(*latest.values(), strict=True)
        con.execute(sql_file("record_identities.sql"), {"kinds": list(kinds), "identity_values": list(values),
                                                         "model_keys": list(keys), "snapshot_ids": list(snapshot_ids)})


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _instant_us(when: dt.datetime) -> int:
    return (when - _EPOCH) // dt.timedelta(microseconds=1)


def _same_instant(taken: dict[tuple[int, str], tuple[int, str, str]], meta: SnapshotMeta, tiers: Sequence[str]) -> str | None:
    """Why a new page cannot be loaded at its capture time: another page of one of its boards
    was captured at the very same instant (None: it can)."""
    instant = _instant_us(meta.captured_at)
    for tier in tiers:
        other = taken.get((instant, tier))
        if other is not None and other[2] != meta.content_sha256:
            return (f"{meta.source}: the {tier} board already has snapshot {other[0]} captured at the same instant "
                    f"({meta.captured_at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC, from {other[1]}); two pages of one board "
                    "at one capture time would make the latest board depend on load order: refused (give this page its "
                    "own --captured-at)")
    return None


def _hold_breaking(con: duckdb.DuckDBPyConnection, boards: list[tuple[int, str, int, dt.datetime]],
                   max_shrink: float | None) -> dict[int, list[str]]:
    """Hold back each new board that breaks its contract (parsers.contract) with the board's
    previous snapshot in capture order (held boards aside: one never blocks later ones), or that
    has at least `max_shrink` fewer models than it (None: any size).

    Two queries read every board's size and the values of the boards to compare; the walk in
    capture order is done here, so a batch of thousands of snapshots (a backfill, a re-parse
    into a new file) costs two queries, not two each.
    """
    if not boards:
        return {}
    new = {(snapshot_id, tier) for snapshot_id, tier, _, _ in boards}
    tiers = sorted({tier for _, tier, _, _ in boards})
    sizes = con.execute(sql_file("board_sizes.sql"), {"tiers": tiers}).fetchall()
    values = _board_values(con, _compared(sizes, new), tiers)
    last_shown: dict[str, BoardValues] = {}  # tier -> the latest board not held
    last_seen: dict[str, tuple[int, dt.datetime]] = {}  # tier -> its row count and capture time
    held: dict[int, list[str]] = {}
    for snapshot_id, tier, count, captured_at, is_held, index_version, carried in sizes:  # captured_at: naive, UTC
        board = BoardValues(snapshot_id, tier, index_version, frozenset(carried) if carried is not None else None,
                            values.get((snapshot_id, tier), {}))
        previous = last_shown.get(tier)
        if (snapshot_id, tier) in new:
            found = []
            if previous is not None:
                previous_count, previous_at = last_seen[tier]
                if max_shrink is not None and previous_count and count <= previous_count * (1 - max_shrink):
                    found.append(f"has {count} models, {1 - count / previous_count:.0%} fewer than the {previous_count} of "
                                 f"snapshot {previous.snapshot_id} (captured {previous_at:%Y-%m-%d %H:%M} UTC)")
            broken = breaches(board, previous)
            if broken:
                found.append(f"breaks its contract: {'; '.join(broken)}")
            if found:
                reason = (f"{tier} board of snapshot {snapshot_id} {'; '.join(found)}: held back from the views and "
                          f"the published copy; if the page really says so, run "
                          f"`aa-leaderboards accept {snapshot_id} --tier {tier}`")
                con.execute(sql_file("hold_board.sql"), {"snapshot_id": snapshot_id, "tier": tier, "reason": reason,
                                                         "held_at": _now()})
                held.setdefault(snapshot_id, []).append(reason)
                is_held = True
        if not is_held:
            last_shown[tier] = board
            last_seen[tier] = (count, captured_at)
    return held


def _compared(sizes: list[tuple], new: set[tuple[int, str]]) -> set[int]:
    """The snapshots whose values the walk may compare: the new boards, and for each the latest
    board before it that is shown (a new board held in the walk leaves the one before it)."""
    wanted: set[int] = set()
    last_shown: dict[str, int] = {}
    for snapshot_id, tier, _, _, is_held, _, _ in sizes:
        if (snapshot_id, tier) in new:
            wanted.add(snapshot_id)
            if tier in last_shown:
                wanted.add(last_shown[tier])
        elif not is_held:
            last_shown[tier] = snapshot_id
    return wanted


def _board_values(con: duckdb.DuckDBPyConnection, snapshots: set[int],
                  tiers: list[str]) -> dict[tuple[int, str], dict[str, dict[str, object]]]:
    """(snapshot, tier) -> model key -> the values the contract looks at."""
    if not snapshots:
        return {}
    cursor = con.execute(sql_file("board_values.sql"), {"snapshots": sorted(snapshots), "tiers": tiers})
    names = [column[0] for column in cursor.description]
    boards: dict[tuple[int, str], dict[str, dict[str, object]]] = {}
    for row in cursor.fetchall():
        values = dict(zip(names, row, strict=True))
        boards.setdefault((values["snapshot_id"], values["tier"]), {})[values["model_key"]] = values
    return boards
