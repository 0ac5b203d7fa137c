"""A real Prefect server on 127.0.0.1 for a whole run of the suite on pytest-xdist's workers,
started by the controller before the workers start, so its 15-30 s start (mostly migrating a
fresh SQLite database) overlaps the workers' own start and first tests instead of stalling the
worker that runs the "prefect" group. The workers find it by PREFECT_SERVER_URL_VARIABLE.

It is the server Prefect's own test harness starts (uvicorn serving
prefect.server.api.server:create_app on a temporary SQLite database, without the UI); a run of
a few modules, or without workers, uses the harness itself (conftest.prefect_harness).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Where the controller tells the workers the server is (set before they start, so they inherit it).
PREFECT_SERVER_URL_VARIABLE = "AA_TEST_PREFECT_API_URL"
PREFECT_SERVER_LOG_VARIABLE = "AA_TEST_PREFECT_SERVER_LOG"
PREFECT_SERVER_PID_VARIABLE = "AA_TEST_PREFECT_SERVER_PID"


@dataclass
class EarlyServer:
    process: subprocess.Popen[bytes]
    folder: Path
    api_url: str

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


def runs_harness_tests(args: list[str], tests_dir: Path) -> bool:
    """Whether a run of these command-line paths takes in a module that uses the harness (the
    whole folder, or a module naming the fixture; the controller collects nothing to ask)."""
    for arg in args or [str(tests_dir)]:
        path = Path(arg.split("::", 1)[0]).resolve()
        if path == tests_dir or (path.parent == tests_dir and path.suffix == ".py"
                                 and "prefect_harness" in path.read_text(encoding="utf-8")):
            return True
    return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start() -> EarlyServer:
    """Start the server, without waiting for it to answer (wait_until_healthy does)."""
    # Where Prefect is installed, found without importing it (seconds): the server imports it.
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.origin is not None, "Prefect is a dependency of the project"
    folder = Path(tempfile.mkdtemp(prefix="aa-leaderboards-prefect-server-"))
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(folder / "home"), "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
           "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{folder / 'prefect.db'}",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "error",
             "--lifespan", "on"], env=env, stdout=out, stderr=subprocess.STDOUT)
    return EarlyServer(process, folder, f"http://127.0.0.1:{port}/api")


def _ended(pid: int | None) -> bool:
    """Whether the process has ended: gone, or a zombie its parent has not reaped yet (False
    where /proc cannot tell)."""
    if pid is None:
        return False
    try:
        return "State:\tZ" in Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return Path("/proc/self").exists()  # gone, where /proc is there to say so
    except OSError:
        return False


def wait_until_healthy(api_url: str, log: str | None, pid: int | None = None, timeout_s: float = 120) -> None:
    """Return once the server answers its health check; fail naming its log when it has ended or never answers."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if _ended(pid):
            raise RuntimeError(f"the suite's Prefect server at {api_url} has ended before answering (its log: {log})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the suite's Prefect server at {api_url} did not answer within {timeout_s:.0f} s (its log: {log})")
        time.sleep(0.2)
