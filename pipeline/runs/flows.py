"""Prefect flows: the same per-page functions as the fast path, run as tasks.

Tasks are coarse (a page's capture, a page's processing, a batch of re-parsed pages) so
orchestration stays small next to parsing. Every task's state is read: a failed source
makes the flow FAILED after the other sources have finished.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .prefect_env import apply_defaults

apply_defaults()

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import State

from warehouse.db import open_warehouse
from warehouse.load import DEFAULT_MAX_SHRINK
from warehouse.queries import run_summary

from ..errors import PipelineError
from ..outputs.notify import Delivery, parse_targets
from ..outputs.tell import Telling
from ..sources.cdx import DEFAULT_CDX_ENDPOINT, DEFAULT_REPLAY_ENDPOINT, PAGE_LIMIT
from ..sources.fetch import DEFAULT_MAX_BYTES, DEFAULT_SOURCES, Fetcher, FetchPolicy
from . import backfill, jobs
from .runlock import run_lock
from .steps import PageOutcome, expand_paths, failed_outcome, loaded_snapshots


@task(name="capture-url", cache_policy=NO_CACHE)
def capture_url_task(settings: jobs.Settings, url: str, fetcher: Fetcher) -> jobs.Captured:
    return jobs.capture_url(settings, url, fetcher)


@task(name="capture-file", cache_policy=NO_CACHE)
def capture_file_task(settings: jobs.Settings, path: str, captured_at: dt.datetime | None) -> jobs.Captured:
    return jobs.capture_file(settings, Path(path), captured_at)


@task(name="process-page", cache_policy=NO_CACHE)
def process_task(settings: jobs.Settings, captured: jobs.Captured, tier: str | None) -> PageOutcome:
    return jobs.process(settings, captured, tier)


@task(name="reparse-batch", cache_policy=NO_CACHE)
def reparse_batch_task(settings: jobs.Settings, shas: list[str]) -> list[PageOutcome]:
    # The flow publishes once, after its last batch.
    return jobs.reparse_archive(settings, shas=shas, progress=lambda done, total: None, publish_copy=False)


def _outcome_of(state: State, source: str) -> PageOutcome | None:
    """The task's value, or a failed outcome carrying the task's exception."""
    value = state.result(raise_on_failure=False)
    if state.is_failed() or isinstance(value, BaseException):
        return failed_outcome(source, value)
    return None


def _run_pages(settings: jobs.Settings, sources: Sequence[str], capture: Any, tier: str | None = None) -> list[PageOutcome]:
    outcomes: list[PageOutcome] = []
    for source in sources:
        captured_state = capture(source)
        failed = _outcome_of(captured_state, source)
        if failed:
            outcomes.append(failed)
            continue
        processed_state = process_task(settings, captured_state.result(), tier, return_state=True)
        outcomes.append(_outcome_of(processed_state, source) or processed_state.result())
    return outcomes


def summary_markdown(title: str, outcomes: Sequence[PageOutcome], settings: jobs.Settings) -> str:
    lines = [f"# {title}", "", "| source | status | boards | rows | captured | note |", "|---|---|---|---|---|---|"]
    for o in outcomes:
        note = (o.error or (f"{len(o.warnings)} warning(s)" if o.warnings else "")).replace("|", "\\|")
        lines.append(f"| {o.source} | {o.status} | {'+'.join(o.tiers)} | {o.rows} | {o.captured_at or ''} | {note} |")
    loaded = loaded_snapshots(outcomes)
    if loaded and settings.db_path.exists():
        with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
            events = run_summary(con, loaded)
        moved = [e for e in events if e[1] in ("entered", "left")]
        changed = [e for e in events if e[1] == "changed"][:10]
        lines += ["", "## Entered and left", ""] + ([f"- {t}: **{m}** {c}" for t, c, m, *_ in moved] or ["- nobody"])
        lines += ["", "## Largest changes", ""]
        lines += [f"- {t}: {m} `{col}` {old} -> {new}" for t, _, m, col, old, new, _ in changed] or ["- none"]
    held = [f"- {reason}" for o in outcomes for reason in o.held]
    if held:
        lines += ["", "## Boards held back (run `aa-leaderboards accept` to release)", "", *held]
    warnings = [f"- {o.source}: {w}" for o in outcomes for w in o.warnings]
    if warnings:
        lines += ["", "## Warnings", "", *warnings[:50]]
    return "\n".join(lines)


def _telling() -> Telling:
    """Receivers come from AA_LEADERBOARDS_NOTIFY only, never from a parameter: Prefect stores a
    flow run's parameters on its server, and a receiver's URL carries its tokens."""
    return Telling(targets=tuple(parse_targets([])), on_delivery=_log_delivery)


def _log_delivery(delivery: Delivery) -> None:
    if not delivery.delivered:
        get_run_logger().warning("notification to %s not delivered (%s); its events stay pending for the next run",
                                 delivery.target.label, delivery.reason)
    elif delivery.reason:
        get_run_logger().warning("notification to %s: %s", delivery.target.label, delivery.reason)


def _finish(title: str, outcomes: list[PageOutcome], settings: jobs.Settings) -> list[dict[str, Any]]:
    create_markdown_artifact(markdown=summary_markdown(title, outcomes, settings), key=title.lower().replace(" ", "-"),
                             description=f"aa-leaderboards {title}")
    failed = [o for o in outcomes if o.failed]
    for o in failed:
        get_run_logger().error("%s: %s", o.source, o.error)
    held = [reason for o in outcomes for reason in o.held]
    for reason in held:
        get_run_logger().error("held: %s", reason)
    if failed or held:
        # Raised after every source has run, so the flow run ends FAILED, not COMPLETED.
        problems = [f"{len(failed)} of {len(outcomes)} page(s) failed"] if failed else []
        problems += [f"{len(held)} board(s) held back"] if held else []
        raise PipelineError("; ".join(problems) + ": " + "; ".join([str(o.error) for o in failed] + held))
    return [asdict(o) for o in outcomes]


@flow(name="refresh", log_prints=True)
def refresh_flow(urls: list[str] | None = None, db: str = "data/leaderboards.duckdb", archive: str | None = None,
                 lock_timeout_s: float = 30.0, max_shrink: float | None = DEFAULT_MAX_SHRINK,
                 connect_timeout_s: float = 10.0, read_timeout_s: float = 60.0,
                 attempts: int = 4, max_bytes: int = DEFAULT_MAX_BYTES, respect_robots: bool = True) -> list[dict[str, Any]]:
    """Nightly: fetch each board, archive the raw page, parse, validate, load."""
    settings = jobs.Settings.for_db(db, archive, lock_timeout_s, max_shrink)
    telling = _telling()
    fetcher = Fetcher(FetchPolicy(connect_timeout_s=connect_timeout_s, read_timeout_s=read_timeout_s, attempts=attempts,
                                  max_bytes=max_bytes, respect_robots=respect_robots))
    try:
        with run_lock(settings.db_path, "refresh flow", settings.lock_timeout_s):
            outcomes = _run_pages(settings, list(urls or DEFAULT_SOURCES.values()),
                                  lambda url: capture_url_task(settings, url, fetcher, return_state=True))
            jobs.end_run(settings, outcomes, telling)
    finally:
        fetcher.close()
    return _finish("refresh", outcomes, settings)


@flow(name="ingest", log_prints=True)
def ingest_flow(paths: list[str], db: str = "data/leaderboards.duckdb", archive: str | None = None,
                lock_timeout_s: float = 30.0, max_shrink: float | None = DEFAULT_MAX_SHRINK, tier: str | None = None,
                captured_at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Saved pages: archive, parse, validate, load."""
    settings = jobs.Settings.for_db(db, archive, lock_timeout_s, max_shrink)
    telling = _telling()
    files = [str(p) for p in expand_paths(paths)]
    with run_lock(settings.db_path, "ingest flow", settings.lock_timeout_s):
        outcomes = _run_pages(settings, files, lambda path: capture_file_task(settings, path, captured_at, return_state=True), tier)
        jobs.end_run(settings, outcomes, telling)
    return _finish("ingest", outcomes, settings)


