"""Events -> words: the title and lines a notification, a feed entry and `changes` tell.

Pure functions over event rows (the columns of the events table). Text that came from a page
(model names, reasons) is made one printable line: a name cannot start a line of its own or
carry control characters into a message, an e-mail or a feed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .display import format_number, minute

Event = Mapping[str, Any]

# Order of the kinds in a title and in a snapshot's lines: what matters most first.
KIND_ORDER: tuple[str, ...] = ("failed", "held", "methodology", "new_leader", "entered", "left", "renamed", "index_change",
                               "price_change")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+")


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    warning: bool  # a held board or a failed run: sent as a warning


def one_line(text: object) -> str:
    """Page text as one printable line."""
    return " ".join(_UNPRINTABLE.sub(" ", "" if text is None else str(text)).split())


def _day(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d") if value else "?"


def _number(text: object) -> float | None:
    try:
        value = float(str(text))
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _index(text: object) -> str:
    value = _number(text)
    return "unknown" if value is None else f"{value:.1f}"


def _price(text: object) -> str:
    value = _number(text)
    return "unknown" if value is None else f"${format_number(value)}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def counts(events: Sequence[Event]) -> str:
    """'1 left, 6 price changes': the kinds of a group of events, most important first."""
    by_kind = {kind: sum(1 for e in events if e["kind"] == kind) for kind in KIND_ORDER}
    words = {
        "failed": lambda n: _plural(n, "failure"),
        "held": lambda n: "held",
        "methodology": lambda n: "new index version",
        "new_leader": lambda n: "new first place",
        "entered": lambda n: f"{n} entered",
        "left": lambda n: f"{n} left",
        "renamed": lambda n: f"{n} renamed",
        "index_change": lambda n: _plural(n, "index change"),
        "price_change": lambda n: _plural(n, "price change"),
    }
    return ", ".join(words[kind](n) for kind, n in by_kind.items() if n)


def event_line(e: Event) -> str:
    """One event for people, with old and new values and the model's name."""
    kind = e["kind"]
    model = one_line(e.get("model"))
    version = f" (index v{one_line(e['index_version'])})" if e.get("index_version") else ""
    across = e.get("across_methodology_change")
    if kind == "entered":
        return f"entered: {model} at #{e.get('new_rank')}"
    if kind == "left":
        return f"left: {model} (was #{e.get('old_rank')})"
    if kind == "renamed":
        return f"renamed: {one_line(e.get('old_value'))} -> {one_line(e.get('new_value'))} (the same model, #{e.get('new_rank')})"
    if kind == "index_change":
        old, new = _number(e.get("old_value")), _number(e.get("new_value"))
        delta = f" ({new - old:+.1f} points)" if old is not None and new is not None else ""
        return f"index: {model} {_index(e.get('old_value'))} -> {_index(e.get('new_value'))}{delta}{version}"
    if kind == "price_change":
        old, new = _number(e.get("old_value")), _number(e.get("new_value"))
        ratio = f" ({(new - old) / old:+.0%})" if old and new is not None else ""
        return f"price: {model} blended {_price(e.get('old_value'))} -> {_price(e.get('new_value'))} per 1M tokens{ratio}"
    if kind == "new_leader":
        was = f" (was #{e['old_rank']})" if e.get("old_rank") else " (new on the board)"
        note = "; the index version changed with this snapshot, so the scores behind the order are not comparable" \
            if across else ""
        return f"new first place: {one_line(e.get('new_value'))}{was}, after {one_line(e.get('old_value'))}{note}"
    if kind == "methodology":
        return (f"methodology: Intelligence Index v{one_line(e.get('old_value'))} -> v{one_line(e.get('new_value'))}; "
                "scores before and after are on different scales and are not compared")
    if kind == "held":
        detail = one_line(e.get("detail"))
        release = "" if "accept" in detail else (f"; kept out of the views and the published copy until "
                                                 f"`aa-leaderboards accept {e.get('snapshot_id')}`")
        return f"held: {detail}{release}"
    if kind == "failed":
        detail, source = one_line(e.get("detail")), one_line(e.get("source"))
        return f"failed: {detail}" if source and detail.startswith(source) else f"failed: {source}: {detail}"
    return f"{kind}: {model}"


def _sort_key(e: Event) -> tuple[int, int, str]:
    rank = e.get("new_rank") or e.get("old_rank") or 0
    return KIND_ORDER.index(e["kind"]) if e["kind"] in KIND_ORDER else len(KIND_ORDER), int(rank), str(e.get("model") or "")


def by_snapshot(events: Sequence[Event]) -> list[tuple[tuple[str, int], list[Event]]]:
    """Board snapshots with their events, oldest first; failures (no snapshot) are left out."""
    groups: dict[tuple[str, int], list[Event]] = {}
    for e in events:
        if e.get("snapshot_id") is not None:
            groups.setdefault((e["tier"], int(e["snapshot_id"])), []).append(e)
    ordered = sorted(groups.items(), key=lambda item: (item[1][0]["captured_at"], item[0]))
    return [(key, sorted(group, key=_sort_key)) for key, group in ordered]


def snapshot_headline(tier: str, events: Sequence[Event]) -> str:
    """'small board 2026-07-02: 1 left, 1 price change'."""
    return f"{tier} board {_day(events[0]['captured_at'])}: {counts(events)}"


