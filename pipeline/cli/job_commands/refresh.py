"""aa-leaderboards refresh: fetch every board, archive, parse and load (the nightly job)."""

from __future__ import annotations

import argparse

from ...runs import refresh_urls
from ...sources.fetch import DEFAULT_SOURCES
from ..lines import page_printer, print_outcomes, print_summary
from ..options import (
    add_db_options,
    add_fetch_options,
    add_job_options,
    add_url_option,
    notifications_for,
    orchestrated,
    policy_from,
    run_as_flow,
    settings_from,
)

HELP = "fetch every board, archive, parse and load (the nightly job)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_url_option(parser)
    add_db_options(parser)
    add_fetch_options(parser, "the site's")
    add_job_options(parser)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    notifications = notifications_for(args)
    urls = list(args.url or DEFAULT_SOURCES.values())
    policy = policy_from(args)
    if orchestrated(args):
        from ...runs.flows import refresh_flow  # Prefect is imported only when asked for

        return print_outcomes(run_as_flow(refresh_flow, settings, notifications, policy, urls=urls), args.verbose)
    return print_summary(refresh_urls(settings, urls, policy=policy, on_outcome=page_printer(args.verbose), notifications=notifications))
