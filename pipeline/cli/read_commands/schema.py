"""aa-leaderboards schema: the data dictionary: every analyst table, view and column with its type
and comment."""

from __future__ import annotations

import argparse

from ..options import (
    add_db_options,
    settings_from,
)

HELP = "the data dictionary: every analyst table, view and column with its type and comment"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser, archive=False)
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")


def run(args: argparse.Namespace) -> int:
    from warehouse.catalog import dictionary, to_json, to_markdown

    settings = settings_from(args)
    if settings.db_path.exists():
        with settings.reading() as con:
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
