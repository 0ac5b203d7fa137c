"""main(): parse the command line, run the command, turn every failure into one line and an exit status.

Exit 0 on success, 1 on a data failure, 2 on a usage error, 141 when the reader went away.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import NoReturn

from parsers import ParseError
from warehouse.errors import DatabaseLockedError, WarehouseError

from ..errors import PipelineError, UsageError
from ..outputs.display import safe
from ..runs.outcomes import EXIT_TEMPORARY
from ..runs.runlock import RunLockedError
from .parser import build_parser

EXIT_DATA, EXIT_USAGE = 1, 2
# A reader that closed the pipe (`| head`): the status a shell reports for a program ended by
# SIGPIPE (128 + 13), which is what `cat` or `grep` would give in the same place.
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    verbose = "--verbose" in (argv if argv is not None else sys.argv[1:])
    try:
        parser = build_parser()
        if not (argv if argv is not None else sys.argv[1:]):
            # A bare command: the usage with every command, and no command run.
            sys.stdout.write(parser.format_help())
            return EXIT_USAGE
        args = parser.parse_args(argv)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except BrokenPipeError:
        return _closed_pipe()
    except SystemExit as exc:  # --help and --version print and leave, as argparse does
        return exc.code if isinstance(exc.code, int) else 0
    except UsageError as exc:
        print(f"error: {safe(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except (RunLockedError, DatabaseLockedError) as exc:
        # Another run holds the database: try again later, nothing is broken.
        if verbose:
            traceback.print_exc()
        print(f"error: {safe(exc)}", file=sys.stderr)
        return EXIT_TEMPORARY
    except (ParseError, PipelineError, WarehouseError) as exc:
        if verbose:
            traceback.print_exc()
        print(f"error: {safe(exc)}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001  (the last resort: a one-line report, the traceback only on --verbose
        if verbose:
            traceback.print_exc()
        print(f"error: unexpected {type(exc).__name__}: {safe(exc)} (run with --verbose for details)", file=sys.stderr)
        return EXIT_DATA


def _closed_pipe() -> int:
    """The reader went away: stop quietly. Whatever was still buffered goes to /dev/null, so
    the interpreter's last flush cannot print 'Exception ignored ... BrokenPipeError'."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def console_main() -> NoReturn:
    """The console script: main(), then the interpreter's ordinary exit. Output still buffered
    for a reader that went away goes nowhere, quietly."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _closed_pipe()
    except (OSError, ValueError):
        pass
    sys.exit(code)
