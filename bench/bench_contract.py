"""What a board's contract with its last board (parsers/contract.py) adds to a night's ingest.

Measured: `aa-leaderboards ingest` (in-process, main(argv)) of the second night onto a copy of a
database holding the first, with the contract checked (reading the two boards' values and
judging them) and with both steps left out, interleaved so that drift in the machine's speed
hits both alike. The nights: the real catalogue pages of 2026-07-18 and 2026-07-31 where
../shared/snapshots is beside the checkout, else the demo built from them. Target: the checks
add at most 10% (median of RUNS pairs). Prints; not a test.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.cli.main import main  # noqa: E402

SNAPSHOTS = ROOT.parent / "shared" / "snapshots"
DEMO = ROOT / "fixtures" / "demo"
RUNS = 15
TARGET = 1.10


def nights(folder: Path) -> tuple[list[Path], list[Path], str]:
    real = [SNAPSHOTS / f"aa-model-page-2026-07-{day}.html.gz" for day in ("18", "31")]
    if all(path.exists() for path in real):
        pages = []
        for path in real:
            page = folder / path.name.removesuffix(".gz")
            page.write_bytes(gzip.decompress(path.read_bytes()))
            pages.append(page)
        return [pages[0]], [pages[1]], "the real catalogue pages"
    return sorted(DEMO.glob("*-2026-07-18T*.html")), sorted(DEMO.glob("*-2026-07-31T*.html")), "the demo"


def ingest(base: Path, target: Path, pages: list[Path]) -> float:
    shutil.copytree(base, target)
    start = time.perf_counter()
    code = main(["ingest", *map(str, pages), "--db", str(target / "lb.duckdb"), "--captured-at", "2026-07-31T01:13:53Z"])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"ingest into {target} exited {code}")
    return elapsed


def main_bench() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first, second, what = nights(folder)
        base = folder / "base"
        if main(["ingest", *map(str, first), "--db", str(base / "lb.duckdb"), "--captured-at", "2026-07-18T01:01:14Z"]) != 0:
            raise SystemExit("the first night did not load")
        checked, unchecked = [], []
        for run in range(RUNS):
            checked.append(ingest(base, folder / f"checked-{run}", second))
            with mock.patch("warehouse.load._board_values", return_value={}), \
                    mock.patch("warehouse.load.breaches", return_value=[]):
                unchecked.append(ingest(base, folder / f"unchecked-{run}", second))
    ratio = statistics.median(c / u for c, u in zip(checked, unchecked, strict=True))
    print(f"second night of {what}: ingest with the contract {statistics.median(checked) * 1000:.1f} ms, "
          f"without {statistics.median(unchecked) * 1000:.1f} ms (medians of {RUNS})")
    print(f"contract checks: {ratio:.3f}x of an ingest without them (target <= {TARGET:.2f}x): "
          + ("ok" if ratio <= TARGET else "OVER TARGET"))
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main_bench())
