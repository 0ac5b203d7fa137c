"""aa-leaderboards parse: print the rows of one saved page (no database)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from parsers import ModelRow, ParsedPage, parse_page

from ...errors import PipelineError, UsageError
from ...outputs.display import json_document, render, safe, to_terminal, write_stdout
from ...sources.saved_files import read_saved
from ..options import (
    add_format_option,
)

HELP = "print the rows of one saved page (no database)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a saved page: .html, .htm, .txt, optionally .gz")
    add_format_option(parser)
    parser.add_argument("--explain", action="store_true",
                        help="instead of the rows, say how the page was read: strategy per source, column map, warnings")


def run(args: argparse.Namespace) -> int:
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
