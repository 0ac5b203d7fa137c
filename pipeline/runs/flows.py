"""Prefect flows: the jobs of pipeline.runs.jobs with each step a Prefect task (a thin wrapper, not a second copy).

A flow turns its parameters into the job's settings and runs the job with `prefect_step`, which
makes each step (a page's capture, a page's processing, a batch of re-parsed pages, the
backfill's plan) a task of the flow run. Then it leaves a summary artifact and, when a page
failed or a board was held back, ends FAILED after every source has run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any, TypeVar

from .prefect_env import apply_defaults

apply_defaults()

from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from parsers import ParseError
from warehouse.db import DEFAULT_LOCK_TIMEOUT_S
from warehouse.errors import WarehouseError
from warehouse.load import DEFAULT_MAX_SHRINK
from warehouse.queries import run_summary

from ..errors import PipelineError
from ..outputs.display import markdown_text
from ..outputs.notify import Delivery, parse_targets
from ..outputs.receivers import Notifications
from ..settings import Settings, default_db
from ..sources.cdx import DEFAULT_CDX_ENDPOINT, DEFAULT_REPLAY_ENDPOINT, PAGE_LIMIT
from ..sources.fetch import DEFAULT_MAX_BYTES, DEFAULT_SOURCES, DEFAULT_TOTAL_TIMEOUT_S, FetchPolicy
from ..sources.web_archive import BackfillOptions
from . import jobs, planning, steps
from .outcomes import PageOutcome, loaded_snapshots

T = TypeVar("T")

# Each step's task name in Prefect's UI and logs.
TASK_NAMES: dict[Callable[..., Any], str] = {
    steps.capture_file: "capture-file",
    steps.capture_url: "capture-url",
    steps.capture_web: "capture-web",
    steps.process: "process-page",
    steps.load_reparsed: "reparse-batch",
    planning.plan_backfill: "list-captures",
}
_TASKS: dict[Callable[..., Any], Task[..., Any]] = {}


def as_task(step: Callable[..., T]) -> Task[..., T]:
    """The step as a Prefect task (made once per step). Never cached: every run reads its sources afresh."""
    found = _TASKS.get(step)
    if found is None:
        found = _TASKS[step] = task(name=TASK_NAMES.get(step, step.__name__.replace("_", "-")), cache_policy=NO_CACHE)(step)
    return found


def prefect_step(step: Callable[..., T], /, *args: Any) -> T:
    """Run a step as a task of the current flow run; its value is returned and its exception raised,
    as a plain call would. Arguments are quoted: Prefect would otherwise walk each one looking for
    futures (thousands of rows in a batch of re-parsed pages), and none of ours is one."""
    return as_task(step)(*(quote(arg) for arg in args))


def _policy(connect_timeout_s: float, read_timeout_s: float, attempts: int, max_bytes: int, respect_robots: bool,
            total_timeout_s: float) -> FetchPolicy:
    return FetchPolicy(connect_timeout_s=connect_timeout_s, read_timeout_s=read_timeout_s, attempts=attempts,
                       max_bytes=max_bytes, respect_robots=respect_robots, total_timeout_s=total_timeout_s)


def _quiet(*_: Any) -> None:
    """No progress bar: a flow's log is not a terminal."""


def summary_markdown(title: str, outcomes: Sequence[PageOutcome], settings: Settings) -> str:
    """The run's artifact: a row a page, what entered, left and changed most, boards held back and
    warnings. Text from a page (names, values, reasons) goes in escaped (markdown_text)."""
    md = markdown_text
    lines = [f"# {title}", "", *_pages_table(outcomes), *_changes(outcomes, settings)]
    lines += _section("Boards held back (run `aa-leaderboards accept` to release)",
                      [f"- {md(reason)}" for o in outcomes for reason in o.held])
    warnings = [f"- {md(o.source)}: {md(w)}" for o in outcomes for w in (*o.dating_warnings, *o.warnings)]
    return "\n".join(lines + _section("Warnings", warnings[:50]))


