"""End-to-end check of `aa-leaderboards serve --start-server --cron "* * * * *"`.

Against a fresh Prefect home and a local HTTP server serving the fixture boards, it starts
`serve`, waits for the Prefect server it starts, and for at least one scheduled refresh run
to complete (limit: three minutes), checks the boards were loaded, then stops `serve` and
checks the server went with it. Slow (a minute or two); not part of `make test`.
Run: .venv/bin/python bench/check_serve.py
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.board_server import BoardServer  # noqa: E402

LIMIT_S = 180.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def completed_runs(api: str) -> list[dict]:
    body = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}
    response = requests.post(f"{api}/flow_runs/filter", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def main() -> int:
    boards = BoardServer().start()
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(PREFECT_HOME=str(folder / "prefect-home"), PYTHONPATH=str(ROOT))
        db = folder / "data" / "lb.duckdb"
        command = [sys.executable, "-m", "pipeline.cli", "serve", "--start-server", "--port", str(port), "--cron", "* * * * *",
                   "--db", str(db), "--url", boards.base + "/small", "--url", boards.base + "/tiny"]
        started = time.monotonic()
        serve = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 start_new_session=True)
        try:
            runs: list[dict] = []
            while time.monotonic() - started < LIMIT_S and serve.poll() is None:
                time.sleep(5)
                try:
                    runs = completed_runs(api)
                except requests.RequestException:
                    continue
                if runs:
                    break
            elapsed = time.monotonic() - started
            if not runs:
                print(f"FAIL: no completed scheduled run within {LIMIT_S:.0f}s (serve exit status {serve.poll()})")
                return 1
            print(f"OK: scheduled run {runs[0]['name']!r} completed {elapsed:.0f}s after `serve` started "
                  f"(deployment {runs[0].get('deployment_id')})")
        finally:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                out, _ = serve.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                out, _ = serve.communicate()
            boards.stop()
        with duckdb.connect(str(db), read_only=True) as con:
            loaded = con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier ORDER BY tier").fetchall()
        print(f"boards loaded by the scheduled run: {loaded}")
        try:
            requests.get(f"{api}/health", timeout=2)
            print("FAIL: the Prefect server still answers after serve stopped")
            return 1
        except requests.RequestException:
            print("OK: the Prefect server stopped with serve")
        print("serve output (last lines):")
        print("\n".join(out.strip().splitlines()[-8:]))
        return 0 if loaded == [("small", 59), ("tiny", 26)] else 1


if __name__ == "__main__":
    sys.exit(main())
