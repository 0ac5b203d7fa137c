"""Commands that read: a page without a database (parse), and the warehouse (show, status,
changes, schema, verify). None of them writes anything."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap
from pathlib import Path
from typing import Any

from parsers import TIERS, ModelRow, ParsedPage, parse_page
from warehouse.db import open_warehouse
from warehouse.queries import BOARD_STATUS_COLUMNS, board_as_of, board_of_snapshot, latest_board

from ..errors import PipelineError, UsageError
from ..outputs.display import json_document, minute, render, safe, to_terminal, write_stdout
from ..sources.saved_files import read_saved
from .options import require_db, settings_from


def cmd_parse(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        raise PipelineError(f"{path}: no such file")  # exit 1, as `ingest` says of a file it is given
    page = parse_page(read_saved(path), source=str(path))
    if args.explain:
        write_stdout(_explain(page, args.format))
        return 0
    for warning in page.warnings:
        print(f"warning: {safe(warning)}", file=sys.stderr)
    write_stdout(render([row.as_dict() for row in page.rows], args.format, fields=ModelRow.field_names(),
                        to_terminal=to_terminal()))
    return 0


def _explain(page: ParsedPage, fmt: str) -> str:
    """How a page was read: per source its strategy and findings, the column map, the warnings."""
    document: dict[str, Any] = {
        "source": page.source,
        "format": page.format,
        "strategies": list(page.strategies),
        "boards": {tier: len(rows) for tier, rows in page.boards.items()},
        "column_map": dict(page.column_map),
        "explanation": list(page.explanation),
        "warnings": list(page.warnings),
    }
    if fmt == "json":
        return json_document(document) + "\n"
    if fmt == "jsonl":
        return json_document(document, indent=None) + "\n"
    if fmt == "csv":
        raise UsageError("parse --explain prints one document, not rows: use --format table, json or jsonl")
    boards = ", ".join(f"{tier} {count} rows" for tier, count in document["boards"].items())
    lines = [f"{page.source}: {page.format} page, read by {' + '.join(page.strategies)}; {boards}"]
    lines += page.explanation
    lines += [f"warning: {w}" for w in page.warnings] or ["no warnings"]
    return "".join(safe(line) + "\n" for line in lines)


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def cmd_show(args: argparse.Namespace) -> int:
    from ..outputs.board_table import BY_NAME, board_table, output_width

    settings = settings_from(args)
    require_db(settings)
    tiers = [args.tier] if args.tier else list(TIERS)
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        result = board_as_of(con, tiers, _end_of_day(args.as_of)) if args.as_of else latest_board(con, tiers)
    boards = {tier: [row for row in result.rows if row["tier"] == tier] for tier in tiers}
    for tier, board in boards.items():
        if args.sort:
            field = BY_NAME[args.sort].field
            present = sorted((r for r in board if r.get(field) is not None), key=lambda r: r[field], reverse=args.reverse)
            board = present + [r for r in board if r.get(field) is None]
        boards[tier] = board[: args.limit] if args.limit else board
    rows = [row for board in boards.values() for row in board]
    if args.format != "table":
        fields = result.columns
        if args.columns:
            chosen = {BY_NAME[n].field for n in args.columns}
            fields = tuple(c for c in result.columns if c == "tier" or c in chosen)
        write_stdout(render([{k: row[k] for k in fields} for row in rows], args.format, fields=fields, to_terminal=to_terminal()))
        return 0
    width = output_width()
    when = f" as of {args.as_of.isoformat()}" if args.as_of else ""
    out = []
    for tier, board in boards.items():
        if not board:
            out.append(f"{tier} board{when}: no snapshot yet\n")
            continue
        shown = f"{len(board)} models" if not args.limit else f"the first {len(board)} models"
        out.append(textwrap.fill(f"{tier} board{when}: {shown}, captured {minute(board[0]['captured_at'])} "
                   f"(snapshot {board[0]['snapshot_id']}"
                   + (f", Intelligence Index v{board[0]['index_version']})" if board[0]["index_version"] else ")"), width=max(width, 20)))
        table, left_out = board_table(board, width=width, columns=args.columns, styled=to_terminal())
        out.append(table)
        if left_out:
            out.append(textwrap.fill(f"({', '.join(left_out)} left out to fit {width} columns: --columns chooses, or widen "
                                     "the terminal)", width=max(width, 20)))
        out.append("")
    write_stdout("\n".join(out) + "\n")
    return 0


def _boards_at(con: Any, tiers: list[str], point: dt.date | int) -> list[dict[str, Any]]:
    if isinstance(point, int):
        return board_of_snapshot(con, tiers, point).rows
    return board_as_of(con, tiers, _end_of_day(point)).rows


def cmd_diff(args: argparse.Namespace) -> int:
    from ..outputs.board_diff import DIFF_COLUMNS, board_diff, diff_lines
    from ..outputs.display import format_number

    settings = settings_from(args)
    require_db(settings)
    tiers = [args.tier] if args.tier else list(TIERS)
    with open_warehouse(settings.db_path, read_only=True, lock_timeout_s=settings.lock_timeout_s) as con:
        old, new = _boards_at(con, tiers, args.old), _boards_at(con, tiers, args.new)
    for point, rows in ((args.old, old), (args.new, new)):
        if not rows:
            raise UsageError(f"{settings.db_path}: no board " + (f"in snapshot {point}" if isinstance(point, int)
                                                                 else f"had a snapshot by the end of {point.isoformat()}")
                             + (f" on the {args.tier} board" if args.tier else ""))
    # A board on one side only is no difference of that board: left out, and said.
    both = [t for t in tiers if any(r["tier"] == t for r in old) and any(r["tier"] == t for r in new)]
    if not both:
        raise UsageError(f"{settings.db_path}: no board is on both sides ({args.old} and {args.new})")
    for tier in tiers:
        if tier not in both and (args.tier or any(r["tier"] == tier for r in old + new)):
            print(f"note: the {tier} board is on one side only; left out", file=sys.stderr)
    rows = board_diff(both, old, new)
    if args.format != "table":
        write_stdout(render(rows, args.format, fields=DIFF_COLUMNS, to_terminal=to_terminal()))
        return 0
    lines = diff_lines(rows, safe=safe, number=format_number) or ["no difference"]
    write_stdout("\n".join(lines) + "\n")
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    from ..outputs.health import age_text, health_problems
    from ..outputs.status import status_report

    report = status_report(settings_from(args))
    now = dt.datetime.now(dt.UTC)
    problems = health_problems(report, now=now, max_age=args.max_age, tiers=args.tier)
    if problems:
        write_stdout("".join(f"problem: {safe(p)}\n" for p in problems))
        return 1
    newest = min(b["latest_captured_at"] for b in report["boards"] if not args.tier or b["tier"] in args.tier)
    last = report["last_runs"][0] if report["last_runs"] else None
    write_stdout(f"ok: {len(args.tier or report['boards'])} board(s), the oldest newest night {age_text(now - newest)} old"
                 + (f"; last run {last['job']} ok" if last else "") + "\n")
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
    for retracted in report["retracted_snapshots"]:
        lines.append(f"RETRACTED: snapshot {retracted['snapshot_id']} (captured {retracted['captured_at']}, "
                     f"{safe(retracted['source'])}) on {retracted['retracted_at']}: {safe(retracted['reason'])}")
    for change in report["payload_changes"]:
        lines.append(f"PAYLOAD CHANGED: {safe(change)}")
    for job in report["last_runs"]:
        lines.append(f"last {job['job']}: {minute(job['finished_at'])} {job['outcome']} ({job['pages']} page(s): "
                     f"{job['loaded']} loaded, {job['unchanged']} unchanged, {job['failed']} failed)")
    failure = report["last_failed_run"]
    if failure:
        lines.append(f"LAST FAILURE: {failure['job']} at {minute(failure['finished_at'])}: {safe(failure['detail'])}")
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


def cmd_changes(args: argparse.Namespace) -> int:
    from warehouse.events import CHANGES_COLUMNS, events_between

    from ..outputs.digest import changes_text

    settings = settings_from(args)
    require_db(settings)
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


def cmd_verify(args: argparse.Namespace) -> int:
    from ..archive.verify import verify

    settings = settings_from(args)
    report = verify(settings.archive_dir, settings.db_path, settings.lock_timeout_s)
    for finding in report.findings:
        print(safe(finding.line()))
    for note in report.notes:
        print(f"note: {safe(note)}")
    print(f"verified {report.pages} archived page(s) and {report.snapshots} warehouse snapshot(s): "
          f"{len(report.findings)} problem(s)")
    return 1 if report.findings else 0


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), dt.UTC)
