"""The model records of a real catalogue page, read a second way, to check the parser against.

The parser finds records by their structure in the page's flight payload. This reads them the
plainest way there is, sharing no code with it: join the flight strings, decode a JSON object at
every `{"id":"` and keep the objects that carry a size class. The golden files of the medium and
large boards (tests/golden/{tier}-{date}.json) are checked against these records, so a golden
value is the page's own, not the parser's say-so.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

_PUSH = re.compile(r'self\.__next_f\.push\((\[1,".*?"\])\)</script>', re.DOTALL)


@cache
def catalogue_records(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every record with a size class, by its id (a record may stand in several places)."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    flight = "".join(json.loads(chunk)[1] for chunk in _PUSH.findall(text))
    decoder = json.JSONDecoder()
    found: dict[str, list[dict[str, Any]]] = {}
    for start in (m.start() for m in re.finditer(r'\{"id":"', flight)):
        try:
            value, _ = decoder.raw_decode(flight, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and "sizeClass" in value and "name" in value:
            copies = found.setdefault(value["id"], [])
            if value not in copies:
                copies.append(value)
    return found


def board_records(path: Path, tier: str) -> dict[str, list[dict[str, Any]]]:
    """The records the site puts on a board: its size class, open weights, not deprecated."""
    return {rid: copies for rid, copies in catalogue_records(path).items()
            if any(c["sizeClass"] == tier and c.get("isOpenWeights") is True and not c.get("deprecated") for c in copies)}
