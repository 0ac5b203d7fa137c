"""The `aa-leaderboards` command.

main.py runs it (one line and an exit status for every failure); parser.py lists every
subcommand and its options; run_commands.py runs the jobs; read_commands.py and
write_commands.py hold the rest; lines.py is what a run prints.
"""

from .main import console_main, main
from .parser import build_parser

__all__ = ["build_parser", "console_main", "main"]
