"""`aa-leaderboards ingest` of one text snapshot vs importing the project's packages.

Floor: wall time of `python -c "import pipeline, parsers, warehouse"` (imports only), measured
in this run, interleaved with the measured commands so that drift in the machine's speed hits
both alike. Measured: the ingest command loading one new snapshot into an existing database
(the nightly case) and into a database that does not exist yet. Target: at most 1.5x each.

New databases are copies of a schema template kept in the user's cache folder (see
warehouse/template.py). This bench uses a cache folder of its own, so its first new database
also builds the template, as the first run on a new machine does: that run is printed on its
own line, and the ratio is the median over the new databases after it. Prints; not a test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT.parent / "shared" / "snapshots" / "aa-open-source-small.txt"
RUNS = 15  # the machine is shared and noisy: the medians need the runs
CLI = [sys.executable, "-m", "pipeline.cli"]
IMPORTS = [sys.executable, "-c", "import pipeline, parsers, warehouse"]


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    # The pages are dated by their files' times, which the command warns of once a page: not this bench's output.
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    return time.perf_counter() - start


def main() -> int:
    if not SNAPSHOT.exists():
        print(f"skip: {SNAPSHOT} not found")
        return 0
    text = SNAPSHOT.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "AA_LEADERBOARDS_CACHE": str(folder / "cache")}
        pages = []
        for n in range(RUNS * 2 + 2):
            # A new price each time, so every ingest loads a new snapshot.
            page = folder / f"small-{n}.txt"
            page.write_text(text.replace("| 27.8B | 262k | $0.8 |", f"| 27.8B | 262k | ${n + 1}.5 |"), encoding="utf-8")
            pages.append(page)
        first_new = wall(CLI + ["ingest", str(pages[0]), "--db", str(folder / "first.duckdb")], env)
        existing_db = folder / "existing.duckdb"
        wall(CLI + ["ingest", str(pages[1]), "--db", str(existing_db)], env)
        imports, existing, fresh = [], [], []
        for i in range(RUNS):
            imports.append(wall(IMPORTS, env))
            existing.append(wall(CLI + ["ingest", str(pages[2 + i]), "--db", str(existing_db)], env))
            imports.append(wall(IMPORTS, env))
            fresh.append(wall(CLI + ["ingest", str(pages[2 + RUNS + i]), "--db", str(folder / f"fresh-{i}.duckdb")], env))
    floor = statistics.median(imports)
    print(f"imports only:                                median {floor * 1000:.0f} ms over {len(imports)} runs")
    print(f"first new database (also builds the template): {first_new * 1000:.0f} ms -> {first_new / floor:.2f}x")
    for label, times in (("ingest into an existing database", existing), ("ingest into a new database", fresh)):
        ratio = statistics.median(times) / floor
        print(f"{label:<44} median {statistics.median(times) * 1000:.0f} ms -> {ratio:.2f}x (target <= 1.5x) {'OK' if ratio <= 1.5 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