@flow(name="reparse", log_prints=True)
def reparse_flow(db: str = "data/leaderboards.duckdb", archive: str | None = None, lock_timeout_s: float = 30.0,
                 max_shrink: float | None = DEFAULT_MAX_SHRINK,
                 force: bool = False) -> list[dict[str, Any]]:
    """Every archived page the current parser version has not read, in batches of pages."""
    settings = jobs.Settings.for_db(db, archive, lock_timeout_s, max_shrink)
    telling = _telling()
    outcomes: list[PageOutcome] = []
    with run_lock(settings.db_path, "reparse flow", settings.lock_timeout_s):
        todo = jobs.pages_to_reparse(settings, force=force)
        for start in range(0, len(todo), jobs.REPARSE_BATCH):
            batch = todo[start : start + jobs.REPARSE_BATCH]
            state = reparse_batch_task(settings, batch, return_state=True)
            failed = _outcome_of(state, f"archive batch {start // jobs.REPARSE_BATCH + 1}")
            outcomes += [failed] if failed else state.result()
        jobs.end_run(settings, outcomes, telling)
    return _finish("reparse", outcomes, settings)


@task(name="list-captures", cache_policy=NO_CACHE)
def plan_captures_task(settings: jobs.Settings, options: backfill.BackfillOptions, fetcher: Fetcher,
                       pacer: backfill.Pacer) -> backfill.BackfillReport:
    report = backfill.BackfillReport()
    backfill.plan(settings, options, fetcher, pacer, report)
    return report


