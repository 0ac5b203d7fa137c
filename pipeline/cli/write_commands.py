"""Commands that write outside a run: release a held board (accept), publish, export, the
report, a test notification. Each output path is checked first: never over the warehouse's own files."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from warehouse.db import open_warehouse
from warehouse.events import record_events
from warehouse.publish import EXPORT_VIEWS, export, published_path

from ..errors import PipelineError, UsageError
from ..outputs.display import safe
from ..outputs.notify import parse_targets
from ..outputs.publishing import publish, publish_destination
from ..outputs.remote import MANIFEST, publish_to
from ..runs.runlock import lock_path, run_lock
from ..settings import Settings
from ..sources.capture_times import checked_option, parse_timestamp
from .options import require_db, settings_from


def cmd_accept(args: argparse.Namespace) -> int:
    from warehouse.queries import accept_boards

    settings = settings_from(args)
    if not settings.db_path.exists():
        raise PipelineError(f"{settings.db_path}: no database yet")
    with run_lock(settings.db_path, "aa-leaderboards accept", settings.lock_timeout_s), \
            open_warehouse(settings.db_path, lock_timeout_s=settings.lock_timeout_s) as con:
        released = accept_boards(con, args.snapshot_id, args.tier)
        if not released:
            board = f"{args.tier} board" if args.tier else "board"
            raise PipelineError(f"{settings.db_path}: snapshot {args.snapshot_id} has no held {board} "
                                "(`aa-leaderboards status` lists the boards held)")
        # Released, the board joins the views: its changes are events now (told by the next run that notifies).
        record_events(con, [args.snapshot_id], [], dt.datetime.now(dt.UTC))
        publish(settings.db_path, con=con, lock_timeout_s=settings.lock_timeout_s)
    print(f"accepted: {', '.join(released)} board(s) of snapshot {args.snapshot_id}; the views and the published copy show them")
    return 0


def cmd_retract(args: argparse.Namespace) -> int:
    from warehouse.queries import retract

    settings = settings_from(args)
    require_db(settings)
    if not args.undo and not (args.why or "").strip():
        raise UsageError("retract needs --why TEXT: the reason is recorded with the retraction")
    if args.captured_at and not args.undo:
        raise UsageError("--captured-at goes with --undo: a retracted snapshot comes back at its right capture time")
    captured = checked_option(parse_timestamp(args.captured_at)) if args.captured_at else None
    with run_lock(settings.db_path, "aa-leaderboards retract", settings.lock_timeout_s), \
            open_warehouse(settings.db_path, lock_timeout_s=settings.lock_timeout_s) as con:
        try:
            changed = retract(con, args.snapshot_id, (args.why or "").strip(), undo=args.undo, captured_at=captured)
        except LookupError as exc:
            raise PipelineError(f"{settings.db_path}: {exc} (`aa-leaderboards status` lists the snapshots retracted)") from None
        # The events of the snapshot and of the nights compared with it now hold or no longer hold.
        record_events(con, changed, [], dt.datetime.now(dt.UTC))
        publish(settings.db_path, con=con, lock_timeout_s=settings.lock_timeout_s)
    if args.undo:
        print(f"snapshot {args.snapshot_id} is back in the views, the changes, the feeds and the published copy")
    else:
        print(f"retracted snapshot {args.snapshot_id}: left out of the views, the changes, the feeds and the published "
              f"copy; its page stays archived (`aa-leaderboards retract --undo {args.snapshot_id}` brings it back)")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    require_db(settings)
    with run_lock(settings.db_path, "aa-leaderboards publish", settings.lock_timeout_s):
        target = publish(settings.db_path, lock_timeout_s=settings.lock_timeout_s)
        print(f"published {target}")
        remote = args.to or publish_destination()
        if remote:
            manifest = publish_to(settings.db_path, remote)
            print(f"published {len(manifest['files'])} file(s) and {MANIFEST} to {safe(remote)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    require_db(settings)
    out = Path(args.out) if args.out else settings.db_path.parent / "export"
    refuse_protected_output(out, settings, [out / f"{view}.{args.format}" for view in EXPORT_VIEWS])
    for path in export(settings.db_path, out, args.format, lock_timeout_s=settings.lock_timeout_s, raw_csv=args.raw_csv):
        print(path)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ..outputs.report import write_report

    settings = settings_from(args)
    require_db(settings)
    out = Path(args.out) if args.out else settings.db_path.parent / "report.html"
    refuse_protected_output(out, settings)
    path, charts = write_report(settings.db_path, out, lock_timeout_s=settings.lock_timeout_s)
    print(f"wrote {path} ({charts} charts)")
    return 0


def cmd_notify(args: argparse.Namespace) -> int:
    from ..outputs.digest import Message
    from ..outputs.notify import send

    if not args.test:
        raise UsageError("notify: give --test URL (a receiver to send a test message to)")
    message = Message(title="aa-leaderboards: test message",
                      body="This is a test message from `aa-leaderboards notify --test`. Runs given this receiver "
                           "(--notify or $AA_LEADERBOARDS_NOTIFY) send what changed on the boards, held boards and "
                           "failed runs here.\n", warning=False)
    failed = 0
    for target in parse_targets(args.test, env=""):
        delivery = send(target, message)
        if delivery.delivered:
            print(f"delivered: test message to {safe(target.label)}")
        else:
            failed += 1
            print(f"error: not delivered: test message to {safe(target.label)} ({safe(delivery.reason)})", file=sys.stderr)
    return 1 if failed else 0


def refuse_protected_output(out: Path, settings: Settings, files: Sequence[Path] = ()) -> None:
    """An output (`out`, and the `files` to be written in it) must never be the warehouse, its
    write-ahead log, the published copy or the raw archive: a report or export written there
    would replace what it was made from. Compared as resolved paths (links followed)."""
    db = settings.db_path.resolve()
    published = published_path(settings.db_path).resolve()
    protected = {db, Path(f"{db}.wal"), published, Path(f"{published}.wal"), lock_path(settings.db_path).resolve()}
    archive = settings.archive_dir.resolve()
    for target in (out, *files):
        resolved = target.resolve()
        # A hard link is the same file under another name: compared by device and inode too.
        if resolved in protected or (target.exists() and any(p.exists() and os.path.samefile(target, p) for p in protected)):
            raise UsageError(f"{target}: that is the warehouse's own file ({resolved}); choose another output path")
        if resolved == archive or archive in resolved.parents:
            raise UsageError(f"{target}: that is inside the raw-page archive ({archive}); choose another output path")
