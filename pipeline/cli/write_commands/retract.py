"""aa-leaderboards retract: take a loaded snapshot back out of every view, change, feed and export
(its page stays archived)."""

from __future__ import annotations

import argparse
import datetime as dt

from warehouse.events import record_events

from ...errors import PipelineError, UsageError
from ...outputs.publishing import publish
from ...runs.runlock import run_lock
from ...sources.capture_times import checked_option, parse_timestamp
from ..options import (
    add_db_options,
    require_db,
    settings_from,
)

HELP = "take a loaded snapshot back out of every view, change, feed and export (its page stays archived)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("snapshot_id", type=int, metavar="SNAPSHOT_ID", help="the snapshot (`status` lists the boards' latest)")
    parser.add_argument("--why", metavar="TEXT", help="the reason, recorded with the retraction (required unless --undo)")
    parser.add_argument("--undo", action="store_true", help="bring a retracted snapshot back")
    parser.add_argument("--captured-at", metavar="TIME", help="with --undo: bring it back at this capture time (ISO 8601), its right one")
    add_db_options(parser)


def run(args: argparse.Namespace) -> int:
    from warehouse.queries import retract

    settings = settings_from(args)
    require_db(settings)
    if not args.undo and not (args.why or "").strip():
        raise UsageError("retract needs --why TEXT: the reason is recorded with the retraction")
    if args.captured_at and not args.undo:
        raise UsageError("--captured-at goes with --undo: a retracted snapshot comes back at its right capture time")
    captured = checked_option(parse_timestamp(args.captured_at)) if args.captured_at else None
    with run_lock(settings.db_path, "aa-leaderboards retract", settings.lock_timeout_s), \
            settings.writing() as con:
        try:
            changed = retract(con, args.snapshot_id, (args.why or "").strip(), undo=args.undo, captured_at=captured)
        except LookupError as exc:
            raise PipelineError(f"{settings.db_path}: {exc} (`aa-leaderboards status` lists the snapshots retracted)") from None
        # The events of the snapshot and of the nights compared with it now hold or no longer hold.
        record_events(con, changed, [], dt.datetime.now(dt.UTC))
        publish(settings, con=con)
    if args.undo:
        print(f"snapshot {args.snapshot_id} is back in the views, the changes, the feeds and the published copy")
    else:
        print(f"retracted snapshot {args.snapshot_id}: left out of the views, the changes, the feeds and the published "
              f"copy; its page stays archived (`aa-leaderboards retract --undo {args.snapshot_id}` brings it back)")
    return 0
