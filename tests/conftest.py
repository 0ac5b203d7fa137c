"""Shared paths and fixtures. The real snapshots are read in place, never copied."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from tests.prefect_server import (
    PREFECT_SERVER_LOG_VARIABLE,
    PREFECT_SERVER_PID_VARIABLE,
    PREFECT_SERVER_URL_VARIABLE,
    EarlyServer,
    runs_harness_tests,
    wait_until_healthy,
)
from tests.prefect_server import start as start_prefect_server

# Bounded in CI; `make fuzz` selects the long profile.
settings.register_profile("ci", max_examples=60)
settings.register_profile("fuzz", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SNAPSHOTS = Path(os.environ.get("AA_SNAPSHOTS", ROOT.parent / "shared" / "snapshots"))
GOLDEN = Path(__file__).resolve().parent / "golden"

# New databases copy a schema template from a cache folder: the suite keeps its own.
os.environ.setdefault("AA_LEADERBOARDS_CACHE", tempfile.mkdtemp(prefix="aa-leaderboards-test-cache-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


_EARLY_SERVER = pytest.StashKey[EarlyServer]()


def snapshot_path(name: str) -> Path:
    path = SNAPSHOTS / name
    if not path.exists():
        pytest.skip(f"real snapshot {path} is absent (../shared/snapshots sits beside the checkout in CI only)")
    return path


@pytest.fixture(scope="session")
def real_page_bytes() -> bytes:
    return snapshot_path("aa-model-page-2026-07-31.html.gz").read_bytes()


@pytest.fixture(scope="session")
def small_text_bytes() -> bytes:
    return snapshot_path("aa-open-source-small.txt").read_bytes()


@pytest.fixture(scope="session")
def tiny_text_bytes() -> bytes:
    return snapshot_path("aa-open-source-tiny.txt").read_bytes()


@pytest.fixture(scope="session")
def prefect_harness():
    """A real Prefect server and its temporary database, once per session (~20 s to start): the
    one the xdist controller started early for a run of the whole suite (tests/prefect_server.py),
    else Prefect's own test harness.

    Every test that uses it is marked @pytest.mark.xdist_group("prefect"), so under pytest-xdist
    (`make test`, --dist loadgroup) they share one worker, one after another. The mark must be
    on the test itself: pytest-xdist reads it before any conftest hook could add it."""
    from pipeline.runs.prefect_env import apply_defaults

    apply_defaults()
    early = os.environ.get(PREFECT_SERVER_URL_VARIABLE)
    if early:
        from prefect.settings import PREFECT_API_URL, temporary_settings

        pid = os.environ.get(PREFECT_SERVER_PID_VARIABLE)
        wait_until_healthy(early, os.environ.get(PREFECT_SERVER_LOG_VARIABLE), int(pid) if pid else None)
        with temporary_settings(updates={PREFECT_API_URL: early}):
            yield
        return
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def pytest_configure(config: pytest.Config) -> None:
    """On pytest-xdist's controller, for a run that takes in the harness's tests: start the
    Prefect server now, for the workers it is about to start (they inherit where it is)."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if os.environ.get(PREFECT_SERVER_URL_VARIABLE) or not runs_harness_tests(config.args, ROOT / "tests"):
        return
    server = start_prefect_server()
    os.environ[PREFECT_SERVER_URL_VARIABLE] = server.api_url
    os.environ[PREFECT_SERVER_LOG_VARIABLE] = str(server.folder / "server.log")
    os.environ[PREFECT_SERVER_PID_VARIABLE] = str(server.process.pid)
    config.stash[_EARLY_SERVER] = server


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(_EARLY_SERVER, None)
    if server is not None:
        server.stop()
        os.environ.pop(PREFECT_SERVER_URL_VARIABLE, None)
        os.environ.pop(PREFECT_SERVER_LOG_VARIABLE, None)
        os.environ.pop(PREFECT_SERVER_PID_VARIABLE, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test on Prefect's harness must be in the "prefect" xdist group and no other: pytest-xdist
    joins every group name a test has into one ("history_truth_prefect"), which would be a group
    of its own on another worker, starting a second harness (20-30 s)."""
    for item in items:
        if "prefect_harness" in getattr(item, "fixturenames", ()):
            groups = [m.args[0] if m.args else m.kwargs.get("name") for m in item.iter_markers("xdist_group")]
            if groups != ["prefect"]:
                raise pytest.UsageError(f"{item.nodeid} runs on the Prefect harness but its xdist groups are {groups}; "
                                        "give it exactly one, 'prefect' (one harness a session)")
