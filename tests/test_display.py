"""The output formats, read back with the readers programs use: any text in, the same text out.

Terminal safety must live inside values: a JSON reader, a JSON Lines reader splitting at line
ends (Python's own str.splitlines included) and the csv module all get every value back
exactly, while nothing a terminal would act on reaches it raw.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.outputs.display import format_csv, format_jsonl, format_table, json_document, render, safe
from tests.cli_runner import TERMINAL_UNSAFE

# What a terminal acts on or a line reader splits at: C0, DEL, C1, bidi controls, U+2028/9.
HOSTILE = ["\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\u202eevil", "\u2066x\u2069", "a\u2028b", "a\x85b", "a\rb", "a\nb",
           "tab\there", "quote\"comma,", "\x00nul", "\u200fmark"]

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
rows_strategy = st.lists(st.fixed_dictionaries({"model": texts, "index": st.none() | st.floats(allow_nan=False, allow_infinity=False),
                                                "providers": st.lists(texts, max_size=3), "open": st.none() | st.booleans()}),
                         max_size=5)


@given(rows_strategy)
def test_json_reads_back_exactly_and_has_nothing_a_terminal_acts_on(rows: list[dict]) -> None:
    out = render(rows, "json")
    assert json.loads(out) == rows
    assert not TERMINAL_UNSAFE.search(out.replace("\n", ""))


@given(rows_strategy)
def test_json_lines_are_one_object_a_line_for_any_line_reader(rows: list[dict]) -> None:
    out = format_jsonl(rows)
    assert [json.loads(line) for line in out.splitlines()] == rows
    assert [json.loads(line) for line in io.StringIO(out)] == rows
    assert out.count("\n") == len(rows) and not TERMINAL_UNSAFE.search(out.replace("\n", ""))


@given(rows_strategy)
def test_csv_into_a_pipe_reads_back_exactly(rows: list[dict]) -> None:
    out = format_csv(rows, fields=["model", "index", "providers", "open"])
    read = list(csv.reader(io.StringIO(out, newline="")))
    assert read[0] == ["model", "index", "providers", "open"]
    assert [r[0] for r in read[1:]] == [row["model"] for row in rows]
    assert [json.loads(r[2]) for r in read[1:]] == [row["providers"] for row in rows]
    assert [r[3] for r in read[1:]] == [{None: "", True: "true", False: "false"}[row["open"]] for row in rows]
    assert [float(r[1]) if r[1] else None for r in read[1:]] == [row["index"] for row in rows]


@given(rows_strategy)
def test_csv_to_a_terminal_and_the_table_show_nothing_a_terminal_acts_on(rows: list[dict]) -> None:
    on_terminal = format_csv(rows, fields=["model", "index", "providers", "open"], to_terminal=True)
    # The structure (quotes, CRLF) stays; no value brings a control character of its own.
    for record in csv.reader(io.StringIO(on_terminal, newline="")):
        assert not any(TERMINAL_UNSAFE.search(value) for value in record)
    table = format_table(rows, [("model", "Model"), ("providers", "Providers")])
    assert not TERMINAL_UNSAFE.search(table.replace("\n", ""))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_value_survives_json_and_is_shown_safely(text: str) -> None:
    document = json_document({"model": text})
    assert json.loads(document) == {"model": text}
    assert not TERMINAL_UNSAFE.search(document.replace("\n", ""))
    assert not TERMINAL_UNSAFE.search(safe(text))
    lines = format_jsonl([{"model": text}, {"model": "next"}]).splitlines()
    assert [json.loads(line) for line in lines] == [{"model": text}, {"model": "next"}]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_an_empty_result_is_still_a_valid_document(fmt: str) -> None:
    out = render([], fmt, fields=["tier", "rank", "model"])
    if fmt == "json":
        assert json.loads(out) == []
    elif fmt == "jsonl":
        assert out == ""
    else:
        assert out == "tier,rank,model\r\n"
        reader = csv.DictReader(io.StringIO(out, newline=""))
        assert list(reader) == [] and reader.fieldnames == ["tier", "rank", "model"]


def test_csv_header_follows_the_given_fields_not_the_first_row() -> None:
    out = format_csv([{"b": 1, "a": 2}, {"a": 3}], fields=["a", "b"])
    assert list(csv.reader(io.StringIO(out, newline=""))) == [["a", "b"], ["2", "1"], ["3", ""]]


@pytest.mark.parametrize(("value", "shown"), [
    (0.2, "0.2"), (4.3, "4.3"), (0.752, "0.752"), (1.5, "1.5"), (27.8, "27.8"), (262144.0, "262144"), (1000000.0, "1000000"),
    (13.99, "14"), (99.96, "100"), (42.0, "42"), (0.05, "0.05"), (0.0, "0"), (None, "-"), (True, "yes"), (False, "no"),
    (7, "7"), (float("nan"), "-"), (float("inf"), "-"),
])
def test_the_table_shows_what_the_page_would_with_no_made_up_precision(value: object, shown: str) -> None:
    """Three significant digits at most, never a trailing zero: the page's $0.2 is not 0.200."""
    table = format_table([{"v": value}], [("v", "V")])
    assert table.splitlines()[2].strip() == shown


HOSTILE_NAME = "**GLM** <img src=x onerror=alert(1)> [site](http://x.example) `code` a|b\n# heading"


def test_page_text_in_a_flow_artifact_neither_formats_links_nor_embeds(tmp_path) -> None:
    """A Prefect artifact is Markdown the Prefect UI renders: a page's text goes in escaped."""
    from pipeline.runs.flows import summary_markdown
    from pipeline.runs.outcomes import PageOutcome
    from pipeline.settings import Settings

    outcome = PageOutcome(source="https://artificialanalysis.ai/models/open-source/small", status="loaded",
                          tiers=("small",), rows=1, warnings=(f"{HOSTILE_NAME!s}: creator not read",),
                          held=(f"small board held: {HOSTILE_NAME} moved x100",))
    markdown = summary_markdown("ingest", [outcome], Settings.for_db(tmp_path / "none.duckdb"))
    body = markdown.split("\n", 1)[1]
    assert "<img" not in body and "](http" not in body and "**GLM**" not in body and "`code`" not in body
    assert "\n# heading" not in markdown, "a page's line break starts no Markdown block"
    assert r"\*\*GLM\*\* &lt;img src=x onerror=alert\(1\)\> \[site\]\(http://x.example\) \`code\` a\|b?\# heading" in body
    assert markdown.count("\n| ") == 2, "the page's `|` makes no table cell: one header row, one page row"


def test_a_flow_artifact_lists_the_dating_warnings_of_its_pages(tmp_path) -> None:
    """An index version stepping back (a page dated wrong) is in the artifact a scheduled run
    leaves, not only on the terminal of a command: escaped, as every page's text."""
    from pipeline.runs.flows import summary_markdown
    from pipeline.runs.outcomes import PageOutcome
    from pipeline.settings import Settings

    warning = "small board: Intelligence Index v4.1 (snapshot 2, ...) is followed by the older v4.0_beta (snapshot 3, ...)"
    outcome = PageOutcome(source="small.txt", status="loaded", tiers=("small",), rows=1, dating_warnings=(warning,))
    markdown = summary_markdown("ingest", [outcome], Settings.for_db(tmp_path / "none.duckdb"))
    section = markdown.split("## Warnings", 1)[1]
    assert r"- small.txt: small board: Intelligence Index v4.1 \(snapshot 2, ...\) is followed by the older v4.0\_beta" in section
