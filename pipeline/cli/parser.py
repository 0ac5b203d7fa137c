"""The command line: the commands (a module each, declaring its options and running) under one parser."""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn, Protocol

from ..errors import UsageError
from ..version import __version__
from .job_commands import backfill, ingest, refresh, reparse, serve
from .read_commands import changes, diff, health, parse, schema, show, status, verify
from .write_commands import accept, export, notify, publish, report, retract


class Command(Protocol):
    """A command is a module: its help line, the options it declares, and what it runs."""

    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# In the order `aa-leaderboards --help` lists them; each module's name is its command's.
COMMANDS: tuple[Command, ...] = (parse, ingest, refresh, backfill, reparse, serve, accept, retract, publish, export,
                                 schema, report, verify, show, diff, changes, notify, health, status)


def _nearest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 on usage errors; keep one line
        wrong = re.match(r"argument command: invalid choice: '(.*?)'", message)
        if wrong:
            commands = self._subcommands()
            raise UsageError(f"{self.prog}: unknown command {wrong.group(1)!r}{_nearest(wrong.group(1), commands)} "
                             f"(commands: {', '.join(commands)})")
        raise UsageError(f"{self.prog}: {message}")

    def _subcommands(self) -> dict[str, argparse.ArgumentParser]:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """As argparse, but an unknown option is named with its command and the nearest option."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = self._subcommands().get(getattr(parsed, "command", None) or "", self)
            options = [o for action in command._actions for o in action.option_strings]
            unknown = next((e for e in extras if e.startswith("-")), extras[0])
            what = "option" if unknown.startswith("-") else "argument"
            raise UsageError(f"{command.prog}: unknown {what} {unknown!r}"
                             + (_nearest(unknown.split("=")[0], options) if unknown.startswith("-") else ""))
        return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aa-leaderboards", description="Versioned history of Artificial Analysis' open-weights leaderboards.")
    parser.add_argument("--verbose", action="store_true", help="show tracebacks and debug output")
    parser.add_argument("--version", action="version", version=f"aa-leaderboards {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        subparser = sub.add_parser(command_name(command), help=command.HELP)
        command.add_arguments(subparser)
        # Global options go before or after the subcommand: `parse FILE --verbose` as well.
        subparser.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                               help="show tracebacks and debug output")
        subparser.set_defaults(func=command.run)
    return parser


def command_name(command: Command) -> str:
    return str(getattr(command, "__name__", "")).rsplit(".", 1)[-1]
