"""`publish --to` object storage, against moto's standalone S3-compatible server on 127.0.0.1
(a real HTTP server in its own process; s3fs and moto[server] come with the test extras)."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.cli_runner import SAFE_ENV, console_script, run_cli
from tests.conftest import FIXTURES
from tests.receivers import free_port

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("object_storage")

s3fs = pytest.importorskip("s3fs", reason="s3fs is a test extra (pip install -e '.[test]')")
pytest.importorskip("moto", reason="moto[server] is a test extra (pip install -e '.[test]')")

DEMO_0718 = sorted((FIXTURES / "demo").glob("*-2026-07-18T*.html"))
DEMO_0731 = sorted((FIXTURES / "demo").glob("*-2026-07-31T*.html"))
BUCKET = "aa-analysts"


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**SAFE_ENV, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("moto's server did not start")
                time.sleep(0.2)
        store(env).mkdir(BUCKET)
        yield env
    finally:
        server.kill()
        server.wait()


def store(env: dict[str, str]) -> s3fs.S3FileSystem:
    return s3fs.S3FileSystem(key=env["AWS_ACCESS_KEY_ID"], secret=env["AWS_SECRET_ACCESS_KEY"],
                             endpoint_url=env["AWS_ENDPOINT_URL"], skip_instance_cache=True)


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process, under `env` (the store's endpoint and credentials)."""
    return run_cli(*args, env=env)


def run_installed(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process: for the publish that is killed."""
    return subprocess.run([console_script(), *args], capture_output=True, text=True, env=env, timeout=180)


def test_publish_to_s3_sends_the_copy_the_exports_and_the_feeds_whole(s3_env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    assert run(s3_env, "ingest", *map(str, DEMO_0718 + DEMO_0731), "--db", str(db)).returncode == 0
    url = f"s3://{BUCKET}/nightly"
    done = run(s3_env, "publish", "--db", str(db), "--to", url)
    assert done.returncode == 0, done.stderr
    fs = store(s3_env)
    keys = sorted(k.removeprefix(f"{BUCKET}/nightly/") for k in fs.find(f"{BUCKET}/nightly"))
    assert keys == sorted(["lb.duckdb", "manifest.json", *(f"feeds/{t}.atom" for t in ("small", "tiny", "medium", "large")),
                           *(f"exports/{v}.parquet" for v in ("leaderboard_latest", "leaderboard_history", "model_versions",
                                                             "leaderboard_changes", "evaluation_history",
                                                             "leaderboard_latest_evaluations"))])
    manifest = json.loads(fs.cat_file(f"{BUCKET}/nightly/manifest.json"))
    for entry in manifest["files"]:
        body = fs.cat_file(f"{BUCKET}/nightly/{entry['key']}")
        assert len(body) == entry["bytes"] and hashlib.sha256(body).hexdigest() == entry["sha256"], entry["key"]
    local = tmp_path / "downloaded.duckdb"
    fs.get_file(f"{BUCKET}/nightly/lb.duckdb", str(local))
    with duckdb.connect(str(local), read_only=True) as con:
        assert dict(con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier").fetchall()) == {
            "small": 67, "tiny": 27, "medium": 35, "large": 44}

    missing = run(s3_env, "publish", "--db", str(db), "--to", "s3://no-such-bucket/x")
    assert missing.returncode == 1 and "error: s3://no-such-bucket/x: lb.duckdb could not be sent" in missing.stderr
    assert not fs.exists("no-such-bucket"), "publishing never makes a bucket"


# Started in the publishing process (on PYTHONPATH, as sitecustomize): the process is killed with
# SIGKILL at its first move of an uploaded file over its place, as a crash or an OOM kill would.
KILL_AT_FIRST_MOVE = textwrap.dedent("""
    import os, signal
    import fsspec.spec
    def _killed(self, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    fsspec.spec.AbstractFileSystem.mv = _killed
""")


def test_a_publish_killed_half_way_leaves_the_previous_objects_in_place(s3_env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    url = f"s3://{BUCKET}/killed"
    assert run(s3_env, "ingest", *map(str, DEMO_0718), "--db", str(db)).returncode == 0
    assert run(s3_env, "publish", "--db", str(db), "--to", url).returncode == 0
    fs = store(s3_env)
    before = {k: fs.cat_file(k) for k in fs.find(f"{BUCKET}/killed")}

    assert run(s3_env, "ingest", *map(str, DEMO_0731), "--db", str(db)).returncode == 0
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILL_AT_FIRST_MOVE, encoding="utf-8")
    killed = run_installed({**s3_env, "PYTHONPATH": str(hook)}, "publish", "--db", str(db), "--to", url)
    assert killed.returncode == -9, killed.stderr
    fs = store(s3_env)
    after = {k: fs.cat_file(k) for k in fs.find(f"{BUCKET}/killed") if ".aa-leaderboards-upload-" not in k}
    assert after == before, "every object the readers see is the previous one, byte for byte"
    assert any(".aa-leaderboards-upload-" in k for k in fs.find(f"{BUCKET}/killed")), "the upload had begun"

    assert run(s3_env, "publish", "--db", str(db), "--to", url).returncode == 0
    fs = store(s3_env)
    assert not [k for k in fs.find(f"{BUCKET}/killed") if ".aa-leaderboards-upload-" in k], "left-overs swept"
    manifest = json.loads(fs.cat_file(f"{BUCKET}/killed/manifest.json"))
    assert manifest != json.loads(before[f"{BUCKET}/killed/manifest.json"])


def test_every_run_sends_the_copy_where_the_setting_says(tmp_path: Path) -> None:
    target = tmp_path / "shared-folder"
    env = {**SAFE_ENV, "AA_LEADERBOARDS_PUBLISH_TO": str(target)}
    db = tmp_path / "lb.duckdb"
    assert run(env, "ingest", str(FIXTURES / "small-board-table.html"), "--db", str(db)).returncode == 0
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert {f["key"] for f in manifest["files"]} >= {"lb.duckdb", "exports/leaderboard_latest.parquet", "feeds/small.atom"}
    with duckdb.connect(str(target / "lb.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM leaderboard_latest").fetchone()[0] == 59
