"""aa-leaderboards accept: release a board held back for shrinking into the views and the published
copy."""

from __future__ import annotations

import argparse
import datetime as dt

from parsers.boards import TIERS
from warehouse.events import record_events

from ...errors import PipelineError
from ...outputs.publishing import publish
from ...runs.runlock import run_lock
from ..options import (
    add_db_options,
    settings_from,
)

HELP = "release a board held back for shrinking into the views and the published copy"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("snapshot_id", type=int, metavar="SNAPSHOT_ID", help="the snapshot (`status` lists held boards)")
    parser.add_argument("--tier", choices=TIERS, help="release only this board of the snapshot")
    add_db_options(parser)


def run(args: argparse.Namespace) -> int:
    from warehouse.queries import accept_boards

    settings = settings_from(args)
    if not settings.db_path.exists():
        raise PipelineError(f"{settings.db_path}: no database yet")
    with run_lock(settings.db_path, "aa-leaderboards accept", settings.lock_timeout_s), \
            settings.writing() as con:
        released = accept_boards(con, args.snapshot_id, args.tier)
        if not released:
            board = f"{args.tier} board" if args.tier else "board"
            raise PipelineError(f"{settings.db_path}: snapshot {args.snapshot_id} has no held {board} "
                                "(`aa-leaderboards status` lists the boards held)")
        # Released, the board joins the views: its changes are events now (told by the next run that notifies).
        record_events(con, [args.snapshot_id], [], dt.datetime.now(dt.UTC))
        publish(settings, con=con)
    print(f"accepted: {', '.join(released)} board(s) of snapshot {args.snapshot_id}; the views and the published copy show them")
    return 0
