"""Bad input of every kind: a clear ParseError, or a correct parse with warnings when only the form is odd."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterable

import pytest

from parsers import ParseError, parse_page
from parsers.payload.flight import payload_text
from parsers.rows import ModelRow
from tests.conftest import FIXTURES, ROOT

SMALL_TABLE = (FIXTURES / "small-board-table.html").read_text(encoding="utf-8")
SMALL_PAYLOAD = (FIXTURES / "small-board-payload.html").read_text(encoding="utf-8")


def _facts(rows: Iterable[ModelRow]) -> list[dict]:
    """Every field but the record of the row as the page showed it (it names the page's own columns)."""
    return [{k: v for k, v in row.as_dict().items() if k != "source_record"} for row in rows]


def _rows(data: bytes) -> list[dict]:
    return _facts(parse_page(data).rows)


def _refused(data: bytes, *patterns: str) -> str:
    with pytest.raises(ParseError) as caught:
        parse_page(data, source="bad.html")
    message = str(caught.value)
    assert message.startswith("bad.html: ")
    assert "\n" not in message
    for pattern in patterns:
        assert re.search(pattern, message, re.IGNORECASE), message
    return message


def test_empty_file() -> None:
    _refused(b"", "empty")
    _refused(b"   \n\t ", "empty")


def test_random_bytes() -> None:
    _refused(random.Random(7).randbytes(200_000), "binary|encoding|no board")


def test_html_cut_mid_table() -> None:
    cut = SMALL_TABLE[: SMALL_TABLE.index("Ministral 3 14B")]
    _refused(cut.encode(), "truncated")


def test_payload_cut_mid_object_inside_a_whole_page() -> None:
    payload = payload_text(SMALL_PAYLOAD, None) or ""
    middle = payload.index('"name":"Ministral 3 14B"')
    chunk = json.dumps([1, payload[:middle]]).replace("<", "\\u003c")
    page = SMALL_PAYLOAD.split("<script>self.__next_f")[0] + f"<script>self.__next_f.push({chunk})</script></main></body></html>"
    _refused(page.encode(), "cut mid-object|ends in the middle of a row")


def test_payload_chunk_that_is_not_json() -> None:
    page = SMALL_PAYLOAD.replace('self.__next_f.push([1,"5:', 'self.__next_f.push([1,"5:\\x', 1)
    _refused(page.encode(), "not valid JSON")


def test_unrelated_page() -> None:
    page = "<!DOCTYPE html><html><head><title>Recipes</title></head><body><h1>Soup</h1><table><tr><th>Step</th></tr><tr><td>Boil</td></tr></table></body></html>"
    _refused(page.encode(), "no board table and no model payload")


def test_404_page() -> None:
    page = "<!DOCTYPE html><html><head><title>404: This page could not be found.</title></head><body><h1>404</h1><h2>This page could not be found.</h2></body></html>"
    _refused(page.encode(), "error or block page", "404")


def test_text_that_is_not_a_board() -> None:
    _refused(b"Dear user,\nthis is a plain letter.\n", "no board rows")


def test_table_with_an_extra_column_parses_correctly_with_a_warning() -> None:
    extra = SMALL_TABLE.replace("<th>Creator</th>", "<th>Release Date</th><th>Creator</th>")
    extra = re.sub(r"(<tr><td>.*?</td>)(<td>)", r"\1<td>2025-01-01</td>\2", extra)
    page = parse_page(extra.encode())
    assert _facts(page.rows) == _rows(SMALL_TABLE.encode())
    assert any("Release Date" in w for w in page.warnings)


def test_reordered_columns_read_the_same_values() -> None:
    def swap(match: re.Match[str]) -> str:
        cells = re.findall(r"<t[hd]>.*?</t[hd]>", match.group(1))
        cells[4], cells[5] = cells[5], cells[4]  # context <-> price
        return "<tr>" + "".join(cells) + "</tr>"

    swapped = re.sub(r"<tr>(.*?)</tr>", swap, SMALL_TABLE)
    assert _rows(swapped.encode()) == _rows(SMALL_TABLE.encode())


def test_a_header_naming_size_is_read_as_the_parameters() -> None:
    changed = SMALL_TABLE.replace("<th>Parameters</th>", "<th>Size</th>")
    assert _rows(changed.encode()) == _rows(SMALL_TABLE.encode())


def test_an_unreadable_header_is_inferred_from_the_cells_and_said() -> None:
    changed = SMALL_TABLE.replace("<th>Parameters</th>", "<th>\u2195</th>")
    page = parse_page(changed.encode())
    assert _facts(page.rows) == _rows(SMALL_TABLE.encode())
    assert any("inferred" in w for w in page.warnings)


def test_a_table_whose_columns_cannot_be_mapped_is_refused_saying_what_was_found() -> None:
    changed = re.sub(r"<span>([\d.]+)B</span>", r"<span>\1</span>", SMALL_TABLE)  # sizes without units
    changed = changed.replace("<th>Parameters</th>", "<th>\u2195</th>")
    _refused(changed.encode(), "59 rows whose columns could not be mapped", "headers 'Model'")


def test_latin1_page_parses_with_a_warning() -> None:
    latin = SMALL_TABLE.replace('<meta charset="utf-8"/>', '<meta charset="iso-8859-1"/>').replace("\U0001f917", "Hugging Face")
    latin = latin.replace("Click on any model", "Cliquez sur un modèle")
    # Characters Latin-1 lacks (the methodology line's tau) become character references, as a
    # browser saving such a page would write them.
    page = parse_page(latin.encode("latin-1", errors="xmlcharrefreplace"))
    assert _facts(page.rows) == _rows(SMALL_TABLE.encode())
    assert any("iso-8859-1" in w or "windows-1252" in w for w in page.warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_page_parses_with_a_warning(encoding: str) -> None:
    page = parse_page(SMALL_TABLE.encode(encoding))
    assert _facts(page.rows) == _rows(SMALL_TABLE.encode())
    assert any("utf-16" in w for w in page.warnings)


def test_fifty_megabyte_file_is_refused_with_its_size() -> None:
    _refused(b"<html>" + b"x" * (50 * 1024 * 1024) + b"</html>", r"50\.0 MB", "limit")


def test_gzip_bomb_is_refused_before_full_expansion() -> None:
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 1024 * 1024
    _refused(bomb, "expands beyond")


def test_truncated_gzip_is_refused() -> None:
    data = gzip.compress(SMALL_TABLE.encode())
    _refused(data[: len(data) // 2], "gzip")


def test_gzip_page_parses() -> None:
    assert _rows(gzip.compress(SMALL_TABLE.encode())) == _rows(SMALL_TABLE.encode())


def test_text_rendering_cut_mid_row(small_text_bytes: bytes, tiny_text_bytes: bytes) -> None:
    _refused(small_text_bytes[: small_text_bytes.index(b"| 8.77B")], "incomplete")
    _refused(tiny_text_bytes[: tiny_text_bytes.rindex(b"View")], "never closes")


def test_text_rendering_with_a_shifted_column(small_text_bytes: bytes) -> None:
    shifted = small_text_bytes.replace(b"Magistral Small 1.2 Mistral | 23 | 24B | 128k", b"Magistral Small 1.2 Mistral | 23 | 128k | 24B")
    _refused(shifted, "line 43", "unreadable")


def test_duplicate_models_are_refused() -> None:
    rows = re.findall(r"<tr><td>.*?</tr>", SMALL_TABLE)
    doubled = SMALL_TABLE.replace(rows[1], rows[1] + rows[1])
    _refused(doubled.encode(), "more than once")


def test_a_board_of_four_rows_is_refused() -> None:
    rows = re.findall(r"<tr><td>.*?</tr>", SMALL_TABLE)
    short = SMALL_TABLE.replace("".join(rows[4:]), "")
    _refused(short.encode(), "fewer than 5")


def test_index_out_of_range_is_refused() -> None:
    bad = SMALL_TABLE.replace("<td>42</td>", "<td>420</td>", 1)
    _refused(bad.encode(), "outside 0-100")


def test_params_out_of_range_is_refused() -> None:
    bad = SMALL_TABLE.replace("<span>27.8B</span>", "<span>27800B</span>", 1)
    _refused(bad.encode(), "outside 0.01-20000B")


def test_table_and_payload_disagreement_is_a_warning_not_an_error() -> None:
    full = (FIXTURES / "small-board-full.html").read_text(encoding="utf-8")
    changed = full.replace("<td>200k</td>", "<td>100k</td>", 1)
    page = parse_page(changed.encode())
    assert any("context_window_tokens" in w and "GLM-4.7-Flash" in w for w in page.warnings)
    assert {r.model: r for r in page.rows}["GLM-4.7-Flash (Reasoning)"].context_window_tokens == 200000


def test_unknown_creator_gives_null_and_a_warning(small_text_bytes: bytes) -> None:
    changed = small_text_bytes.replace(b"Reka Flash 3 Reka AI |", b"Reka Flash 3 Some New Lab |")
    page = parse_page(changed)
    row = {r.rank: r for r in page.rows}[36]
    assert row.creator is None and row.model == "Reka Flash 3 Some New Lab"
    assert any("not in the creator registry" in w for w in page.warnings)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02garbage", b"<html><body><table>", b"<!DOCTYPE html><html><head><title>404</title></head></html>"],
)
def test_cli_shows_one_line_and_exit_1_never_a_traceback(tmp_path, content: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "parse", str(path)], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(path) in lines[0]
