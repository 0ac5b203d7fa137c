"""Edited copies of the tiny board fixture that make a small history of known events."""

from __future__ import annotations

import re

from tests.conftest import FIXTURES

TINY = (FIXTURES / "tiny-board-table.html").read_text(encoding="utf-8")


def row_of(page: str, name: str) -> str:
    match = re.search(r"<tr><td>(?:(?!</tr>).)*<span>" + re.escape(name) + r"</span>.*?</tr>", page)
    assert match, name
    return match.group(0)


def history_pages() -> list[str]:
    """Four captures of the tiny board, in capture order:
    2: a price rises (Qwen3 1.7B (Reasoning) $0.4 -> $0.5);
    3: Gemma 3 270M leaves, Granite 4.0 Micro's index goes 11 -> 12;
    4: Granite 5.0 Nano enters, and Qwen3 1.7B (Reasoning)'s price falls to $0.3.
    """
    s1 = TINY
    qwen = row_of(s1, "Qwen3 1.7B (Reasoning)")
    s2 = s1.replace(qwen, qwen.replace("$0.4", "$0.5"))
    s3 = s2.replace(row_of(s2, "Gemma 3 270M"), "")
    s3 = s3.replace(row_of(s3, "Granite 4.0 Micro"), row_of(s3, "Granite 4.0 Micro").replace("<td>11</td>", "<td>12</td>"))
    newcomer = row_of(s3, "Granite 4.0 1B").replace("Granite 4.0 1B", "Granite 5.0 Nano").replace("granite-4-0-1b", "granite-5-0-nano")
    s4 = s3.replace(row_of(s3, "LFM2.5-VL-1.6B"), newcomer + row_of(s3, "LFM2.5-VL-1.6B"))
    s4 = s4.replace(row_of(s4, "Qwen3 1.7B (Reasoning)"), row_of(s4, "Qwen3 1.7B (Reasoning)").replace("$0.5", "$0.3"))
    return [s1, s2, s3, s4]
