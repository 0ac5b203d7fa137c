"""Subcommands that use the warehouse and the archive (registered by cli.build_parser)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from warehouse.db import open_warehouse
from warehouse.errors import WarehouseError
from warehouse.events import Failure, record_events
from warehouse.load import DEFAULT_MAX_SHRINK
from warehouse.publish import EXPORT_VIEWS, export, published_path
from warehouse.queries import BOARD_STATUS_COLUMNS, latest_board

from ..errors import PipelineError, UsageError
from ..outputs.display import FORMATS, TABLE_COLUMNS, format_table, json_document, render, safe, to_terminal, write_stdout
from ..outputs.notify import NOTIFY_ENV, Delivery, Target, parse_targets
from ..outputs.tell import Telling, deliver, publish
from ..runs.jobs import Settings, dating_warnings, ingest_files, refresh_urls, reparse_archive
from ..runs.runlock import lock_path, run_lock
from ..runs.steps import PageOutcome, exit_status
from ..sources.capture_times import checked_option, parse_timestamp
from ..sources.cdx import DEFAULT_CDX_ENDPOINT, DEFAULT_REPLAY_ENDPOINT, PAGE_LIMIT
from ..sources.fetch import DEFAULT_SOURCES, FetchPolicy

DEFAULT_DB = Path("data") / "leaderboards.duckdb"


def default_db() -> Path:
    return Path(os.environ.get("AA_LEADERBOARDS_DB") or DEFAULT_DB)


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.for_db(Path(args.db) if args.db else default_db(), getattr(args, "archive", None), args.lock_timeout,
                           max_shrink=getattr(args, "max_shrink", DEFAULT_MAX_SHRINK))


def _shrink(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a fraction: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 1 (1 never holds a board): {text!r}")
    return value


def add_fetch_options(parser: argparse.ArgumentParser, whose: str) -> None:
    """The fetcher's policy (Fetcher, FetchPolicy): timeouts, retries, size cap, robots.txt."""
    parser.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS")
    parser.add_argument("--read-timeout", type=float, default=60.0, metavar="SECONDS")
    parser.add_argument("--attempts", type=int, default=4, help="tries per request on connection errors, 429 and 5xx (default: 4)")
    parser.add_argument("--max-mb", type=float, default=50.0, help="refuse bodies larger than this (default: 50)")
    parser.add_argument("--ignore-robots", action="store_true", help=f"fetch even what {whose} robots.txt disallows")


def add_load_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-shrink", type=_shrink, default=DEFAULT_MAX_SHRINK, metavar="FRACTION",
                        help=f"hold back a board with this share fewer models than its previous snapshot "
                             f"(default: {DEFAULT_MAX_SHRINK}; 1 never holds); `accept` releases it")


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table for people; json (one document), jsonl (an object a line) or csv (RFC 4180) for programs")


def add_db_options(parser: argparse.ArgumentParser, *, archive: bool = True) -> None:
    parser.add_argument("--db", help=f"DuckDB file (default: $AA_LEADERBOARDS_DB, else {DEFAULT_DB})")
    if archive:
        parser.add_argument("--archive", help="raw-page archive folder (default: archive/ beside the database)")
    parser.add_argument("--lock-timeout", type=float, default=30.0, metavar="SECONDS",
                        help="how long to wait for another run on the same database to finish (default: 30)")


def add_notify_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notify", action="append", metavar="URL", default=[],
                        help=f"send what changed (and failures, held boards) to this Apprise URL: mailto://, json://, "
                             f"ntfy://, slack://, discord://, ... (repeatable; also ${NOTIFY_ENV}, white-space separated)")


def notify_targets(args: argparse.Namespace) -> tuple[Target, ...]:
    return tuple(parse_targets(getattr(args, "notify", None) or []))


