"""Property tests: mutated real pages give a ParsedPage or a ParseError, nothing else, quickly.

Bounded examples in CI; `make fuzz` runs the same properties with many more examples
(HYPOTHESIS_PROFILE=fuzz). Results of the long run are recorded in docs/reliability.md.
"""

from __future__ import annotations

import json
import re
import time
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParsedPage, ParseError, parse_page
from tests.conftest import FIXTURES, SNAPSHOTS

TIME_BOUND_S = 10.0


@cache
def seed(name: str) -> bytes:
    if name.startswith("fixture:"):
        return (FIXTURES / name.split(":", 1)[1]).read_bytes()
    path = SNAPSHOTS / name
    if not path.exists():
        pytest.skip(f"real snapshot {path} is absent")
    return path.read_bytes()


# The real text snapshots where ../shared is present (CI); our fixtures always.
SEEDS = [name for name in ("aa-open-source-small.txt", "aa-open-source-tiny.txt") if (SNAPSHOTS / name).exists()] + [
    "fixture:small-board-full.html", "fixture:tiny-board-payload.html", "fixture:tiny-board-table.html"]


def check(data: bytes) -> None:
    started = time.perf_counter()
    try:
        page = parse_page(data, source="fuzz")
    except ParseError as exc:
        assert str(exc).startswith("fuzz: ") and "\n" not in str(exc)
    else:
        assert isinstance(page, ParsedPage)
        for rows in page.boards.values():
            assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
            assert len({r.model_key for r in rows}) == len(rows)
    assert time.perf_counter() - started < TIME_BOUND_S


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = seed(draw(st.sampled_from(SEEDS)))
    kind = draw(st.sampled_from(["truncate", "splice", "duplicate_row", "drop_cell", "shuffle_cells", "junk_number",
                                 "deep_json", "control_chars", "huge_attribute", "delete_span"]))
    size = len(data)
    if kind == "truncate":
        return data[: draw(st.integers(0, size))]
    if kind == "splice":
        a, b, c = sorted(draw(st.integers(0, size)) for _ in range(3))
        return data[:c] + data[a:b] + data[c:]
    if kind == "delete_span":
        a = draw(st.integers(0, size))
        return data[:a] + data[a + draw(st.integers(1, 5000)) :]
    if kind == "duplicate_row":
        rows = re.findall(rb"<tr><td>.*?</tr>", data) or [line for line in _lines(data) if b" | " in line] or _lines(data)
        row = draw(st.sampled_from(rows))
        return data.replace(row, row + (b"" if row.startswith(b"<tr>") else b"\n") + row, 1)
    if kind in ("drop_cell", "shuffle_cells"):
        lines = _lines(data)
        index = draw(st.integers(0, len(lines) - 1))
        cells = lines[index].split(b"|") if b"|" in lines[index] else re.split(rb"(?=<td>)", lines[index])
        if kind == "drop_cell" and len(cells) > 1:
            del cells[draw(st.integers(0, len(cells) - 1))]
        else:
            cells = draw(st.permutations(cells))
        lines[index] = (b"|" if b"|" in lines[index] else b"").join(cells)
        return b"\n".join(lines)
    if kind == "junk_number":
        numbers = list(re.finditer(rb"\d+(?:\.\d+)?", data[:400_000]))
        if not numbers:
            return data
        match = draw(st.sampled_from(numbers))
        junk = draw(st.sampled_from([b"NaN", b"-1", b"1e309", b"99999999999", b"", b"abc", b"0x1F", b"\xff\xfe", b"-0"]))
        return data[: match.start()] + junk + data[match.end() :]
    if kind == "deep_json":
        depth = draw(st.integers(100, 200_000))
        nested = "[" * depth + "]" * depth
        payload = f'<script>self.__next_f.push([1,{json.dumps(nested)}])</script><script>self.__next_f.push({nested})</script>'.encode()
        at = data.rfind(b"</body>")
        return data[:at] + payload + data[at:] if at >= 0 else data + payload
    if kind == "control_chars":
        at = draw(st.integers(0, size))
        return data[:at] + draw(st.binary(min_size=1, max_size=64).map(lambda b: bytes(x % 32 for x in b))) + data[at:]
    # huge_attribute
    at = data.find(b"<table")
    blob = b' data-x="' + b"A" * draw(st.integers(10_000, 3_000_000)) + b'"'
    return data[: at + 6] + blob + data[at + 6 :] if at >= 0 else data + b"<p" + blob + b">"


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(mutated())
def test_mutated_pages_parse_or_raise_parse_error(data: bytes) -> None:
    check(data)


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(cut=st.integers(0, 3_148_504), tail=st.sampled_from([b"", b"\x00", b"}]\"", b"<table><tr><th>Model</th></tr>"]))
def test_the_real_catalogue_page_cut_or_damaged_anywhere(cut: int, tail: bytes, real_page_bytes: bytes) -> None:
    import gzip

    check(gzip.decompress(real_page_bytes)[:cut] + tail)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=5000))
def test_arbitrary_bytes_parse_or_raise_parse_error(data: bytes) -> None:
    check(data)
