"""The aa-leaderboards command run in this process: `main(argv)` with its environment set and its
output captured, giving what a subprocess would (exit status, stdout, stderr) in a tenth of the
time. Tests where the process itself is the point (kills, signals, a closed pipe, the installed
entry point, a fresh clone) start the installed command instead (`console_script()`)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from pipeline.cli.main import main

# What every run here sees: Prefect's telemetry off, and no receivers or publishing destination
# a developer's shell may have set (a test that wants them sets them).
SAFE_ENV = {**{k: v for k, v in os.environ.items() if k not in ("AA_LEADERBOARDS_NOTIFY", "AA_LEADERBOARDS_PUBLISH_TO")},
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
# What no text the command writes for a terminal may hold: controls, and the marks that reorder
# or hide text (bidi overrides and isolates, line and paragraph separators).
TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def console_script() -> str:
    """The installed `aa-leaderboards` beside this interpreter (the test skips, saying why, where it is not)."""
    found = shutil.which("aa-leaderboards", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the aa-leaderboards console script is not installed beside this Python (run `make test`)")
    return found


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process, with the suite's environment (SAFE_ENV)."""
    return run_cli(*args, env=SAFE_ENV)


def run_cli(*args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command with `args` under `env` (default: this process's environment) and return
    its exit status and output as subprocess.run would."""
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["aa-leaderboards", *args], code, out.getvalue(), err.getvalue())