def print_delivery(delivery: Delivery) -> None:
    """A delivery is told in one line; a failure is a warning, never the run's failure."""
    label = safe(delivery.target.label)
    if not delivery.delivered:
        print(f"warning: notification to {label} not delivered ({safe(delivery.reason)}); its {delivery.events} event(s) "
              "stay pending and go out with the next run", file=sys.stderr, flush=True)
        return
    if delivery.reason:
        print(f"warning: notification to {label}: {safe(delivery.reason)}", file=sys.stderr, flush=True)
    print(f"notified {label}: {delivery.events} event(s)", flush=True)


def telling_for(args: argparse.Namespace) -> Telling:
    return Telling(targets=notify_targets(args), on_delivery=print_delivery)


def told_of_failure(settings: Settings, telling: Telling, command: str, run: Callable[[], int]) -> int:
    """Run a job; if it fails as a whole (a locked or full warehouse, a bad path), its receivers
    are told that too: sent once as it is, since the warehouse could not record it."""
    try:
        return run()
    except (PipelineError, WarehouseError) as exc:
        if telling.targets:
            deliver(settings.db_path, telling, None, settings.lock_timeout_s,
                    [Failure(source=f"aa-leaderboards {command}", tier=None, detail=str(exc))])
        raise


def _flow_notify_env(telling: Telling) -> None:
    """A flow reads its receivers from the environment, never from its parameters (which Prefect stores)."""
    if telling.targets:
        os.environ[NOTIFY_ENV] = " ".join(t.url for t in telling.targets)


def report_line(o: PageOutcome) -> str:
    if o.failed:
        return f"FAILED     {safe(o.error)}"
    if o.status == "unchanged" and o.snapshot_id is None:
        return f"{o.status:<10} not modified since the last fetch (HTTP 304)  {safe(o.source)}"
    when = o.captured_at.isoformat() if o.captured_at else "?"
    boards = "+".join(o.tiers) or "-"
    warn = f", {len(o.warnings)} warning(s)" if o.warnings else ""
    held = f", {len(o.held)} board(s) HELD" if o.held else ""
    how = "as stored, from" if o.status == "unchanged" else "from"
    return (f"{o.status:<10} {boards:<10} {o.rows:>3} rows  snapshot {o.snapshot_id}  "
            f"captured {when} ({how} {o.capture_time_source}){warn}{held}  {safe(o.source)}")


def print_page_lines(outcomes: Sequence[PageOutcome], verbose: bool) -> None:
    """A line per page on stdout, flushed (a run killed later has said what it did); its
    warnings on stderr with --verbose."""
    for o in outcomes:
        print(report_line(o), flush=True)
        if o.failed:
            # Failures on stderr too: cron mails and log collectors read stderr.
            print(f"error: {safe(o.error)}", file=sys.stderr, flush=True)
        for note in o.capture_notes:
            print(f"warning: {safe(note)}", file=sys.stderr, flush=True)
        if verbose:
            for warning in o.warnings:
                print(f"  warning: {safe(warning)}", file=sys.stderr, flush=True)


def page_printer(verbose: bool) -> Callable[[PageOutcome], None]:
    """Prints each page's line as the job decides it. A reader that went away never stops the
    job: the lines stop, the pages still load, and the closed pipe is met again by the summary."""
    closed = False

    def told(done: PageOutcome) -> None:
        nonlocal closed
        if closed:
            return
        try:
            print_page_lines([done], verbose)
        except BrokenPipeError:
            closed = True

    return told


def print_summary(outcomes: Sequence[PageOutcome]) -> int:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("loaded", "unchanged", "failed")}
    print(f"{len(outcomes)} page(s): {counts['loaded']} loaded, {counts['unchanged']} unchanged, {counts['failed']} failed")
    print_held(outcomes)
    return exit_status(outcomes)


def print_held(outcomes: Sequence[PageOutcome]) -> None:
    """Boards this run held back, one line each on stderr (a held board makes the run exit 1)."""
    for o in outcomes:
        for reason in o.held:
            print(f"error: held: {safe(reason)}", file=sys.stderr)


def print_outcomes(outcomes: Sequence[PageOutcome], verbose: bool) -> int:
    """Every page's line, then the summary: for runs that report at their end (Prefect flows)."""
    print_page_lines(outcomes, verbose)
    return print_summary(outcomes)