def snapshot_heading(tier: str, events: Sequence[Event]) -> str:
    first = events[0]
    version = f", Intelligence Index v{one_line(first['index_version'])}" if first.get("index_version") else ""
    return f"{tier} board, captured {minute(first['captured_at'])} (snapshot {first['snapshot_id']}{version}):"


def snapshot_lines(tier: str, events: Sequence[Event]) -> list[str]:
    """A snapshot's heading and one line per event (a message's section, a feed entry's content)."""
    return [snapshot_heading(tier, events)] + [f"- {event_line(e)}" for e in events]


def _history_corrected(events: Sequence[Event]) -> list[str]:
    """Events of captures loaded late, told once a board: history corrected, not news."""
    lines = []
    for tier in sorted({str(e["tier"]) for e in events}):
        own = [e for e in events if e["tier"] == tier]
        latest = max(e["captured_at"] for e in own)
        lines.append(f"{tier} board: history up to {_day(latest)} corrected by captures loaded late: "
                     f"{_plural(len(own), 'event')} ({counts(own)}); `aa-leaderboards changes` lists them")
    return lines


def digest(events: Sequence[Event]) -> Message:
    """One message for a run's events (and those still pending): a title naming the boards and
    counts, a body listing every event. Events of captures loaded late (a backfill) are history
    corrected, not news: they are counted in a line a board."""
    history = [e for e in events if e.get("backfill") and e["kind"] not in ("held", "failed")]
    events = [e for e in events if not (e.get("backfill") and e["kind"] not in ("held", "failed"))]
    if history and not events:
        corrected = _history_corrected(history)
        return Message(title="aa-leaderboards: " + "; ".join(line.split(":")[0] + " history corrected" for line in corrected),
                       body="\n".join(corrected) + "\n", warning=False)
    groups = by_snapshot(events)
    failures = [e for e in events if e.get("snapshot_id") is None]
    headlines = ([_failures_headline(failures)] if failures else []) + [snapshot_headline(tier, group) for (tier, _), group in groups]
    lines = _digest_lines(failures, groups)
    if history:
        lines += ["", *_history_corrected(history)]
    warning = any(e["kind"] in ("held", "failed") for e in events)
    return Message(title="aa-leaderboards: " + "; ".join(headlines), body="\n".join(lines) + "\n", warning=warning)


def _failures_headline(failures: Sequence[Event]) -> str:
    tiers = sorted({str(e["tier"]) for e in failures if e.get("tier")})
    where = f" ({', '.join(t + ' board' for t in tiers)})" if tiers else ""
    return f"run failed: {_plural(len(failures), 'source')}{where}"


def _digest_lines(failures: Sequence[Event], groups: Sequence[tuple[tuple[str, int], list[Event]]]) -> list[str]:
    """The failed sources first, then each board snapshot's lines, a blank line between."""
    lines: list[str] = []
    if failures:
        lines += ["Failed (nothing was loaded from these; the pages that were fetched stay archived):"]
        lines += [f"- {event_line(e)}" for e in failures]
    for (tier, _), group in groups:
        if lines:
            lines.append("")
        lines += snapshot_lines(tier, group)
    return lines


# A summary names at most this many snapshots, and stays well inside the smallest limits chat
# services put on a message (Discord: 2,000 characters).
SUMMARY_SNAPSHOTS = 8
SUMMARY_MAX_CHARS = 1000


def summary(events: Sequence[Event]) -> Message:
    """The short form of digest(events), for a receiver whose limit the whole message passes: the
    counts per board snapshot and failure, and where to read every line."""
    whole = digest(events)
    groups = by_snapshot(events)
    failures = [e for e in events if e.get("snapshot_id") is None]
    lines = [f"{_plural(len(events), 'event')} in all; the whole list was too long for this receiver."]
    if failures:
        lines.append(f"- run failed: {_plural(len(failures), 'source')}")
    lines += [f"- {snapshot_headline(tier, group)}" for (tier, _), group in groups[:SUMMARY_SNAPSHOTS]]
    if len(groups) > SUMMARY_SNAPSHOTS:
        lines.append(f"- and {_plural(len(groups) - SUMMARY_SNAPSHOTS, 'more board snapshot')}")
    lines.append("Every change: `aa-leaderboards changes`, or each board's Atom feed beside the published copy "
                 "(published/feeds/<board>.atom).")
    body = "\n".join(lines) + "\n"
    if len(body) > SUMMARY_MAX_CHARS:
        body = body[: SUMMARY_MAX_CHARS - 2] + "…\n"
    return Message(title=whole.title[:200], body=body, warning=whole.warning)


def changes_text(events: Sequence[Event]) -> list[str]:
    """The lines of `aa-leaderboards changes`: each snapshot's headline and events, and each
    failed run, in capture order."""
    if not events:
        return ["no events in this period"]
    items: list[tuple[Any, list[str]]] = []
    for (tier, _), group in by_snapshot(events):
        items.append((group[0]["captured_at"], [snapshot_headline(tier, group) + f" (snapshot {group[0]['snapshot_id']})"]
                      + [f"  - {event_line(e)}" for e in group]))
    for e in events:
        if e.get("snapshot_id") is None:
            items.append((e["captured_at"], [f"run of {minute(e['captured_at'])}: {event_line(e)}"]))
    items.sort(key=lambda item: item[0])
    return [line for _, lines in items for line in lines]
