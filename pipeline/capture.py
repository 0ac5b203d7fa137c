"""When was a saved page captured? The option, the archive, the file name, or its mtime."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .errors import UsageError

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
        return None
    zone = dt.UTC
    if match.group("tz") and match.group("tz") != "Z":
        sign = 1 if match.group("tz")[0] == "+" else -1
        digits = match.group("tz")[1:].replace(":", "")
        zone = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)


def capture_time(path: Path, option: dt.datetime | None, archived: dt.datetime | None) -> tuple[dt.datetime, str]:
    """The capture time of a saved file and where it came from, in order of trust."""
    if option is not None:
        return option, "option"
    if archived is not None:
        return archived, "archive"
    named = from_file_name(path.name)
    if named is not None:
        return named, "filename"
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC), "mtime"
