"""Write the golden rows of every board of the two real catalogue pages (run by hand, after a
parser change that is meant to change them; the diff is the review):

    .venv/bin/python -m tests.write_catalogue_golden

tests/test_catalogue_boards.py checks these files against the parser and, independently,
against the pages' own records (tests/catalogue_records.py).
"""

from __future__ import annotations

import json
from typing import Any

from parsers import TIERS, parse_page
from tests.conftest import GOLDEN, snapshot_path

PAGES = {"2026-07-18": "aa-model-page-2026-07-18.html.gz", "2026-07-31": "aa-model-page-2026-07-31.html.gz"}
# The record as the page had it is the page itself: checked through the values it gives instead.
LEFT_OUT = ("source_record",)


def golden_file(tier: str, date: str) -> str:
    return f"{tier}-{date}.json"


def board_rows(date: str) -> dict[str, list[dict[str, Any]]]:
    page = parse_page(snapshot_path(PAGES[date]).read_bytes(), source=PAGES[date])
    return {tier: [{k: v for k, v in row.as_dict().items() if k not in LEFT_OUT} for row in rows]
            for tier, rows in page.boards.items()}


def main() -> None:
    for date in PAGES:
        boards = board_rows(date)
        for tier in TIERS:
            path = GOLDEN / golden_file(tier, date)
            path.write_text(json.dumps(boards[tier], indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"wrote {path} ({len(boards[tier])} rows)")


if __name__ == "__main__":
    main()
