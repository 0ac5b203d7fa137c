"""aa-leaderboards status: boards, snapshot counts, last run, database and archive paths."""

from __future__ import annotations

import argparse

from warehouse.queries import BOARD_STATUS_COLUMNS

from ...outputs.display import json_document, minute, render, safe, to_terminal, write_stdout
from ..options import (
    add_db_options,
    add_format_option,
    settings_from,
)

HELP = "boards, snapshot counts, last run, database and archive paths"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser)
    add_format_option(parser)


def run(args: argparse.Namespace) -> int:
    from ...outputs.status import status_report

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