def orchestrated(args: argparse.Namespace) -> bool:
    """Run through Prefect when asked to, or when a Prefect server is configured."""
    from ..runs.prefect_env import api_url

    return bool(args.prefect) or api_url() is not None


def _flow_parameters(settings: Settings) -> dict[str, Any]:
    return {"db": str(settings.db_path), "archive": str(settings.archive_dir), "lock_timeout_s": settings.lock_timeout_s,
            "max_shrink": settings.max_shrink}


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    captured = checked_option(parse_timestamp(args.captured_at)) if args.captured_at else None
    telling = telling_for(args)
    return told_of_failure(settings, telling, "ingest", lambda: _ingest(args, settings, captured, telling))


def _ingest(args: argparse.Namespace, settings: Settings, captured: dt.datetime | None, telling: Telling) -> int:
    if orchestrated(args):
        from ..runs.flows import ingest_flow, run_flow

        _flow_notify_env(telling)
        outcomes = run_flow(ingest_flow, paths=list(args.paths), tier=args.tier, captured_at=captured,
                            **_flow_parameters(settings))
        status = print_outcomes(outcomes, args.verbose)
        warnings = dating_warnings(settings, outcomes)
    else:
        with run_lock(settings.db_path, "aa-leaderboards ingest", settings.lock_timeout_s):
            outcomes = ingest_files(settings, args.paths, tier=args.tier, captured_at=captured,
                                    on_outcome=page_printer(args.verbose), telling=telling)
            warnings = dating_warnings(settings, outcomes)
        status = print_summary(outcomes)
    for warning in warnings:
        print(f"warning: {safe(warning)}", file=sys.stderr)
    return status


def _policy(args: argparse.Namespace) -> FetchPolicy:
    return FetchPolicy(connect_timeout_s=args.connect_timeout, read_timeout_s=args.read_timeout, attempts=args.attempts,
                       max_bytes=int(args.max_mb * 1024 * 1024), respect_robots=not args.ignore_robots)


