"""aa-leaderboards verify: check every archived page against its hash and sidecar, and every
snapshot against its page."""

from __future__ import annotations

import argparse

from ...outputs.display import safe
from ..options import (
    add_db_options,
    settings_from,
)

HELP = "check every archived page against its hash and sidecar, and every snapshot against its page"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_options(parser)


def run(args: argparse.Namespace) -> int:
    from ...archive.verify import verify

    settings = settings_from(args)
    report = verify(settings)
    for finding in report.findings:
        print(safe(finding.line()))
    for note in report.notes:
        print(f"note: {safe(note)}")
    print(f"verified {report.pages} archived page(s) and {report.snapshots} warehouse snapshot(s): "
          f"{len(report.findings)} problem(s)")
    return 1 if report.findings else 0
