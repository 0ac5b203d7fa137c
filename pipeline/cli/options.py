"""Options several commands share, and what they build: settings, fetch policy, receivers."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb

from parsers.boards import TIERS
from warehouse.db import DEFAULT_LOCK_TIMEOUT_S
from warehouse.load import DEFAULT_MAX_SHRINK
from warehouse.publish import published_path

from ..errors import PipelineError, UsageError
from ..outputs.display import FORMATS
from ..outputs.notify import NOTIFY_ENV, Target, parse_targets
from ..outputs.receivers import Notifications
from ..runs.outcomes import PageOutcome
from ..runs.runlock import lock_path
from ..settings import DEFAULT_DB, Settings, default_db
from ..sources.fetch import DEFAULT_TOTAL_TIMEOUT_S, FetchPolicy
from .lines import print_delivery


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.for_db(Path(args.db) if args.db else default_db(), getattr(args, "archive", None), args.lock_timeout,
                           max_shrink=getattr(args, "max_shrink", DEFAULT_MAX_SHRINK))


def shrink_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a fraction: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 1 (1 never holds a board): {text!r}")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def seconds(text: str) -> float:
    """A time to wait: a finite number of seconds, 0 or more (nan would wait for ever)."""
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds: {text!r}")
    return value


def positive_seconds(text: str) -> float:
    """A timeout: a finite number of seconds, more than 0."""
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds: {text!r}")
    return value


def positive_number(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
    return value


def count(text: str) -> int:
    """A whole number, 1 or more (attempts, workers, captures a page)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text!r}")
    return value


def port(text: str) -> int:
    value = count(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port (1-65535): {text!r}")
    return value


def web_url(text: str) -> str:
    """An absolute http(s) URL with a host, checked before anything runs."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a URL ({exc}): {text!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an http(s) URL with a host: {text!r}")
    return text


def show_columns(text: str) -> list[str]:
    """A comma-separated list of show's column names (model, rank, index, ...)."""
    from ..outputs.board_table import BY_NAME

    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in BY_NAME]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown column {', '.join(unknown) or text!r}; choose from {', '.join(BY_NAME)}")
    return list(dict.fromkeys(names))


def show_column(text: str) -> str:
    names = show_columns(text)
    if len(names) != 1:
        raise argparse.ArgumentTypeError(f"one column name, not {text!r}")
    return names[0]


def date_or_snapshot(text: str) -> dt.date | int:
    """A day (YYYY-MM-DD: the boards as they stood at its end, UTC) or a snapshot id."""
    if text.isdigit():
        return int(text)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"neither a date (YYYY-MM-DD) nor a snapshot id: {text!r}") from None


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> dt.timedelta:
    """An age: a number with s, m, h or d (36h, 90m, 2d), or seconds alone."""
    number, unit = (text[:-1], text[-1].lower()) if text[-1:].lower() in _UNITS else (text, "s")
    value = _number(number) if number else float("nan")
    if not value > 0:
        raise argparse.ArgumentTypeError(f"not an age (a number with s, m, h or d, as 36h): {text!r}")
    return dt.timedelta(seconds=value * _UNITS[unit])


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_fetch_options(parser: argparse.ArgumentParser, whose: str) -> None:
    """The fetcher's policy (Fetcher, FetchPolicy): timeouts, retries, size cap, robots.txt."""
    parser.add_argument("--connect-timeout", type=positive_seconds, default=10.0, metavar="SECONDS")
    parser.add_argument("--read-timeout", type=positive_seconds, default=60.0, metavar="SECONDS")
    parser.add_argument("--total-timeout", type=positive_seconds, default=DEFAULT_TOTAL_TIMEOUT_S, metavar="SECONDS",
                        help=f"give up on a page (robots.txt, every attempt and wait) after this long "
                             f"(default: {DEFAULT_TOTAL_TIMEOUT_S:g})")
    parser.add_argument("--attempts", type=count, default=4, help="tries per request on connection errors, 429 and 5xx (default: 4)")
    parser.add_argument("--max-mb", type=positive_number, default=50.0, help="refuse bodies larger than this (default: 50)")
    parser.add_argument("--ignore-robots", action="store_true", help=f"fetch even what {whose} robots.txt disallows")


def add_load_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-shrink", type=shrink_fraction, default=DEFAULT_MAX_SHRINK, metavar="FRACTION",
                        help=f"hold back a board with this share fewer models than its previous snapshot "
                             f"(default: {DEFAULT_MAX_SHRINK}; 1 never holds); `accept` releases it")


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table for people; json (one document), jsonl (an object a line) or csv (RFC 4180) for programs")


