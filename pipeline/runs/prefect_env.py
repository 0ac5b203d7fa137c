"""Prefect settings the project sets for itself; a user's own setting always wins.

Applied before Prefect is imported, because Prefect reads its settings at import time.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_DEFAULTS: dict[str, str] = {
    # Offline, the server otherwise tries to reach a telemetry host on every run and logs errors.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The default 20 s is not enough for the temporary server on a fresh database here.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def _profile_settings() -> dict[str, str]:
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    active = os.environ.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    profile = data.get("profiles", {}).get(active, {})
    return {str(k): str(v) for k, v in profile.items()} if isinstance(profile, dict) else {}


def apply_defaults() -> None:
    profile = _profile_settings()
    for name, value in PROJECT_DEFAULTS.items():
        if name not in os.environ and name not in profile:
            os.environ[name] = value


def api_url() -> str | None:
    """The Prefect server the user configured (environment or active profile), if any."""
    return os.environ.get("PREFECT_API_URL") or _profile_settings().get("PREFECT_API_URL") or None
