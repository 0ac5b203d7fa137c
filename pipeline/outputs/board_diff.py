"""The net difference between two boards: who entered, left, was renamed or moved, and which
values changed. Pure: both boards come in as rows of leaderboard_latest's columns.

A model is matched by its model_key, which the warehouse keeps across renames. An index change
between boards of two Intelligence Index versions is marked: those numbers are not comparable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

# The values compared, in the order changes are listed.
DIFF_FIELDS: tuple[str, ...] = (
    "intelligence_index", "total_params_b", "active_params_b", "context_window_tokens", "blended_price_usd_per_1m",
    "input_price_usd_per_1m", "output_price_usd_per_1m", "output_tokens_per_s", "time_to_first_token_s",
    "provider_count", "open_weights", "weights_url", "license_name", "commercial_use_restricted", "creator",
)
DIFF_COLUMNS: tuple[str, ...] = (
    "tier", "change", "model", "model_key", "column_name", "old_value", "new_value", "old_rank", "new_rank",
    "old_snapshot_id", "new_snapshot_id", "old_index_version", "new_index_version", "across_index_versions",
)
CHANGE_ORDER = ("entered", "left", "renamed", "moved", "changed")


def _row(board: Mapping[str, Any], before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]],
         change: str, key: str, column: str | None = None, old_value: Any = None, new_value: Any = None) -> dict[str, Any]:
    """One difference of one model; `board` holds what the board's rows share (tier, snapshots, versions)."""
    was, now = before.get(key), after.get(key)
    across = board["across_index_versions"] and (column == "intelligence_index" or change == "moved")
    values = {**board, "change": change, "model": (now or was or {}).get("model"), "model_key": key,
              "column_name": column, "old_value": old_value, "new_value": new_value,
              "old_rank": was["rank"] if was else None, "new_rank": now["rank"] if now else None,
              "across_index_versions": across}
    return {name: values[name] for name in DIFF_COLUMNS}


def board_diff(tiers: Sequence[str], old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per difference, board by board in `tiers` order."""
    out: list[dict[str, Any]] = []
    for tier in tiers:
        before = {r["model_key"]: r for r in old if r["tier"] == tier}
        after = {r["model_key"]: r for r in new if r["tier"] == tier}
        rows = _differences(partial(_row, _board_fields(tier, before, after), before, after), before, after)
        rows.sort(key=lambda r: (CHANGE_ORDER.index(r["change"]), r["new_rank"] or r["old_rank"] or 0,
                                 DIFF_FIELDS.index(r["column_name"]) if r["column_name"] in DIFF_FIELDS else -1))
        out += rows
    return out


def _board_fields(tier: str, before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """What every row of a board's difference says of the board: its two snapshots and index versions."""
    first_before, first_after = next(iter(before.values()), {}), next(iter(after.values()), {})
    return {"tier": tier, "old_snapshot_id": first_before.get("snapshot_id"), "new_snapshot_id": first_after.get("snapshot_id"),
            "old_index_version": first_before.get("index_version"), "new_index_version": first_after.get("index_version"),
            "across_index_versions": bool(before) and bool(after)
            and first_before.get("index_version") != first_after.get("index_version")}


def _differences(row: Any, before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Models that entered or left, and of those on both sides: a new name, a new rank, changed values."""
    rows: list[dict[str, Any]] = []
    rows += [row("entered", key) for key in after if key not in before]
    rows += [row("left", key) for key in before if key not in after]
    for key in (k for k in after if k in before):
        was, now = before[key], after[key]
        if was["model"] != now["model"]:
            rows.append(row("renamed", key, "model", was["model"], now["model"]))
        if was["rank"] != now["rank"]:
            rows.append(row("moved", key, "rank", was["rank"], now["rank"]))
        rows += [row("changed", key, field, was.get(field), now.get(field))
                 for field in DIFF_FIELDS if was.get(field) != now.get(field)]
    return rows


def diff_lines(rows: Sequence[Mapping[str, Any]], *, safe: Any, number: Any) -> list[str]:
    """The difference for people: one line a change, grouped by board."""
    def shown(value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return number(value)
        return safe(value)

    lines: list[str] = []
    tier = None
    for r in rows:
        if r["tier"] != tier:
            tier = r["tier"]
            lines.append(f"{tier} board: snapshot {r['old_snapshot_id'] or '-'} -> {r['new_snapshot_id'] or '-'}")
        name = safe(r["model"])
        if r["change"] == "entered":
            lines.append(f"  entered  {name} (#{r['new_rank']})")
        elif r["change"] == "left":
            lines.append(f"  left     {name} (was #{r['old_rank']})")
        elif r["change"] == "renamed":
            lines.append(f"  renamed  {safe(r['old_value'])} -> {name}")
        elif r["change"] == "moved":
            lines.append(f"  moved    {name} #{r['old_rank']} -> #{r['new_rank']}")
        else:
            note = (f" (Intelligence Index v{r['old_index_version']} -> v{r['new_index_version']}: not comparable)"
                    if r["across_index_versions"] else "")
            lines.append(f"  changed  {name} {r['column_name']}: {shown(r['old_value'])} -> {shown(r['new_value'])}{note}")
    return lines
