"""The aa-leaderboards command run in this process: `main(argv)` with its environment set and its
output captured, giving what a subprocess would (exit status, stdout, stderr) in a tenth of the
time. Tests where the process itself is the point (kills, signals, a closed pipe, the installed
entry point, a fresh clone) start the installed command instead (`console_script()`)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from pipeline.cli.main import main

# What every run here sees: Prefect's telemetry off, as the suite sets it.
BASE_ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


def console_script() -> str:
    """The installed `aa-leaderboards` beside this interpreter."""
    return str(Path(sys.executable).parent / "aa-leaderboards")


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
