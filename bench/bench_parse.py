"""Time parse_page on the real 3 MB page against a floor measured in the same run.

Floor: lxml.html.fromstring of the bytes plus json.loads of every flight payload chunk found by
one regex pass: the least any parser that reads this page's HTML and payload must do.
Target: parse_page at most 1.5x the floor. Prints the ratio; not a test.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path

import lxml.html

from parsers import parse_page

SNAPSHOT = Path(__file__).resolve().parents[1].parent / "shared" / "snapshots" / "aa-model-page-2026-07-31.html.gz"
PUSH = re.compile(rb"self\.__next_f\.push\((\[.*?\])\)</script>", re.DOTALL)
TARGET = 1.2


def floor(data: bytes) -> None:
    lxml.html.fromstring(data)
    for match in PUSH.finditer(data):
        json.loads(match.group(1))


def best_of(fn, data: bytes, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(data)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    if not SNAPSHOT.exists():
        print(f"skip: {SNAPSHOT} not found (the shared snapshots sit beside the checkout)")
        return 0
    data = gzip.decompress(SNAPSHOT.read_bytes())
    floor(data), parse_page(data)  # warm caches and imports
    repeats = 15
    floor_min, floor_med = best_of(floor, data, repeats)
    parse_min, parse_med = best_of(lambda d: parse_page(d, source=str(SNAPSHOT)), data, repeats)
    ratio = parse_min / floor_min
    print(f"page: {len(data) / 1e6:.2f} MB, best of {repeats}")
    print(f"floor (lxml + json.loads of payload chunks): min {floor_min * 1000:.1f} ms, median {floor_med * 1000:.1f} ms")
    print(f"parse_page:                                  min {parse_min * 1000:.1f} ms, median {parse_med * 1000:.1f} ms")
    print(f"ratio parse_page / floor: {ratio:.2f}x (target <= {TARGET}x) -> {'OK' if ratio <= TARGET else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
