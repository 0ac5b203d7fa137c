"""aa-leaderboards publish: write the read-only copy for analysts (done after every run that loads
pages), and send it with the Parquet exports and feeds to object storage."""

from __future__ import annotations

import argparse

from ...outputs.display import safe
from ...outputs.publishing import publish, publish_destination
from ...outputs.remote import MANIFEST, publish_to
from ...runs.runlock import run_lock
from ..options import (
    add_db_options,
    require_db,
    settings_from,
)

HELP = ("write the read-only copy for analysts (done after every run that loads pages), "
        "and send it with the Parquet exports and feeds to object storage")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser, archive=False)
    parser.add_argument("--to", metavar="URL", help="also copy the published copy, the Parquet exports, the feeds and a manifest "
                                               "to s3://bucket/prefix, gs://bucket/prefix or a folder "
                                               "(default: $AA_LEADERBOARDS_PUBLISH_TO, which every run uses too)")


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    require_db(settings)
    with run_lock(settings.db_path, "aa-leaderboards publish", settings.lock_timeout_s):
        target = publish(settings)
        print(f"published {target}")
        remote = args.to or publish_destination()
        if remote:
            manifest = publish_to(settings.db_path, remote)
            print(f"published {len(manifest['files'])} file(s) and {MANIFEST} to {safe(remote)}")
    return 0
