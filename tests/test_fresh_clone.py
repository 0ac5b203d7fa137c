"""A fresh clone without ../shared beside it: the tests that read the real pages skip, saying
where those pages come from, and everything else they assert still holds. The clone is of the
committed tree (what a newcomer gets), in a temporary folder with no `shared` next to it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.prefect_server import PREFECT_SERVER_URL_VARIABLE

# Only the tests that read ../shared/snapshots run in the clone (tests/shared_readers.py picks
# them); every module is still collected there. The others never look there, so a clone cannot
# change what they see. test_demo runs `make run`, which would build a second .venv: its
# no-shared path is the skip of one test, covered by the same conftest helper.


def test_a_fresh_clone_without_shared_passes_and_says_why_it_skips(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: there is no committed tree to clone")
    clone = tmp_path / "aa-leaderboards"
    done = subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not (clone.parent / "shared").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("AA_SNAPSHOTS", "PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST", PREFECT_SERVER_URL_VARIABLE)}
    env["PYTHONPATH"] = str(clone)
    # Prefect's harness (15 s) and Chromium read nothing from ../shared: the outer run has them.
    suite = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "tests.shared_readers",
                            "-k", "not flow_fails and not chromium and not fresh_clone", "tests"],
                           cwd=clone, capture_output=True, text=True, env=env, timeout=600)
    tail = suite.stdout[-3000:] + suite.stderr[-2000:]
    assert suite.returncode == 0, tail
    summary = suite.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and re.search(r"\d+ skipped", summary) and "failed" not in summary, summary
    reasons = [line for line in suite.stdout.splitlines() if line.startswith("SKIPPED")]
    about_shared = [line for line in reasons if str(clone.parent / "shared" / "snapshots") in line]
    assert about_shared, "the skips name the folder they looked for"
    assert all("absent" in line or "Chromium" in line for line in reasons), reasons


def test_the_clone_runs_a_parametrized_case_only_when_the_fixture_it_names_reads_shared() -> None:
    """A case that asks for its fixture by name (request.getfixturevalue(param)) is kept for the
    clone only when that fixture reads ../shared: the one fixture, not every case of the test."""
    listed = subprocess.run([sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider", "-p", "tests.shared_readers",
                             "tests/test_cli_outputs.py", "tests/test_readers.py"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stdout[-2000:] + listed.stderr[-2000:]
    kept = {line for line in listed.stdout.splitlines() if "::" in line}
    assert "tests/test_cli_outputs.py::test_show_reads_back_to_leaderboard_latest[snapshot_db]" in kept
    assert "tests/test_cli_outputs.py::test_show_reads_back_to_leaderboard_latest[loaded_db]" not in kept
    assert not any(line.startswith("tests/test_readers.py::test_duckdb_1_4_opens") for line in kept), kept
