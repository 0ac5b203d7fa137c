"""aa-leaderboards serve: serve the nightly refresh on a schedule (needs a Prefect server)."""

from __future__ import annotations

import argparse

from ...sources.fetch import DEFAULT_SOURCES
from ..options import (
    add_db_options,
    add_notify_option,
    add_url_option,
    flow_notify_env,
    notifications_for,
    port,
    settings_from,
)

HELP = "serve the nightly refresh on a schedule (needs a Prefect server)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cron", default="0 3 * * *", help='schedule (default: "0 3 * * *")')
    parser.add_argument("--timezone", default="UTC", help="time zone of the schedule (default: UTC)")
    parser.add_argument("--start-server", action="store_true", help="start `prefect server start` on 127.0.0.1 for as long as this runs")
    parser.add_argument("--port", type=port, default=4200, help="port for --start-server (default: 4200)")
    add_url_option(parser)
    add_db_options(parser)
    add_notify_option(parser)


def run(args: argparse.Namespace) -> int:
    from ...runs.serve import serve

    settings = settings_from(args)
    # Checked now (a bad URL is a usage error before the server starts); the served flow reads
    # them from the environment it inherits.
    flow_notify_env(notifications_for(args))
    return serve(settings, cron=args.cron, timezone=args.timezone, start_server=args.start_server,
                 urls=list(args.url or DEFAULT_SOURCES.values()), port=args.port)
