"""The `aa-leaderboards` command.

main.py runs it (one line and an exit status for every failure); parser.py gathers the
commands, each a module that declares its options and runs (job_commands/, read_commands/,
write_commands/); options.py holds the options several share; lines.py is what a run prints.
"""

from .main import console_main, main
from .parser import build_parser

__all__ = ["build_parser", "console_main", "main"]
