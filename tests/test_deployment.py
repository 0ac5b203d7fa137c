"""The repository's prefect.yaml, deployed to a real Prefect server on 127.0.0.1 (the one the
suite's Prefect harness runs) and run by a process worker, as a team runs it: `prefect
--no-prompt deploy --all` from the repository root, then `prefect worker start --pool
aa-leaderboards --run-once`. What only sets the stage or looks (the work pool, the flow run, the
deployment read back) goes through Prefect's own client in this process."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest

from tests.board_server import BoardServer, serving
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PREFECT = str(Path(sys.executable).parent / "prefect")


@pytest.fixture
def prefect_server(prefect_harness: None, tmp_path: Path) -> dict[str, str]:
    """The real Prefect server the suite's harness runs on 127.0.0.1 (a uvicorn process of its
    own, started once for every test of the "prefect" group), for Prefect's own command line."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "DO_NOT_TRACK": "1", "PREFECT_API_URL": str(PREFECT_API_URL.value())})
    with urllib.request.urlopen(f"{env['PREFECT_API_URL']}/health", timeout=10):
        pass
    return env


def prefect(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([PREFECT, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_the_refresh_deployment_runs_on_a_process_worker_and_loads_both_boards(prefect_server: dict[str, str],
                                                                                tmp_path: Path) -> None:
    env = prefect_server
    # Prefect's own client, in this process, for what only sets the stage or looks; the deploy
    # and the worker are Prefect's command line, as a team runs them.
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="aa-leaderboards", type="process"))
    prefect(env, "--no-prompt", "deploy", "--all")
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name("refresh/nightly")
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 3 * * *" and not schedule.active, "deployed with its schedule, paused"
    directories = [args.get("directory") for step in deployment.pull_steps or [] for args in step.values()]
    assert directories == [str(ROOT)], "the worker runs the code where it is"

    db = tmp_path / "lb.duckdb"
    for server in serving():
        urls = [server.base + "/small", server.base + "/tiny"]
        with get_client(sync_client=True) as client:
            client.create_flow_run_from_deployment(deployment.id, parameters={"db": str(db), "urls": urls})
        worker = prefect(env, "worker", "start", "--pool", "aa-leaderboards", "--run-once", timeout=300)
        assert isinstance(server, BoardServer) and server.hits["/small"] >= 1 and server.hits["/tiny"] >= 1
    assert "Completed" in worker.stdout + worker.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert dict(con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier").fetchall()) == {
            "small": 59, "tiny": 26}
        assert con.execute("SELECT job, outcome FROM job_runs").fetchall() == [("refresh", "ok")]
