"""aa-leaderboards notify: send a test message to a notification receiver (an Apprise URL)."""

from __future__ import annotations

import argparse
import sys

from ...errors import UsageError
from ...outputs.display import safe
from ...outputs.notify import parse_targets

HELP = "send a test message to a notification receiver (an Apprise URL)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--test", action="append", metavar="URL", default=[], help="the receiver (repeatable)")


def run(args: argparse.Namespace) -> int:
    from ...outputs.digest import Message
    from ...outputs.notify import send

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
