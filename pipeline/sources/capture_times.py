"""When was a saved page captured? The option, the archive, the file name, or its mtime."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import PipelineError, UsageError

# No board page existed before this; a later one than a day ahead of this machine's clock is a
# wrong clock or a typo, and would stay "latest" for ever, hiding every later night.
EARLIEST_CAPTURE = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(days=1)


def implausible(when: dt.datetime, now: dt.datetime | None = None) -> str | None:
    """Why a capture time cannot be right, or None when it can."""
    now = now or dt.datetime.now(dt.UTC)
    if when > now + FUTURE_SLACK:
        return f"more than a day in the future (now is {now:%Y-%m-%d %H:%M} UTC)"
    if when < EARLIEST_CAPTURE:
        return "before 2023-01-01, earlier than any board page"
    return None


def checked_option(when: dt.datetime) -> dt.datetime:
    """--captured-at as given, or a usage error when it cannot be a capture time."""
    reason = implausible(when)
    if reason:
        raise UsageError(f"--captured-at {when.isoformat()}: {reason}")
    return when

_NAME_STAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T_ ](?P<h>\d{2})[:\-]?(?P<m>\d{2})(?:[:\-]?(?P<s>\d{2}))?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)


def parse_timestamp(text: str) -> dt.datetime:
    """An ISO date or timestamp; without a zone it is taken as UTC."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace(" ", "T"))
    except ValueError as exc:
        raise UsageError(f"not an ISO date or timestamp: {text!r} (e.g. 2026-07-31 or 2026-07-31T03:00:00Z)") from exc
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def from_file_name(name: str) -> dt.datetime | None:
    match = _NAME_STAMP.search(name)
    if not match:
        return None
    try:
        day = dt.date.fromisoformat(match.group("date"))
    except ValueError:
        return None
    hour, minute, second = (int(match.group(k) or 0) for k in ("h", "m", "s"))
    if hour > 23 or minute > 59 or second > 59:
        # Digits after the date that are no time of day (a counter, '9999'): the date alone.
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=_zone(match))


def _zone(match: re.Match[str]) -> dt.tzinfo:
    """The name's zone where it clearly gives one: after a time of day, within +-14:00. Four
    digits right after a date ('small-2026-08-07-0042') are a counter or a time, never a zone."""
    text = match.group("tz")
    if not text or text == "Z" or match.group("h") is None:
        return dt.UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return dt.UTC
    return dt.timezone((1 if text[0] == "+" else -1) * dt.timedelta(hours=hours, minutes=minutes))


def capture_time(path: Path, option: dt.datetime | None, archived: dt.datetime | None) -> tuple[dt.datetime, str]:
    """The capture time of a saved file and where it came from, in order of trust; a derived
    time that cannot be right fails the page (PipelineError), before it is archived."""
    if option is not None:
        return option, "option"
    if archived is not None:
        when, how = archived, "archive"
    else:
        named = from_file_name(path.name)
        if named is not None:
            when, how = named, "filename"
        else:
            when, how = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC), "mtime"
    reason = implausible(when)
    if reason:
        raise PipelineError(f"{path}: capture time {when.isoformat()} (from its {how}) is {reason}; "
                            "give the page its real time with --captured-at")
    return when, how
