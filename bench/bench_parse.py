"""Time parse_page on the real 3 MB page against a floor measured in the same run.

Floor: lxml.html.fromstring of the bytes plus json.loads of every flight payload chunk found by
one regex pass: the least any parser that reads this page's HTML and payload must do.
Target: parse_page at most 1.2x the floor (the ratio of the fastest runs). Prints the ratio;
not a test. The median ratio of runs taken back to back is printed beside it: on this shared
machine the floor's spread is wide (it is mostly one regex), so the minimums move with its
luckiest run while the paired median moves little.
"""

from __future__ import annotations

import gc
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


def timed(fn, data: bytes) -> float:
    gc.collect()  # no collection of the previous run's garbage inside this one
    start = time.perf_counter()
    fn(data)
    return time.perf_counter() - start


def interleaved(floor_fn, parse_fn, data: bytes, repeats: int) -> tuple[list[float], list[float]]:
    """Floor and parse runs alternate, so a burst of load on this shared machine hits both."""
    floors, parses = [], []
    for _ in range(repeats):
        floors.append(timed(floor_fn, data))
        parses.append(timed(parse_fn, data))
    return floors, parses


def main() -> int:
    if not SNAPSHOT.exists():
        print(f"skip: {SNAPSHOT} not found (the shared snapshots sit beside the checkout)")
        return 0
    data = gzip.decompress(SNAPSHOT.read_bytes())
    floor(data), parse_page(data)  # warm caches and imports
    repeats = 21
    floors, parses = interleaved(floor, lambda d: parse_page(d, source=str(SNAPSHOT)), data, repeats)
    floor_min, floor_med = min(floors), statistics.median(floors)
    parse_min, parse_med = min(parses), statistics.median(parses)
    ratio = parse_min / floor_min
    print(f"page: {len(data) / 1e6:.2f} MB, best of {repeats}")
    print(f"floor (lxml + json.loads of payload chunks): min {floor_min * 1000:.1f} ms, median {floor_med * 1000:.1f} ms")
    print(f"parse_page:                                  min {parse_min * 1000:.1f} ms, median {parse_med * 1000:.1f} ms")
    paired = statistics.median(p / f for f, p in zip(floors, parses))
    print(f"median ratio of back-to-back runs: {paired:.2f}x")
    print(f"ratio parse_page / floor: {ratio:.2f}x (target <= {TARGET}x) -> {'OK' if ratio <= TARGET else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
