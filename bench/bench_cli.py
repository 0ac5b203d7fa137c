"""`aa-leaderboards ingest` of one text snapshot vs importing the project's packages.

Floor: wall time of `python -c "import pipeline, parsers, warehouse"` (imports only), measured
in this run. Measured: the ingest command loading one new snapshot into an existing database
(the nightly case) and into a fresh one (which also creates the schema). Target: at most 1.5x.
Prints the ratios; not a test.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT.parent / "shared" / "snapshots" / "aa-open-source-small.txt"
RUNS = 7
CLI = [sys.executable, "-m", "pipeline.cli"]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    if not SNAPSHOT.exists():
        print(f"skip: {SNAPSHOT} not found")
        return 0
    text = SNAPSHOT.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = []
        for n in range(RUNS * 2 + 1):
            # A new price each time, so every ingest loads a new snapshot.
            page = folder / f"small-{n}.txt"
            page.write_text(text.replace("| 27.8B | 262k | $0.8 |", f"| 27.8B | 262k | ${n + 1}.5 |"), encoding="utf-8")
            pages.append(page)
        imports = [wall([sys.executable, "-c", "import pipeline, parsers, warehouse"]) for _ in range(RUNS)]
        existing_db = folder / "existing.duckdb"
        wall(CLI + ["ingest", str(pages[0]), "--db", str(existing_db)])
        existing = [wall(CLI + ["ingest", str(p), "--db", str(existing_db)]) for p in pages[1 : RUNS + 1]]
        fresh = [wall(CLI + ["ingest", str(p), "--db", str(folder / f"fresh-{i}.duckdb")]) for i, p in enumerate(pages[RUNS + 1 :])]
    floor = statistics.median(imports)
    print(f"imports only:                    median {floor * 1000:.0f} ms")
    for label, times in (("ingest into an existing database", existing), ("ingest into a fresh database", fresh)):
        ratio = statistics.median(times) / floor
        print(f"{label}: median {statistics.median(times) * 1000:.0f} ms -> {ratio:.2f}x (target <= 1.5x) {'OK' if ratio <= 1.5 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
