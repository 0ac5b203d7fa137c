"""The command line: every subcommand, its options, and the function that runs it."""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from parsers.boards import TIERS

from ..errors import UsageError
from ..outputs.board_table import SHOW_COLUMNS
from ..outputs.health import DEFAULT_MAX_AGE
from ..sources.cdx import DEFAULT_CDX_ENDPOINT, DEFAULT_REPLAY_ENDPOINT, PAGE_LIMIT
from ..version import __version__
from .options import (
    add_db_options,
    add_fetch_options,
    add_format_option,
    add_load_options,
    add_notify_option,
    count,
    date_or_snapshot,
    duration,
    iso_date,
    port,
    seconds,
    show_column,
    show_columns,
    web_url,
)
from .read_commands import cmd_changes, cmd_diff, cmd_health, cmd_parse, cmd_schema, cmd_show, cmd_status, cmd_verify
from .run_commands import cmd_backfill, cmd_ingest, cmd_refresh, cmd_reparse, cmd_serve
from .write_commands import cmd_accept, cmd_export, cmd_notify, cmd_publish, cmd_report, cmd_retract


def _nearest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 on usage errors; keep one line
        wrong = re.match(r"argument command: invalid choice: '(.*?)'", message)
        if wrong:
            commands = self._subcommands()
            raise UsageError(f"{self.prog}: unknown command {wrong.group(1)!r}{_nearest(wrong.group(1), commands)} "
                             f"(commands: {', '.join(commands)})")
        raise UsageError(f"{self.prog}: {message}")

    def _subcommands(self) -> dict[str, argparse.ArgumentParser]:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """As argparse, but an unknown option is named with its command and the nearest option."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = self._subcommands().get(getattr(parsed, "command", None) or "", self)
            options = [o for action in command._actions for o in action.option_strings]
            unknown = next((e for e in extras if e.startswith("-")), extras[0])
            what = "option" if unknown.startswith("-") else "argument"
            raise UsageError(f"{command.prog}: unknown {what} {unknown!r}"
                             + (_nearest(unknown.split("=")[0], options) if unknown.startswith("-") else ""))
        return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aa-leaderboards", description="Versioned history of Artificial Analysis' open-weights leaderboards.")
    parser.add_argument("--verbose", action="store_true", help="show tracebacks and debug output")
    parser.add_argument("--version", action="version", version=f"aa-leaderboards {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("parse", help="print the rows of one saved page (no database)")
    p.add_argument("file", help="a saved page: .html, .htm, .txt, optionally .gz")
    add_format_option(p)
    p.add_argument("--explain", action="store_true",
                   help="instead of the rows, say how the page was read: strategy per source, column map, warnings")
    p.set_defaults(func=cmd_parse)

    _add_commands(sub)
    # Global options go before or after the subcommand: `parse FILE --verbose` as well.
    for subparser in sub.choices.values():
        subparser.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                               help="show tracebacks and debug output")
    return parser


def _add_commands(sub: Any) -> None:
    """Every subcommand but parse, with its options."""
    p = sub.add_parser("ingest", help="archive, parse and load saved pages (files, folders, globs)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    add_db_options(p)
    p.add_argument("--tier", choices=TIERS, help="load only this board from each page")
    p.add_argument("--captured-at", metavar="TIMESTAMP", help="capture time of the pages (ISO; default: archive, file name, mtime)")
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    add_load_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("refresh", help="fetch both boards, archive, parse and load (the nightly job)")
    p.add_argument("--url", action="append", type=web_url, metavar="URL", help="a source page (repeatable; default: the small and tiny boards)")
    add_db_options(p)
    add_fetch_options(p, "the site's")
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    add_load_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("backfill", help="load the boards' history from a web archive's captures (the Internet Archive by default)")
    p.add_argument("--since", type=iso_date, metavar="DATE", help="first day of captures to read (YYYY-MM-DD)")
    p.add_argument("--until", type=iso_date, metavar="DATE", help="last day of captures to read, inclusive (YYYY-MM-DD)")
    p.add_argument("--url", action="append", type=web_url, metavar="BOARD_URL", help="a board URL (repeatable; default: the small and tiny boards)")
    p.add_argument("--dry-run", action="store_true", help="list the captures it would fetch and those already archived; fetch nothing")
    p.add_argument("--cdx-endpoint", type=web_url, default=DEFAULT_CDX_ENDPOINT, metavar="URL", help=f"CDX index (default: {DEFAULT_CDX_ENDPOINT})")
    p.add_argument("--replay-endpoint", type=web_url, default=DEFAULT_REPLAY_ENDPOINT, metavar="URL",
                   help=f"where captures are replayed raw as URL/TIMESTAMPid_/ORIGINAL (default: {DEFAULT_REPLAY_ENDPOINT})")
    p.add_argument("--interval", type=seconds, default=5.0, metavar="SECONDS",
                   help="at least this long between two requests to the archive (default: 5)")
    p.add_argument("--cdx-page-size", type=count, default=PAGE_LIMIT, metavar="N",
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
    p.add_argument("--workers", type=count, help="parser processes (default: one per core)")
    p.add_argument("--prefect", action="store_true", help="run as an orchestrated Prefect flow (starts a temporary server)")
    add_load_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_reparse)

    p = sub.add_parser("serve", help="serve the nightly refresh on a schedule (needs a Prefect server)")
    p.add_argument("--cron", default="0 3 * * *", help='schedule (default: "0 3 * * *")')
    p.add_argument("--timezone", default="UTC", help="time zone of the schedule (default: UTC)")
    p.add_argument("--start-server", action="store_true", help="start `prefect server start` on 127.0.0.1 for as long as this runs")
    p.add_argument("--port", type=port, default=4200, help="port for --start-server (default: 4200)")
    p.add_argument("--url", action="append", type=web_url, metavar="URL", help="a source page (repeatable; default: both boards)")
    add_db_options(p)
    add_notify_option(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("accept", help="release a board held back for shrinking into the views and the published copy")
    p.add_argument("snapshot_id", type=int, metavar="SNAPSHOT_ID", help="the snapshot (`status` lists held boards)")
    p.add_argument("--tier", choices=TIERS, help="release only this board of the snapshot")
    add_db_options(p)
    p.set_defaults(func=cmd_accept)

    p = sub.add_parser("retract", help="take a loaded snapshot back out of every view, change, feed and export (its page stays archived)")
    p.add_argument("snapshot_id", type=int, metavar="SNAPSHOT_ID", help="the snapshot (`status` lists the boards' latest)")
    p.add_argument("--why", metavar="TEXT", help="the reason, recorded with the retraction (required unless --undo)")
    p.add_argument("--undo", action="store_true", help="bring a retracted snapshot back")
    p.add_argument("--captured-at", metavar="TIME", help="with --undo: bring it back at this capture time (ISO 8601), its right one")
    add_db_options(p)
    p.set_defaults(func=cmd_retract)

    p = sub.add_parser("publish", help="write the read-only copy for analysts (done after every run that loads pages), "
                                       "and send it with the Parquet exports and feeds to object storage")
    add_db_options(p, archive=False)
    p.add_argument("--to", metavar="URL", help="also copy the published copy, the Parquet exports, the feeds and a manifest "
                                               "to s3://bucket/prefix, gs://bucket/prefix or a folder "
                                               "(default: $AA_LEADERBOARDS_PUBLISH_TO, which every run uses too)")
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

    p = sub.add_parser("report", help="write one self-contained HTML report: per board, what changed, movers, histories, charts and the board")
    add_db_options(p, archive=False)
    p.add_argument("--out", metavar="FILE", help="where to write it (default: report.html beside the database)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("verify", help="check every archived page against its hash and sidecar, and every snapshot against its page")
    add_db_options(p)
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("show", help="print the newest snapshot of each board (or each board as it stood on a date)")
    add_db_options(p, archive=False)
    p.add_argument("--tier", choices=TIERS)
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="each board as it stood at the end of DATE (UTC)")
    p.add_argument("--columns", type=show_columns, metavar="NAMES",
                   help="the table's columns, in order, most wanted first (comma-separated: " + ", ".join(c.name for c in SHOW_COLUMNS) + ")")
    p.add_argument("--sort", type=show_column, metavar="NAME", help="order each board by this column (missing values last)")
    p.add_argument("--reverse", action="store_true", help="with --sort: largest first")
    p.add_argument("--limit", type=count, metavar="N", help="the first N models of each board")
    add_format_option(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("diff", help="the net difference between two boards: entered, left, renamed, moved, changed values")
    p.add_argument("old", type=date_or_snapshot, metavar="DATE_OR_SNAPSHOT", help="a day (the boards at its end, UTC) or a snapshot id")
    p.add_argument("new", type=date_or_snapshot, metavar="DATE_OR_SNAPSHOT")
    p.add_argument("--tier", choices=TIERS, help="one board only")
    add_db_options(p, archive=False)
    add_format_option(p)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("changes", help="what changed on the boards in a period: entered, left, index and price changes, "
                                       "new first places, methodology, held boards, failed runs")
    p.add_argument("--since", type=iso_date, metavar="DATE", help="first day, by capture time in UTC (YYYY-MM-DD)")
    p.add_argument("--until", type=iso_date, metavar="DATE", help="last day, inclusive (YYYY-MM-DD)")
    p.add_argument("--tier", choices=TIERS, help="one board only (failed runs that name no board are left out)")
    add_db_options(p, archive=False)
    add_format_option(p)
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("notify", help="send a test message to a notification receiver (an Apprise URL)")
    p.add_argument("--test", action="append", metavar="URL", default=[], help="the receiver (repeatable)")
    p.set_defaults(func=cmd_notify)

    p = sub.add_parser("health", help="exit 0 when every board's newest night is younger than --max-age and the last run "
                                      "succeeded, else 1 with one line per problem (for cron, systemd and monitoring)")
    p.add_argument("--max-age", type=duration, default=DEFAULT_MAX_AGE, metavar="AGE",
                   help="the oldest a board's newest night may be: 36h (default), 90m, 2d, or seconds")
    p.add_argument("--tier", choices=TIERS, action="append", help="a board that must be there (repeatable; default: every board loaded)")
    add_db_options(p, archive=False)
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("status", help="boards, snapshot counts, last run, database and archive paths")
    add_db_options(p)
    add_format_option(p)
    p.set_defaults(func=cmd_status)
