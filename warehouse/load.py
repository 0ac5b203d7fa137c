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
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from parsers.contract import BoardValues, breaches
from parsers.rows import ModelRow, ParsedPage

from .errors import WarehouseError
from .identity import Identities
from .resources import sql_file
from .schema import refresh_derived
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
    batch = _Batch.read(con, items)
    for item in items:
        batch.take(item)
    batch.append_to(con)
    held = _hold_breaking(con, batch.new_boards, max_shrink)
    if batch.boards:
        refresh_derived(con)
    return [replace(r, held=tuple(held[r.snapshot_id])) if r.snapshot_id in held and r.status == "loaded" else r
            for r in batch.results]


@dataclass
class _Batch:
    """One transaction's worth of pages: what the warehouse already holds of them, and the rows
    and outcomes this batch adds, page by page."""

    known: dict[str, int]  # content sha256 -> snapshot id
    stored: dict[int, tuple[dt.datetime, str]]  # snapshot id -> (captured_at, its source)
    # Boards already read, per parser version, and boards present at all: a page loaded with
    # --tier has its other boards still to load when they are asked for.
    loaded_boards: set[tuple[int, str, str]]  # (snapshot, parser version, tier)
    present_boards: set[tuple[int, str]]  # (snapshot, tier)
    taken: dict[tuple[int, str], tuple[int, str, str]]  # (instant, tier) -> (snapshot, source, sha)
    next_snapshot: int
    next_run: int
    identities: Identities
    ingested_at: dt.datetime
    snapshots: list[tuple[Any, ...]] = field(default_factory=list)
    runs: list[tuple[Any, ...]] = field(default_factory=list)
    boards: list[tuple[Any, ...]] = field(default_factory=list)
    observations: list[tuple[Any, ...]] = field(default_factory=list)
    scores: list[tuple[Any, ...]] = field(default_factory=list)
    results: list[LoadResult] = field(default_factory=list)
    new_boards: list[tuple[int, str, int, dt.datetime]] = field(default_factory=list)  # to judge once loaded

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, items: list[PageLoad]) -> _Batch:
        """What the warehouse holds of these pages: their snapshots, boards read, the next ids,
        the model identities, and the boards already captured at the new pages' instants."""
        known: dict[str, int] = {}
        stored: dict[int, tuple[dt.datetime, str]] = {}
        loaded_boards: set[tuple[int, str, str]] = set()
        present_boards: set[tuple[int, str]] = set()
        shas = sorted({item.meta.content_sha256 for item in items})
        for sha, snapshot_id, read, captured_at, how in con.execute(sql_file("known_snapshots.sql"), {"shas": shas}).fetchall():
            known[sha] = snapshot_id
            stored[snapshot_id] = (captured_at, how)
            for entry in read or []:
                version, tier = entry.rsplit(" ", 1)
                loaded_boards.add((snapshot_id, version, tier))
                present_boards.add((snapshot_id, tier))
        next_snapshot, next_run = con.execute(sql_file("next_ids.sql")).fetchall()[0]
        instants = sorted({_instant_us(item.meta.captured_at) for item in items if item.meta.content_sha256 not in known})
        taken: dict[tuple[int, str], tuple[int, str, str]] = {}
        if instants:
            for instant, tier, other_id, other_source, other_sha in con.execute(sql_file("same_capture_time.sql"),
                                                                                 {"instants": instants}).fetchall():
                taken.setdefault((instant, tier), (other_id, other_source, other_sha))
        return cls(known, stored, loaded_boards, present_boards, taken, next_snapshot, next_run, Identities.read(con), _now())

    def take(self, item: PageLoad) -> None:
        """A page: refused (no page, or another page of its boards at its instant), unchanged
        (every board already read by this parser version), or loaded."""
        meta, finished = item.meta, _now()
        if item.page is None:
            self._failed(item, finished, [], item.error or "unknown error", self.known.get(meta.content_sha256), item.error)
            return
        page = item.page
        snapshot_id = self.known.get(meta.content_sha256)
        new_snapshot = snapshot_id is None
        clash = _same_instant(self.taken, meta, page.tiers) if new_snapshot else None
        if clash is not None:
            self._failed(item, finished, list(page.warnings), clash, None, clash)
            return
        if snapshot_id is None:
            snapshot_id = self._new_snapshot(item, page)
        todo = [tier for tier in page.tiers if (snapshot_id, item.parser_version, tier) not in self.loaded_boards]
        when, how = self.stored.get(snapshot_id, (None, None))  # none for a new snapshot
        if not todo:
            self.results.append(LoadResult(meta.content_sha256, meta.source, "unchanged", snapshot_id, 0, False,
                                           stored_captured_at=when, stored_capture_time_source=how))
            return
        rows = self._add_boards(item, page, snapshot_id, todo)
        self.runs.append(_run(self._run_id(), snapshot_id, item, finished, "ok", todo, rows, list(page.warnings), None))
        self.results.append(LoadResult(meta.content_sha256, meta.source, "loaded", snapshot_id, rows, new_snapshot,
                                       stored_captured_at=when, stored_capture_time_source=how))

    def _run_id(self) -> int:
        self.next_run += 1
        return self.next_run - 1

    def _failed(self, item: PageLoad, finished: dt.datetime, warnings: list[str], error: str, snapshot_id: int | None,
                said: str | None) -> None:
        """A refused page: its parse run records `error`; its outcome says `said`."""
        self.runs.append(_run(self._run_id(), None, item, finished, "failed", [], 0, warnings, error))
        self.results.append(LoadResult(item.meta.content_sha256, item.meta.source, "failed", snapshot_id, 0, False, said))

    def _new_snapshot(self, item: PageLoad, page: ParsedPage) -> int:
        meta = item.meta
        snapshot_id = self.next_snapshot
        self.next_snapshot += 1
        self.known[meta.content_sha256] = snapshot_id
        for tier in page.tiers:
            self.taken.setdefault((_instant_us(meta.captured_at), tier), (snapshot_id, meta.source, meta.content_sha256))
        self.snapshots.append(_by_name(SNAPSHOT_COLUMNS, {
            "snapshot_id": snapshot_id, "content_sha256": meta.content_sha256, "tiers": list(page.tiers), "source": meta.source,
            "format": page.format, "captured_at": meta.captured_at, "capture_time_source": meta.capture_time_source,
            "ingested_at": self.ingested_at, "bytes": meta.bytes, "archive_path": meta.archive_path}))
        return snapshot_id

    def _add_boards(self, item: PageLoad, page: ParsedPage, snapshot_id: int, todo: list[str]) -> int:
        """The boards `todo` of the page, their observations and scores; how many rows."""
        self.loaded_boards.update((snapshot_id, item.parser_version, tier) for tier in todo)
        rows = tuple(row for tier in todo for row in page.boards[tier])
        keys = [key for tier in todo for key in self.identities.keys_for(page.boards[tier], snapshot_id)]
        for tier in todo:
            carried = page.carried_fields.get(tier)
            self.boards.append(_by_name(BOARD_COLUMNS, {
                "snapshot_id": snapshot_id, "parser_version": item.parser_version, "tier": tier,
                "row_count": len(page.boards[tier]), "index_version": page.index_version,
                "index_evaluations": list(page.index_evaluations) or None,
                "carried_fields": sorted(carried | {"model"}) if carried is not None else None}))
            if (snapshot_id, tier) not in self.present_boards:
                self.present_boards.add((snapshot_id, tier))
                self.new_boards.append((snapshot_id, tier, len(page.boards[tier]), item.meta.captured_at))
        # Hundreds of thousands of rows in a bulk load: the loop reads locals only.
        observations, scores, version = self.observations, self.scores, item.parser_version
        for row, key in zip(rows, keys, strict=True):
            observations.append(_observation(row, snapshot_id, version, key))
            # (snapshot_id, parser_version, model_key, evaluation, score): SCORE_COLUMNS' order.
            scores += [(snapshot_id, version, key, evaluation, score) for evaluation, score in row.evaluations.items()]
        return len(rows)

    def append_to(self, con: duckdb.DuckDBPyConnection) -> None:
        _append(con, "snapshots", SNAPSHOT_COLUMNS, self.snapshots)
        _append(con, "parse_runs", PARSE_RUN_COLUMNS, self.runs)
        _append(con, "boards", BOARD_COLUMNS, self.boards)
        _append(con, "observations", _OBSERVATION_LOAD_COLUMNS, self.observations)
        _append(con, "evaluation_scores", SCORE_COLUMNS, self.scores)
        _record_identities(con, self.identities)


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
