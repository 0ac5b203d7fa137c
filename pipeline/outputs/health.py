"""Is the warehouse healthy? For cron, systemd and Nagios-style checks: every board's newest
night is younger than an age, the last run succeeded, and no board waits held for a person.

Pure over what it is given (the status report and the time now), so the rule is tested as data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

DEFAULT_MAX_AGE = dt.timedelta(hours=36)


def age_text(age: dt.timedelta) -> str:
    hours = age.total_seconds() / 3600
    return f"{hours:.0f} h" if hours >= 1 else f"{age.total_seconds() / 60:.0f} min"


def health_problems(report: Mapping[str, Any], *, now: dt.datetime, max_age: dt.timedelta,
                    tiers: Sequence[str] | None = None) -> list[str]:
    """One line per problem ([] when healthy). `tiers`: the boards that must be there (default:
    every board the warehouse has loaded)."""
    if not report["database_exists"]:
        return [f"no database at {report['database']}"]
    problems: list[str] = []
    boards = {b["tier"]: b for b in report["boards"]}
    wanted = list(tiers) if tiers else list(boards)
    if not wanted:
        problems.append("no board loaded yet")
    for tier in wanted:
        board = boards.get(tier)
        if board is None:
            problems.append(f"{tier} board: never loaded")
            continue
        age = now - board["latest_captured_at"]
        if age > max_age:
            problems.append(f"{tier} board: newest night captured {board['latest_captured_at']:%Y-%m-%d %H:%M} UTC, "
                            f"{age_text(age)} ago (older than {age_text(max_age)})")
    runs = report["last_runs"]
    if runs and runs[0]["outcome"] != "ok":
        last = runs[0]
        problems.append(f"last run ({last['job']} at {last['finished_at']:%Y-%m-%d %H:%M} UTC) failed: {last['detail']}")
    for held in report["held_boards"]:
        problems.append(f"{held['tier']} board of snapshot {held['snapshot_id']} held: {held['reason']}")
    return problems