@task(name="capture-web", cache_policy=NO_CACHE)
def capture_web_task(settings: jobs.Settings, planned: backfill.PlannedCapture, fetcher: Fetcher,
                     pacer: backfill.Pacer) -> jobs.Captured:
    return backfill.capture_web(settings, planned, fetcher, pacer)


@flow(name="backfill", log_prints=True)
def backfill_flow(urls: list[str] | None = None, since: dt.date | None = None, until: dt.date | None = None,
                  cdx_endpoint: str = DEFAULT_CDX_ENDPOINT, replay_endpoint: str = DEFAULT_REPLAY_ENDPOINT,
                  interval_s: float = 5.0, cdx_page_size: int = PAGE_LIMIT, db: str = "data/leaderboards.duckdb",
                  archive: str | None = None,
                  lock_timeout_s: float = 30.0, connect_timeout_s: float = 10.0, read_timeout_s: float = 60.0,
                  attempts: int = 4, max_bytes: int = DEFAULT_MAX_BYTES, respect_robots: bool = True,
                  max_shrink: float | None = DEFAULT_MAX_SHRINK) -> list[dict[str, Any]]:
    """History from a web archive: list each board's captures, fetch and archive the new ones, load them."""
    settings = jobs.Settings.for_db(db, archive, lock_timeout_s, max_shrink)
    options = backfill.BackfillOptions(urls=tuple(urls or DEFAULT_SOURCES.values()), since=since, until=until,
                                       cdx_endpoint=cdx_endpoint, replay_endpoint=replay_endpoint, interval_s=interval_s,
                                       page_limit=cdx_page_size)
    fetcher = Fetcher(FetchPolicy(connect_timeout_s=connect_timeout_s, read_timeout_s=read_timeout_s, attempts=attempts,
                                  max_bytes=max_bytes, respect_robots=respect_robots))
    pacer = backfill.Pacer(interval_s)
    telling = _telling()
    try:
        with run_lock(settings.db_path, "backfill flow", settings.lock_timeout_s):
            report = plan_captures_task(settings, options, fetcher, pacer)
            for note in report.notes:
                get_run_logger().warning(note)
            todo = {p.replay_url: p for p in report.planned if p.state == "to fetch"}
            outcomes = report.outcomes + _run_pages(
                settings, list(todo), lambda replay: capture_web_task(settings, todo[replay], fetcher, pacer, return_state=True))
            jobs.end_run(settings, outcomes, telling)
    finally:
        fetcher.close()
    return _finish("backfill", outcomes, settings)


def outcomes_from(result: list[dict[str, Any]]) -> list[PageOutcome]:
    fields = PageOutcome.__dataclass_fields__
    outcomes = []
    for item in result:
        values: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items() if k in fields}
        outcomes.append(PageOutcome(**values))
    return outcomes


def run_flow(flow_fn: Any, **parameters: Any) -> list[PageOutcome]:
    """Run a flow here and now (on the configured server, or Prefect's temporary one)."""
    state = flow_fn(**parameters, return_state=True)
    value = state.result(raise_on_failure=False)
    if state.is_failed() or isinstance(value, BaseException):
        raise PipelineError(f"flow {flow_fn.name} failed: {value}")
    return outcomes_from(value)
