"""`aa-leaderboards serve`: the nightly refresh as a scheduled Prefect deployment.

Prefect's temporary server cannot run schedules ("Cannot schedule flows on an ephemeral
server"), so serving needs a real server: the one PREFECT_API_URL names, or one this command
starts on 127.0.0.1 as its own child (--start-server) and stops on exit.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path
from types import FrameType

import requests

from ..errors import PipelineError, UsageError
from ..settings import Settings
from .prefect_env import api_url, apply_defaults

HEALTH_TIMEOUT_S = 180.0
_CRON = re.compile(r"^\s*\S+(\s+\S+){4}\s*$")

NEEDS_SERVER = (
    "serve needs a Prefect server (the temporary one cannot run schedules). Either: "
    "start one with `prefect server start` and `export PREFECT_API_URL=http://127.0.0.1:4200/api`; "
    "or run `aa-leaderboards serve --start-server`; "
    "or skip Prefect and schedule `aa-leaderboards refresh` with cron or a systemd timer (see docs/nightly.md)"
)


def _check(cron: str, timezone: str) -> None:
    if not _CRON.match(cron):
        raise UsageError(f"--cron {cron!r}: expected five fields, e.g. \"0 3 * * *\"")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"--timezone {timezone!r}: unknown time zone") from exc


def start_prefect_server(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    """`prefect server start` on 127.0.0.1 as a child; returns once /api/health answers."""
    prefect_cli = Path(sys.executable).parent / "prefect"
    command = [str(prefect_cli) if prefect_cli.exists() else "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("ab")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=os.environ.copy())
    health = f"http://127.0.0.1:{port}/api/health"
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PipelineError(f"prefect server exited with status {server.returncode} before it was healthy; see {log_path}")
        try:
            if requests.get(health, timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(1)
    stop_server(server)
    raise PipelineError(f"{health}: prefect server not healthy after {HEALTH_TIMEOUT_S:.0f}s; see {log_path}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # so the finally blocks below stop the child server


def serve(settings: Settings, *, cron: str, timezone: str, start_server: bool, urls: list[str], port: int) -> int:
    _check(cron, timezone)
    apply_defaults()
    server = None
    if api_url() is None:
        if not start_server:
            print(f"error: {NEEDS_SERVER}", file=sys.stderr)
            return 2
        server = start_prefect_server(port, settings.db_path.parent / "prefect-server.log")
        # Set before Prefect is imported: it reads its settings at import time.
        os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
        print(f"started prefect server at http://127.0.0.1:{port} (PID {server.pid}); it stops when this command does")
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        from prefect.schedules import Cron

        from .flows import refresh_flow

        print(f"serving refresh on {cron!r} ({timezone}) into {settings.db_path}; Ctrl-C to stop")
        refresh_flow.serve(
            name="nightly-refresh",
            schedules=[Cron(cron, timezone=timezone)],
            parameters={"urls": urls, "db": str(settings.db_path.resolve()), "archive": str(settings.archive_dir.resolve()),
                        "lock_timeout_s": settings.lock_timeout_s},
            print_starting_message=True,
        )
    except KeyboardInterrupt:
        print("stopped")
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server is not None:
            stop_server(server)
    return 0
