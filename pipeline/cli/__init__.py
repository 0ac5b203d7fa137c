"""The `aa-leaderboards` command. Exit 0 on success, 1 on a data failure, 2 on a usage error."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from parsers import ModelRow, ParsedPage, ParseError, parse_page
from warehouse.errors import WarehouseError

from ..errors import PipelineError, UsageError
from ..outputs.display import json_document, render, safe, to_terminal, write_stdout

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
# A reader that closed the pipe (`| head`): the status a shell reports for a program ended by
# SIGPIPE (128 + 13), which is what `cat` or `grep` would give in the same place.
EXIT_BROKEN_PIPE = 141


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 on usage errors; keep one line
        raise UsageError(f"{self.prog}: {message}")


def cmd_parse(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        raise PipelineError(f"{path}: no such file")  # exit 1, as `ingest` says of a file it is given
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    page = parse_page(data, source=str(path))
    if args.explain:
        write_stdout(_explain(page, args.format))
        return EXIT_OK
    for warning in page.warnings:
        print(f"warning: {safe(warning)}", file=sys.stderr)
    write_stdout(render([row.as_dict() for row in page.rows], args.format, fields=ModelRow.field_names(),
                        to_terminal=to_terminal()))
    return EXIT_OK


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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aa-leaderboards", description="Versioned history of Artificial Analysis' open-weights leaderboards.")
    parser.add_argument("--verbose", action="store_true", help="show tracebacks and debug output")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("parse", help="print the rows of one saved page (no database)")
    p.add_argument("file", help="a saved page: .html, .htm, .txt, optionally .gz")
    from . import commands

    commands.add_format_option(p)
    p.add_argument("--explain", action="store_true",
                   help="instead of the rows, say how the page was read: strategy per source, column map, warnings")
    p.set_defaults(func=cmd_parse)

    commands.register(sub)
    # Global options go before or after the subcommand: `parse FILE --verbose` as well.
    for subparser in sub.choices.values():
        subparser.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                               help="show tracebacks and debug output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    verbose = "--verbose" in (argv if argv is not None else sys.argv[1:])
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except BrokenPipeError:
        return _closed_pipe()
    except UsageError as exc:
        print(f"error: {safe(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except (ParseError, PipelineError, WarehouseError) as exc:
        if verbose:
            traceback.print_exc()
        print(f"error: {safe(exc)}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001  (the last resort: a one-line report, the traceback only on --verbose
        if verbose:
            traceback.print_exc()
        print(f"error: unexpected {type(exc).__name__}: {safe(exc)} (run with --verbose for details)", file=sys.stderr)
        return EXIT_DATA


def _closed_pipe() -> int:
    """The reader went away: stop quietly. Whatever was still buffered goes to /dev/null, so
    the interpreter's last flush cannot print 'Exception ignored ... BrokenPipeError'."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def console_main() -> NoReturn:
    """The console script: main(), then an exit that skips the interpreter's teardown.

    Tearing down duckdb, requests and lxml at exit costs about 70 ms here, half of what a
    nightly ingest does; by the time main() returns, every file, connection and lock has been
    closed by its with-block, so the teardown has nothing left to do. Where something still
    needs the ordinary exit (Prefect's hooks stop its temporary server; a live thread or child
    process would be cut off; a profiler, coverage or debugger writes its results on the way
    out), that is the exit taken.
    """
    code = main()
    if ("prefect" in sys.modules or threading.active_count() > 1 or _child_processes()
            or sys.getprofile() is not None or sys.gettrace() is not None):
        sys.exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _closed_pipe()
    except (OSError, ValueError):
        pass
    if "logging" in sys.modules:
        import logging

        logging.shutdown()
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _child_processes() -> bool:
    multiprocessing = sys.modules.get("multiprocessing")
    return bool(multiprocessing and multiprocessing.active_children())


if __name__ == "__main__":
    console_main()
