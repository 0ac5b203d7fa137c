"""Headless Chromium for the report's browser tests, started as the machine allows it: no
sandbox (root), no GPU, and none of the background connections a closed network refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def chromium(profile: Path) -> list[str]:
    """The command line of a headless Chromium with its own profile folder; skips the test, saying
    why, where Chromium is not installed."""
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if browser is None:
        pytest.skip("Chromium is not installed (.ci/run installs the Debian package chromium)")
    return [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--virtual-time-budget=10000"]