def _pages_table(outcomes: Sequence[PageOutcome]) -> list[str]:
    md = markdown_text
    lines = ["| source | status | boards | rows | captured | note |", "|---|---|---|---|---|---|"]
    for o in outcomes:
        note = o.error or (f"{len(o.warnings)} warning(s)" if o.warnings else "")
        lines.append(f"| {md(o.source)} | {o.status} | {'+'.join(o.tiers)} | {o.rows} | {o.captured_at or ''} | {md(note)} |")
    return lines


def _changes(outcomes: Sequence[PageOutcome], settings: Settings) -> list[str]:
    """What entered and left the boards the run loaded, and their largest changes."""
    loaded = loaded_snapshots(outcomes)
    if not loaded or not settings.db_path.exists():
        return []
    with settings.reading() as con:
        events = run_summary(con, loaded)
    md = markdown_text
    moved = [f"- {t}: **{md(m)}** {c}" for t, c, m, *_ in events if c in ("entered", "left")]
    changed = [f"- {t}: {md(m)} `{col}` {md(str(old))} -> {md(str(new))}"
               for t, c, m, col, old, new, _ in events if c == "changed"][:10]
    return ["", "## Entered and left", "", *(moved or ["- nobody"]), "", "## Largest changes", "", *(changed or ["- none"])]


def _section(heading: str, items: list[str]) -> list[str]:
    return ["", f"## {heading}", "", *items] if items else []


def _notifications() -> Notifications:
    """Receivers come from AA_LEADERBOARDS_NOTIFY only, never from a parameter: Prefect stores a
    flow run's parameters on its server, and a receiver's URL carries its tokens."""
    return Notifications(targets=tuple(parse_targets([])), on_delivery=_log_delivery)


def _log_delivery(delivery: Delivery) -> None:
    if not delivery.delivered:
        get_run_logger().warning("notification to %s not delivered (%s); its events stay pending for the next run",
                                 delivery.target.label, delivery.reason)
    elif delivery.reason:
        get_run_logger().warning("notification to %s: %s", delivery.target.label, delivery.reason)


def _finish(title: str, outcomes: list[PageOutcome], settings: Settings) -> list[dict[str, Any]]:
    create_markdown_artifact(markdown=summary_markdown(title, outcomes, settings), key=title.lower().replace(" ", "-"),
                             description=f"aa-leaderboards {title}")
    failed = [o for o in outcomes if o.failed]
    for o in failed:
        get_run_logger().error("%s: %s", o.source, o.error)
    held = [reason for o in outcomes for reason in o.held]
    for reason in held:
        get_run_logger().error("held: %s", reason)
    for warning in (w for o in outcomes for w in o.dating_warnings):
        get_run_logger().warning("%s", warning)
    if failed or held:
        # Raised after every source has run, so the flow run ends FAILED, not COMPLETED.
        problems = [f"{len(failed)} of {len(outcomes)} page(s) failed"] if failed else []
        problems += [f"{len(held)} board(s) held back"] if held else []
        raise PagesFailed("; ".join(problems) + ": " + "; ".join([str(o.error) for o in failed] + held),
                          [asdict(o) for o in outcomes])
    return [asdict(o) for o in outcomes]