def cmd_refresh(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    telling = telling_for(args)
    return told_of_failure(settings, telling, "refresh", lambda: _refresh(args, settings, telling))


def _refresh(args: argparse.Namespace, settings: Settings, telling: Telling) -> int:
    urls = list(args.url or DEFAULT_SOURCES.values())
    if orchestrated(args):
        from ..runs.flows import refresh_flow, run_flow

        _flow_notify_env(telling)
        policy = _policy(args)
        outcomes = run_flow(refresh_flow, urls=urls, connect_timeout_s=policy.connect_timeout_s, read_timeout_s=policy.read_timeout_s,
                            attempts=policy.attempts, max_bytes=policy.max_bytes, respect_robots=policy.respect_robots,
                            **_flow_parameters(settings))
        return print_outcomes(outcomes, args.verbose)
    with run_lock(settings.db_path, "aa-leaderboards refresh", settings.lock_timeout_s):
        outcomes = refresh_urls(settings, urls, policy=_policy(args), on_outcome=page_printer(args.verbose), telling=telling)
    return print_summary(outcomes)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_backfill(args: argparse.Namespace) -> int:
    from ..runs.backfill import PLANNED_FIELDS, BackfillOptions, backfill, summary_lines

    settings = settings_from(args)
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    if args.interval < 0:
        raise UsageError("--interval must be 0 or more seconds")
    if args.cdx_page_size < 1:
        raise UsageError("--cdx-page-size must be at least 1")
    options = BackfillOptions(urls=tuple(args.url or DEFAULT_SOURCES.values()), since=args.since, until=args.until,
                              cdx_endpoint=args.cdx_endpoint, replay_endpoint=args.replay_endpoint, interval_s=args.interval,
                              page_limit=args.cdx_page_size)
    policy = _policy(args)
    telling = telling_for(args)
    if args.dry_run:
        report = backfill(settings, options, policy=policy, dry_run=True)
        if args.format == "table":
            lines = [f"{p.capture.timestamp}  {p.state:<22} {p.board_url}" for p in report.planned]
            write_stdout("".join(safe(line) + "\n" for line in lines + summary_lines(report, dry_run=True)))
        else:
            write_stdout(render([p.as_dict() for p in report.planned], args.format, fields=PLANNED_FIELDS,
                                to_terminal=to_terminal()))
        for o in report.failed:
            print(f"error: {safe(o.source)}: {safe(o.error)}", file=sys.stderr)
        return exit_status(report.outcomes)
    return told_of_failure(settings, telling, "backfill", lambda: _backfill(args, settings, options, policy, telling))


def _backfill(args: argparse.Namespace, settings: Settings, options: Any, policy: FetchPolicy, telling: Telling) -> int:
    from ..runs.backfill import backfill, summary_lines

    if orchestrated(args):
        from ..runs.flows import backfill_flow, run_flow

        _flow_notify_env(telling)
        outcomes = run_flow(backfill_flow, urls=list(options.urls), since=options.since, until=options.until,
                            cdx_endpoint=options.cdx_endpoint, replay_endpoint=options.replay_endpoint,
                            interval_s=options.interval_s, cdx_page_size=options.page_limit,
                            connect_timeout_s=policy.connect_timeout_s,
                            read_timeout_s=policy.read_timeout_s, attempts=policy.attempts, max_bytes=policy.max_bytes,
                            respect_robots=policy.respect_robots, **_flow_parameters(settings))
        return print_outcomes(outcomes, args.verbose)
    with run_lock(settings.db_path, "aa-leaderboards backfill", settings.lock_timeout_s):
        report = backfill(settings, options, policy=policy, on_outcome=page_printer(args.verbose), telling=telling)
    for line in summary_lines(report, dry_run=False):
        print(safe(line))
    print_held(report.outcomes)
    return exit_status(report.outcomes)


def cmd_reparse(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    telling = telling_for(args)
    return told_of_failure(settings, telling, "reparse", lambda: _reparse(args, settings, telling))


def _reparse(args: argparse.Namespace, settings: Settings, telling: Telling) -> int:
    if orchestrated(args):
        from ..runs.flows import reparse_flow, run_flow

        _flow_notify_env(telling)
        outcomes = run_flow(reparse_flow, force=args.force, **_flow_parameters(settings))
        printed = False
    else:
        with run_lock(settings.db_path, "aa-leaderboards reparse", settings.lock_timeout_s):
            outcomes = reparse_archive(settings, force=args.force, workers=args.workers, on_outcome=page_printer(args.verbose),
                                       telling=telling)
        printed = True
    if not outcomes:
        print("nothing to re-parse: every archived page is current (use --force to re-read them all)")
        return 0
    return print_summary(outcomes) if printed else print_outcomes(outcomes, args.verbose)


def cmd_serve(args: argparse.Namespace) -> int:
    from ..runs.serve import serve

    settings = settings_from(args)
    # Checked now (a bad URL is a usage error before the server starts); the served flow reads
    # them from the environment it inherits.
    _flow_notify_env(telling_for(args))
    return serve(settings, cron=args.cron, timezone=args.timezone, start_server=args.start_server,
                 urls=list(args.url or DEFAULT_SOURCES.values()), port=args.port)


def cmd_show(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    _require_db(settings)
    tiers = [args.tier] if args.tier else ["small", "tiny"]
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        result = latest_board(con, tiers)
    rows = result.rows
    if args.format != "table":
        write_stdout(render(rows, args.format, fields=result.columns, to_terminal=to_terminal()))
        return 0
    out = []
    for tier in tiers:
        board = [row for row in rows if row["tier"] == tier]
        if not board:
            out.append(f"{tier} board: no snapshot yet\n")
            continue
        out.append(f"{tier} board: {len(board)} models, captured {board[0]['captured_at']} (snapshot {board[0]['snapshot_id']})")
        out.append(format_table(board, [c for c in TABLE_COLUMNS if c[0] != "tier"]) + "\n")
    write_stdout("\n".join(out) + "\n")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from ..outputs.status import status_report

    report = status_report(settings_from(args))
    if args.format == "json":
        write_stdout(json_document(report) + "\n")
        return 0
    if args.format in ("jsonl", "csv"):
        write_stdout(render(report["boards"], args.format, fields=BOARD_STATUS_COLUMNS, to_terminal=to_terminal()))
        return 0
    lines = [f"database: {safe(report['database'])}", f"archive:  {safe(report['archive'])}",
             f"archived pages: {report['archived_pages']}"]
    if not report["database_exists"]:
        lines.append("no database yet")
    for board in report["boards"]:
        lines.append(f"{board['tier']} board: {board['snapshots']} snapshot(s), latest captured {board['latest_captured_at']} "
                     f"with {board['latest_models']} models (snapshot {board['latest_snapshot_id']})")
    for board in report["held_boards"]:
        lines.append(f"HELD: {board['tier']} board of snapshot {board['snapshot_id']} ({board['models']} models, captured "
                     f"{board['captured_at']}): {safe(board['reason'])}")
    run = report["last_parse_run"]
    if run:
        lines.append(f"last parse run: {run['finished_at']} {run['status']} {safe(run['source'])}"
                     + (f" ({safe(run['error'])})" if run["error"] else ""))
    if report["database_exists"]:
        behind = report["published_copy_behind_s"]
        state = ("missing (run `aa-leaderboards publish`)" if not report["published_copy_exists"]
                 else "current" if behind == 0 else f"STALE: {behind:.0f} s behind the warehouse (run `aa-leaderboards publish`)")
        lines.append(f"published copy: {safe(report['published_copy'])}: {state}")
    write_stdout("\n".join(lines) + "\n")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from warehouse.queries import accept_boards

    settings = settings_from(args)
    if not settings.db_path.exists():
        raise PipelineError(f"{settings.db_path}: no database yet")
    with run_lock(settings.db_path, "aa-leaderboards accept", settings.lock_timeout_s), \
            open_warehouse(settings.db_path, lock_timeout_s=settings.lock_timeout_s) as con:
        released = accept_boards(con, args.snapshot_id, args.tier)
        if not released:
            board = f"{args.tier} board" if args.tier else "board"
            raise PipelineError(f"{settings.db_path}: snapshot {args.snapshot_id} has no held {board} "
                                "(`aa-leaderboards status` lists the boards held)")
        # Released, the board joins the views: its changes are events now (told by the next run that notifies).
        record_events(con, [args.snapshot_id], [], dt.datetime.now(dt.UTC))
        publish(settings.db_path, con=con, lock_timeout_s=settings.lock_timeout_s)
    print(f"accepted: {', '.join(released)} board(s) of snapshot {args.snapshot_id}; the views and the published copy show them")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    _require_db(settings)
    with run_lock(settings.db_path, "aa-leaderboards publish", settings.lock_timeout_s):
        target = publish(settings.db_path, lock_timeout_s=settings.lock_timeout_s)
    print(f"published {target}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    _require_db(settings)
    out = Path(args.out) if args.out else settings.db_path.parent / "export"
    refuse_protected_output(out, settings, [out / f"{view}.{args.format}" for view in EXPORT_VIEWS])
    for path in export(settings.db_path, out, args.format, lock_timeout_s=settings.lock_timeout_s, raw_csv=args.raw_csv):
        print(path)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from warehouse.catalog import dictionary, to_json, to_markdown

    settings = settings_from(args)
    if settings.db_path.exists():
        with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
            relations = dictionary(con)
    else:
        # No database yet: describe the schema this version creates, from a scratch copy in memory.
        import duckdb

        from warehouse.schema import migrate

        with duckdb.connect(":memory:") as con:
            migrate(con, ":memory:")
            relations = dictionary(con)
    print(to_json(relations) if args.format == "json" else to_markdown(relations), end="")
    return 0


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


def _require_db(settings: Settings) -> None:
    if not settings.db_path.exists():
        raise PipelineError(f"{settings.db_path}: no database yet (run `aa-leaderboards ingest` or `refresh` first)")


def cmd_report(args: argparse.Namespace) -> int:
    from ..outputs.report import write_report

    settings = settings_from(args)
    _require_db(settings)
    out = Path(args.out) if args.out else settings.db_path.parent / "report.html"
    refuse_protected_output(out, settings)
    path, charts = write_report(settings.db_path, out, lock_timeout_s=settings.lock_timeout_s)
    print(f"wrote {path} ({charts} charts)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..archive.verify import verify

    settings = settings_from(args)
    report = verify(settings.archive_dir, settings.db_path, settings.lock_timeout_s)
    for finding in report.findings:
        print(safe(finding.line()))
    print(f"verified {report.pages} archived page(s) and {report.snapshots} warehouse snapshot(s): "
          f"{len(report.findings)} problem(s)")
    return 1 if report.findings else 0


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), dt.UTC)


def cmd_changes(args: argparse.Namespace) -> int:
    from warehouse.events import CHANGES_COLUMNS, events_between

    from ..outputs.digest import changes_text

    settings = settings_from(args)
    _require_db(settings)
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    since = _day_start(args.since) if args.since else None
    until = _day_start(args.until + dt.timedelta(days=1)) if args.until else None  # --until is inclusive
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        rows = events_between(con, since, until, args.tier)
    if args.format == "table":
        write_stdout("".join(safe(line) + "\n" for line in changes_text(rows)))
    else:
        write_stdout(render(rows, args.format, fields=CHANGES_COLUMNS, to_terminal=to_terminal()))
    return 0


def cmd_notify(args: argparse.Namespace) -> int:
    from ..outputs.digest import Message
    from ..outputs.notify import send

    if not args.test:
        raise UsageError("notify: give --test URL (a receiver to send a test message to)")
    message = Message(title="aa-leaderboards: test message",
                      body="This is a test message from `aa-leaderboards notify --test`. Runs given this receiver "
                           "(--notify or $AA_LEADERBOARDS_NOTIFY) send what changed on the boards, held boards and "
                           "failed runs here.\n", warning=False)
    failed = 0
    for target in parse_targets(args.test, env=""):
        delivery = send(target, message)
        if delivery.delivered:
            print(f"delivered: test message to {safe(target.label)}")
        else:
            failed += 1
            print(f"error: not delivered: test message to {safe(target.label)} ({safe(delivery.reason)})", file=sys.stderr)
    return 1 if failed else 0


def register(sub: Any) -> None:
    """Add the subcommands to the CLI's subparsers."""
    p = sub.add_parser("ingest", help="archive, parse and load saved pages (files, folders, globs)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_db_options(p)
    p.add_argument("--tier", choices=["small", "tiny"], help="load only this board from each page")
    p.add_argument("--captured-at", metavar="TIMESTAMP", help="capture time of the pages (ISO; default: archive, file name, mtime)")
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    add_load_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("refresh", help="fetch both boards, archive, parse and load (the nightly job)")
    p.add_argument("--url", action="append", metavar="URL", help="a source page (repeatable; default: the small and tiny boards)")
    add_db_options(p)
    add_fetch_options(p, "the site's")
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    add_load_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("backfill", help="load the boards' history from a web archive's captures (the Internet Archive by default)")
    p.add_argument("--since", type=_date, metavar="DATE", help="first day of captures to read (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, metavar="DATE", help="last day of captures to read, inclusive (YYYY-MM-DD)")
    p.add_argument("--url", action="append", metavar="BOARD_URL", help="a board URL (repeatable; default: the small and tiny boards)")
    p.add_argument("--dry-run", action="store_true", help="list the captures it would fetch and those already archived; fetch nothing")
    p.add_argument("--cdx-endpoint", default=DEFAULT_CDX_ENDPOINT, metavar="URL", help=f"CDX index (default: {DEFAULT_CDX_ENDPOINT})")
    p.add_argument("--replay-endpoint", default=DEFAULT_REPLAY_ENDPOINT, metavar="URL",
                   help=f"where captures are replayed raw as URL/TIMESTAMPid_/ORIGINAL (default: {DEFAULT_REPLAY_ENDPOINT})")
    p.add_argument("--interval", type=float, default=5.0, metavar="SECONDS",
                   help="at least this long between two requests to the archive (default: 5)")
    p.add_argument("--cdx-page-size", type=int, default=PAGE_LIMIT, metavar="N",
                   help=f"captures per index query; more are read with resume keys (default: {PAGE_LIMIT})")
    add_db_options(p)
    add_fetch_options(p, "the archive's")
    add_format_option(p)
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    add_load_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("reparse", help="re-parse every archived page with the current parser version")
    add_db_options(p)
    p.add_argument("--force", action="store_true", help="re-read pages this parser version has already read")
    p.add_argument("--workers", type=int, help="parser processes (default: one per core)")
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    add_load_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_reparse)

    p = sub.add_parser("serve", help="serve the nightly refresh on a schedule (needs a Prefect server)")
    p.add_argument("--cron", default="0 3 * * *", help='schedule (default: "0 3 * * *")')
    p.add_argument("--timezone", default="UTC", help="time zone of the schedule (default: UTC)")
    p.add_argument("--start-server", action="store_true", help="start `prefect server start` on 127.0.0.1 for as long as this runs")
    p.add_argument("--port", type=int, default=4200, help="port for --start-server (default: 4200)")
    p.add_argument("--url", action="append", metavar="URL", help="a source page (repeatable; default: both boards)")
    add_db_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("accept", help="release a board held back for shrinking into the views and the published copy")
    p.add_argument("snapshot_id", type=int, metavar="SNAPSHOT_ID", help="the snapshot (`status` lists held boards)")
    p.add_argument("--tier", choices=["small", "tiny"], help="release only this board of the snapshot")
    add_db_options(p)
    p.set_defaults(func=cmd_accept)

    p = sub.add_parser("publish", help="write the read-only copy for analysts (done after every run that loads pages)")
    add_db_options(p, archive=False)
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("export", help="write every analyst view as Parquet or CSV with DuckDB's COPY")
    add_db_options(p, archive=False)
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    p.add_argument("--out", metavar="DIR", help="folder (default: export/ beside the database)")
    p.add_argument("--raw-csv", action="store_true",
                   help="write text cells exactly, even those a spreadsheet would run as a formula (=, +, -, @)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="the data dictionary: every analyst table, view and column with its type and comment")
    add_db_options(p, archive=False)
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("report", help="write one self-contained HTML report with each board's table and charts")
    add_db_options(p, archive=False)
    p.add_argument("--out", metavar="FILE", help="where to write it (default: report.html beside the database)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("verify", help="check every archived page against its hash and sidecar, and every snapshot against its page")
    add_db_options(p)
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("show", help="print the newest snapshot of each board")
    add_db_options(p, archive=False)
    p.add_argument("--tier", choices=["small", "tiny"])
    add_format_option(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("changes", help="what changed on the boards in a period: entered, left, index and price changes, "
                                       "new first places, methodology, held boards, failed runs")
    p.add_argument("--since", type=_date, metavar="DATE", help="first day, by capture time in UTC (YYYY-MM-DD)")
    p.add_argument("--until", type=_date, metavar="DATE", help="last day, inclusive (YYYY-MM-DD)")
    p.add_argument("--tier", choices=["small", "tiny"], help="one board only (failed runs that name no board are left out)")
    add_db_options(p, archive=False)
    add_format_option(p)
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("notify", help="send a test message to a notification receiver (an Apprise URL)")
    p.add_argument("--test", action="append", metavar="URL", default=[], help="the receiver (repeatable)")
    p.set_defaults(func=cmd_notify)

    p = sub.add_parser("status", help="boards, snapshot counts, last run, database and archive paths")
    add_db_options(p)
    add_format_option(p)
    p.set_defaults(func=cmd_status)


__all__ = ["WarehouseError", "register"]