def add_db_options(parser: argparse.ArgumentParser, *, archive: bool = True) -> None:
    parser.add_argument("--db", help=f"DuckDB file (default: $AA_LEADERBOARDS_DB, else {DEFAULT_DB})")
    if archive:
        parser.add_argument("--archive", help="raw-page archive folder (default: archive/ beside the database)")
    parser.add_argument("--lock-timeout", type=seconds, default=DEFAULT_LOCK_TIMEOUT_S, metavar="SECONDS",
                        help="how long to wait for another run on the same database to finish (default: 30)")


def add_notify_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notify", action="append", metavar="URL", default=[],
                        help=f"send what changed (and failures, held boards) to this Apprise URL: mailto://, json://, "
                             f"ntfy://, slack://, discord://, ... (repeatable; also ${NOTIFY_ENV}, white-space separated)")


def notify_targets(args: argparse.Namespace) -> tuple[Target, ...]:
    return tuple(parse_targets(getattr(args, "notify", None) or []))


def notifications_for(args: argparse.Namespace) -> Notifications:
    return Notifications(targets=notify_targets(args), on_delivery=print_delivery)


def policy_from(args: argparse.Namespace) -> FetchPolicy:
    return FetchPolicy(connect_timeout_s=args.connect_timeout, read_timeout_s=args.read_timeout, attempts=args.attempts,
                       max_bytes=int(args.max_mb * 1024 * 1024), respect_robots=not args.ignore_robots,
                       total_timeout_s=args.total_timeout)


def orchestrated(args: argparse.Namespace) -> bool:
    """Run through Prefect when asked to, or when a Prefect server is configured."""
    from ..runs.prefect_env import api_url

    return bool(args.prefect) or api_url() is not None


def flow_notify_env(notifications: Notifications) -> None:
    """A flow reads its receivers from the environment, never from its parameters (which Prefect stores)."""
    if notifications.targets:
        os.environ[NOTIFY_ENV] = " ".join(t.url for t in notifications.targets)


def require_db(settings: Settings) -> None:
    if not settings.db_path.exists():
        raise PipelineError(f"{settings.db_path}: no database yet (run `aa-leaderboards ingest` or `refresh` first)")


def run_as_flow(flow: Any, settings: Settings, notifications: Notifications, policy: FetchPolicy | None = None,
                **parameters: Any) -> list[PageOutcome]:
    """Run a job's Prefect flow (pipeline/runs/flows.py, imported by the command only when it is
    asked for: Prefect takes seconds to import) here and now. The flow gets the settings and the
    fetch policy as its parameters, and its receivers through the environment."""
    from ..runs.flows import run_flow

    flow_notify_env(notifications)
    if policy is not None:
        parameters.update(connect_timeout_s=policy.connect_timeout_s, read_timeout_s=policy.read_timeout_s,
                          attempts=policy.attempts, max_bytes=policy.max_bytes, respect_robots=policy.respect_robots,
                          total_timeout_s=policy.total_timeout_s)
    return run_flow(flow, db=str(settings.db_path), archive=str(settings.archive_dir),
                    lock_timeout_s=settings.lock_timeout_s, max_shrink=settings.max_shrink, **parameters)


def add_prefect_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")


def add_url_option(parser: argparse.ArgumentParser, *, metavar: str = "URL", what: str = "a source page") -> None:
    parser.add_argument("--url", action="append", type=web_url, metavar=metavar,
                        help=f"{what} (repeatable; default: every board's page: {', '.join(TIERS)})")


def add_job_options(parser: argparse.ArgumentParser) -> None:
    """What every job that loads pages takes: --prefect, --max-shrink and --notify."""
    add_prefect_option(parser)
    add_load_options(parser)
    add_notify_option(parser)


def reading(settings: Settings) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """The warehouse opened for reading, for a command that needs one to exist."""
    require_db(settings)
    return settings.reading()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of a day, UTC: a board "on DATE" is the board as it stood at its end."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def refuse_protected_output(out: Path, settings: Settings, files: Sequence[Path] = ()) -> None:
    """An output (`out`, and the `files` to be written in it) must never be the warehouse, its
    write-ahead log, the published copy or the raw archive: a report or export written there
    would replace what it was made from. Compared as resolved paths (links followed)."""
    db = settings.db_path.resolve()
    published = published_path(settings.db_path).resolve()
    protected = {db, Path(f"{db}.wal"), published, Path(f"{published}.wal"), lock_path(settings.db_path).resolve()}
    archive = settings.archive_dir.resolve()
    for target in (out, *files):
        resolved = target.resolve()
        # A hard link is the same file under another name: compared by device and inode too.
        if resolved in protected or (target.exists() and any(p.exists() and os.path.samefile(target, p) for p in protected)):
            raise UsageError(f"{target}: that is the warehouse's own file ({resolved}); choose another output path")
        if resolved == archive or archive in resolved.parents:
            raise UsageError(f"{target}: that is inside the raw-page archive ({archive}); choose another output path")