class PagesFailed(PipelineError):
    """A flow run that ran every source and ends FAILED for some of them: it carries every page's
    outcome, so the command that ran it prints each page's line as the fast path does."""

    def __init__(self, message: str, outcomes: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.outcomes = outcomes

    def __reduce__(self) -> tuple[Any, ...]:
        return (PagesFailed, (str(self), self.outcomes))


class _ExplainedFailures(logging.Filter):
    """Prefect logs a failed task or flow run's exception with its traceback. A failure of one of
    our families (a page refused, a source unreachable, a board held back, the warehouse busy) is
    explained in one line already, and the job goes on with the other pages: its traceback is
    left out. Anything else (a bug) keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], (PipelineError, ParseError, WarehouseError)):
            record.exc_info = None
            record.exc_text = None
        return True


for _logger in ("prefect.flow_runs", "prefect.task_runs"):
    logging.getLogger(_logger).addFilter(_ExplainedFailures())


@flow(name="refresh", log_prints=True)
def refresh_flow(urls: list[str] | None = None, db: str | None = None, archive: str | None = None,
                 lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S, max_shrink: float | None = DEFAULT_MAX_SHRINK,
                 connect_timeout_s: float = 10.0, read_timeout_s: float = 60.0,
                 attempts: int = 4, max_bytes: int = DEFAULT_MAX_BYTES, respect_robots: bool = True,
                 total_timeout_s: float = DEFAULT_TOTAL_TIMEOUT_S) -> list[dict[str, Any]]:
    """Nightly: fetch each board, archive the raw page, parse, validate, load."""
    settings = Settings.for_db(db or default_db(), archive, lock_timeout_s, max_shrink)
    outcomes = jobs.refresh_urls(settings, list(urls or DEFAULT_SOURCES.values()),
                                 policy=_policy(connect_timeout_s, read_timeout_s, attempts, max_bytes, respect_robots, total_timeout_s),
                                 notifications=_notifications(), step=prefect_step, command="refresh flow")
    return _finish("refresh", outcomes, settings)


@flow(name="ingest", log_prints=True)
def ingest_flow(paths: list[str], db: str | None = None, archive: str | None = None,
                lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S, max_shrink: float | None = DEFAULT_MAX_SHRINK, tier: str | None = None,
                captured_at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Saved pages: archive, parse, validate, load."""
    settings = Settings.for_db(db or default_db(), archive, lock_timeout_s, max_shrink)
    outcomes = jobs.ingest_files(settings, paths, tier=tier, captured_at=captured_at, notifications=_notifications(), step=prefect_step,
                                 command="ingest flow")
    return _finish("ingest", outcomes, settings)


@flow(name="reparse", log_prints=True)
def reparse_flow(db: str | None = None, archive: str | None = None, lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
                 max_shrink: float | None = DEFAULT_MAX_SHRINK, force: bool = False) -> list[dict[str, Any]]:
    """Every archived page the current parser version has not read (all of them with force)."""
    settings = Settings.for_db(db or default_db(), archive, lock_timeout_s, max_shrink)
    outcomes = jobs.reparse_archive(settings, force=force, progress=_quiet, notifications=_notifications(), step=prefect_step,
                                    command="reparse flow")
    return _finish("reparse", outcomes, settings)


@flow(name="backfill", log_prints=True)
def backfill_flow(urls: list[str] | None = None, since: dt.date | None = None, until: dt.date | None = None,
                  cdx_endpoint: str = DEFAULT_CDX_ENDPOINT, replay_endpoint: str = DEFAULT_REPLAY_ENDPOINT,
                  interval_s: float = 5.0, cdx_page_size: int = PAGE_LIMIT, db: str | None = None,
                  archive: str | None = None,
                  lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S, connect_timeout_s: float = 10.0, read_timeout_s: float = 60.0,
                  attempts: int = 4, max_bytes: int = DEFAULT_MAX_BYTES, respect_robots: bool = True,
                  total_timeout_s: float = DEFAULT_TOTAL_TIMEOUT_S,
                  max_shrink: float | None = DEFAULT_MAX_SHRINK) -> list[dict[str, Any]]:
    """History from a web archive: list each board's captures, fetch and archive the new ones, load them."""
    settings = Settings.for_db(db or default_db(), archive, lock_timeout_s, max_shrink)
    options = BackfillOptions(urls=tuple(urls or DEFAULT_SOURCES.values()), since=since, until=until,
                              cdx_endpoint=cdx_endpoint, replay_endpoint=replay_endpoint, interval_s=interval_s,
                              page_limit=cdx_page_size)
    report = jobs.backfill(settings, options, policy=_policy(connect_timeout_s, read_timeout_s, attempts, max_bytes, respect_robots, total_timeout_s),
                           progress=_quiet, notifications=_notifications(), step=prefect_step, command="backfill flow")
    for note in report.notes:
        get_run_logger().warning(note)
    return _finish("backfill", report.outcomes, settings)


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
    if isinstance(value, PagesFailed):
        return outcomes_from(value.outcomes)  # the failures are in the outcomes, said a line each
    if state.is_failed() or isinstance(value, BaseException):
        raise PipelineError(f"flow {flow_fn.name} failed: {value}")
    return outcomes_from(value)
