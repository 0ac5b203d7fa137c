"""One bad page, value or file never stops the night (issue 27): each fault fails alone, with one
line naming it, and everything else goes on. Real DuckDB files, real processes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import PARSER_VERSION, ParsedPage, ParseError, parse_page
from parsers.rows import FrozenMap
from parsers.validate import validate_page
from pipeline.cli.main import main
from tests.conftest import FIXTURES, snapshot_path
from warehouse.db import open_warehouse
from warehouse.load import PageLoad, SnapshotMeta, load_pages
from warehouse.resources import latest_version

# The boards of the real catalogue page of 2026-07-31, by their sizes.
CATALOGUE_0731 = {"small": 67, "tiny": 27, "medium": 35, "large": 44}
DEMO = sorted((FIXTURES / "demo").glob("*-2026-07-18T*.html"))


def _demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", *map(str, DEMO), "--db", str(db)]) == 0
    return db


def _one_version_back(db: Path) -> None:
    """Make the file as the previous release left it: the schema before the newest migration,
    holding the same rows."""
    from tests.old_schema import older_copy

    current = db.with_name("current.duckdb")
    db.rename(current)
    older_copy(current, db, latest_version() - 1)


def _version(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute("SELECT max(version) FROM schema_migrations").fetchall()[0][0])


@pytest.mark.parametrize("command", ["status", "verify", "show"])
def test_read_commands_upgrade_a_database_of_the_previous_schema(command: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = _demo_db(tmp_path)
    _one_version_back(db)
    assert _version(db) == latest_version() - 1
    assert main([command, "--db", str(db)]) == 0, capsys.readouterr().err
    assert _version(db) == latest_version()


def test_a_read_command_that_cannot_upgrade_says_why_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _demo_db(tmp_path)
    _one_version_back(db)
    capsys.readouterr()
    # Another process reads the file (an analyst's session on the writer's file, say): this one can
    # read it too, but not write it.
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
                               "print('open', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert main(["status", "--db", str(db), "--lock-timeout", "0.5"]) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"schema version {latest_version() - 1}, expected {latest_version()}" in err[0] \
        and "upgrading it failed" in err[0] and "locked" in err[0], err
    assert _version(db) == latest_version() - 1  # untouched


# Item 1 and 16: a value of an unexpected type in a payload record, and a record with no name.
# The demo's small board of 07-31, edited; another page loads beside it in the same run.

def _edited_demo(tmp_path: Path, pattern: bytes, replacement: bytes) -> Path:
    page = FIXTURES / "demo" / "small-board-2026-07-31T01-13-53Z.html"
    data = page.read_bytes()
    edited = re.sub(pattern, replacement, data)
    assert edited != data, pattern
    out = tmp_path / page.name
    out.write_bytes(edited)
    return out


_TYPES = [
    ("release date a number", rb'(\\"releaseDate\\":)\\"[^\\]*\\"', rb"\g<1>20260101", "releaseDate is int"),
    ("release date an object", rb'(\\"releaseDate\\":)\\"[^\\]*\\"', rb'\g<1>{\\"y\\":1}', "releaseDate is dict"),
    ("release date a list", rb'(\\"releaseDate\\":)\\"[^\\]*\\"', rb"\g<1>[2026]", "releaseDate is list"),
    ("slug a number", rb'(\\"slug\\":)\\"[^\\]*\\"', rb"\g<1>12", "slug is int"),
    ("slug an object", rb'(\\"slug\\":)\\"[^\\]*\\"', rb'\g<1>{\\"s\\":1}', "slug is dict"),
    ("creator a number", rb'(\\"creator\\":)\{[^}]*\}', rb"\g<1>7", "creator is int, not an object"),
    ("creator a list", rb'(\\"creator\\":)\{[^}]*\}', rb"\g<1>[1,2]", "creator is list, not an object"),
    ("creator name a number", rb'(\\"creator\\":\{\\"name\\":)\\"[^\\]*\\"', rb"\g<1>5", "creator.name is int"),
]


@pytest.mark.parametrize(("pattern", "replacement", "said"), [t[1:] for t in _TYPES], ids=[t[0] for t in _TYPES])
def test_a_value_of_an_unexpected_type_is_no_value_and_the_night_goes_on(pattern: bytes, replacement: bytes, said: str,
                                                                          tmp_path: Path) -> None:
    edited = _edited_demo(tmp_path, pattern, replacement)
    page = parse_page(edited.read_bytes())
    assert any(said in warning and "left empty" in warning for warning in page.warnings), page.warnings
    db = tmp_path / "lb.duckdb"
    other = FIXTURES / "demo" / "tiny-board-2026-07-31T01-13-53Z.html"
    assert main(["ingest", str(edited), str(other), "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT tier) FROM leaderboard_latest").fetchall() == [(2,)]
        (warnings,) = con.execute("SELECT warnings FROM parse_runs WHERE source = ?", [str(edited)]).fetchall()[0]
    assert any(said in warning for warning in warnings)


def test_a_record_with_no_name_is_said_not_dropped_silently(tmp_path: Path) -> None:
    edited = _edited_demo(tmp_path, rb'\\"name\\":\\"Qwen3.6 27B \(Reasoning\)\\"', rb'\\"name\\":\\"\\"')
    page = parse_page(edited.read_bytes())
    assert "Qwen3.6 27B (Reasoning)" not in {row.model for row in page.rows}
    assert any("a model record with no name (slug 'qwen3-6-27b') left out" in w for w in page.warnings), page.warnings


def test_a_gap_in_the_parser_fails_that_page_alone_never_the_night(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the parser trips on (here a TypeError planted in one form's reader), the page is
    refused with one line naming it, a failed parse run is recorded, the run's other page loads."""
    import parsers.page

    real = parsers.page._parse_text

    def broken(text: str, source: str | None, warnings: list[str]) -> Any:
        raise TypeError("'int' object is not subscriptable")

    monkeypatch.setattr(parsers.page, "_parse_text", broken)
    text_page = tmp_path / "small.txt"
    text_page.write_text("anything", encoding="utf-8")
    db = tmp_path / "lb.duckdb"
    code = main(["ingest", str(text_page), str(FIXTURES / "demo" / "tiny-board-2026-07-31T01-13-53Z.html"), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1 and "unexpected" not in err
    assert f"{text_page}: the parser could not read this page (TypeError: 'int' object is not subscriptable)" in err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status FROM parse_runs WHERE source = ?", [str(text_page)]).fetchall() == [("failed",)]
        assert con.execute("SELECT DISTINCT tier FROM leaderboard_latest").fetchall() == [("tiny",)]
    monkeypatch.setattr(parsers.page, "_parse_text", real)


# Item 2: a value the warehouse cannot hold.

@pytest.mark.parametrize(("pattern", "replacement", "said"), [
    (rb'(\\"contextWindowTokens\\":)\d+', rb"\g<1>1e20", "context window 1e+20 is beyond any real figure"),
    (rb'(\\"hostModelCount\\":)\d+', rb"\g<1>1000000000000000000000000000000", "provider count 1e+30 is beyond any real figure"),
])
def test_a_value_the_warehouse_cannot_hold_refuses_that_page_alone(pattern: bytes, replacement: bytes, said: str,
                                                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = _edited_demo(tmp_path, pattern, replacement)
    db = tmp_path / "lb.duckdb"
    code = main(["ingest", str(edited), str(FIXTURES / "demo" / "tiny-board-2026-07-31T01-13-53Z.html"), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1 and said in err and "unexpected" not in err, err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT tier FROM leaderboard_latest").fetchall() == [("tiny",)]


def test_the_text_cell_of_an_impossible_context_is_refused(tmp_path: Path) -> None:
    page = (FIXTURES / "small-board-table.html").read_text(encoding="utf-8").replace("<td>262k</td>", "<td>99999999999999999999999M</td>", 1)
    with pytest.raises(ParseError, match="context window .* is beyond any real figure"):
        parse_page(page.encode())


def test_a_batch_with_a_value_duckdb_cannot_hold_loads_its_other_pages(tmp_path: Path) -> None:
    """The warehouse's own guard, past validation: a re-parse batch is never blocked by one page."""
    good = parse_page((FIXTURES / "small-board-full.html").read_bytes())
    rows = good.boards["small"]
    bad = dataclasses.replace(good, boards=FrozenMap({"small": (dataclasses.replace(rows[0], context_window_tokens=10**20),
                                                                *rows[1:])}))
    captured = dt.datetime(2026, 7, 31, 3, tzinfo=dt.UTC)

    def load(page: ParsedPage, sha: str, hour: int) -> PageLoad:
        meta = SnapshotMeta(content_sha256=sha * 64, source=f"page-{sha}", captured_at=captured + dt.timedelta(hours=hour),
                            capture_time_source="option", bytes=1, archive_path=None)
        return PageLoad(meta=meta, parser_version=PARSER_VERSION, started_at=captured, page=page)

    with open_warehouse(tmp_path / "lb.duckdb") as con:
        results = load_pages(con, [load(good, "a", 0), load(bad, "b", 1), load(good, "c", 2)])
        assert [r.status for r in results] == ["loaded", "failed", "loaded"]
        assert "the warehouse cannot hold a value of this page" in (results[1].error or "")
        assert con.execute("SELECT source, status FROM parse_runs ORDER BY run_id").fetchall() == [
            ("page-a", "ok"), ("page-b", "failed"), ("page-c", "ok")]


# Item 12: NaN and infinity from a page's JSON-LD charts.

@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_chart_nan_and_infinity_are_never_stored(value: str) -> None:
    chart = ('<script type="application/ld+json">{"@type":"Dataset","data":[{"label":"Qwen3.5 27B (Reasoning)",'
             f'"outputSpeed":{value}}}]}}</script>')
    page = (FIXTURES / "small-board-table.html").read_text(encoding="utf-8").replace("</body>", chart + "</body>")
    parsed = parse_page(page.encode())
    row = next(r for r in parsed.rows if r.model == "Qwen3.5 27B (Reasoning)")
    assert row.output_tokens_per_s == 100.0  # the table's, untouched by the chart
    assert any(f"outputSpeed as {float(value)}; ignored" in w for w in parsed.warnings), parsed.warnings


# Item 16: impossible values.

@pytest.mark.parametrize(("field", "value", "said"), [
    ("input_price_usd_per_1m", -0.1, "input price -0.1 is negative"),
    ("output_price_usd_per_1m", -1.0, "output price -1.0 is negative"),
    ("time_to_first_token_s", -0.5, "time to first token -0.5 is negative"),
    ("openness_index", -3.0, "openness index -3.0 is negative"),
    ("provider_count", -1, "provider count -1 is negative"),
    ("output_tokens_per_s", float("nan"), "output speed is nan, not a number"),
    ("context_window_tokens", 0, "holds no token"),
])
def test_impossible_values_refuse_the_page(field: str, value: float, said: str) -> None:
    page = parse_page((FIXTURES / "small-board-full.html").read_bytes())
    rows = page.boards["small"]
    bad = dataclasses.replace(page, boards=FrozenMap({"small": (dataclasses.replace(rows[0], **{field: value}), *rows[1:])}))
    with pytest.raises(ParseError, match=re.escape(said)):
        validate_page(bad)


@pytest.mark.parametrize(("evaluation", "score"), [("gpqa", 1e308), ("gpqa", 1.5), ("codingIndex", -1.0), ("tau2", float("inf"))])
def test_evaluation_scores_outside_their_range_refuse_the_page(evaluation: str, score: float) -> None:
    page = parse_page((FIXTURES / "small-board-full.html").read_bytes())
    rows = page.boards["small"]
    bad_row = dataclasses.replace(rows[0], evaluations=FrozenMap({evaluation: score}))
    bad = dataclasses.replace(page, boards=FrozenMap({"small": (bad_row, *rows[1:])}))
    with pytest.raises(ParseError, match=f"{evaluation} score"):
        validate_page(bad)


# Item 3: backfill captures dated in the future, or not dated at all.

def test_backfill_refuses_captures_dated_in_the_future_or_not_a_date_each_alone(tmp_path: Path) -> None:
    from tests.archive_server import SMALL, TINY, ArchivedCapture, run_backfill, serving

    small = (FIXTURES / "small-board-table.html").read_bytes()
    tiny = (FIXTURES / "tiny-board-table.html").read_bytes()
    captures = [
        ArchivedCapture(SMALL, "20250301000000", small),
        ArchivedCapture(SMALL, "20991231235959", small.replace(b"$0.8", b"$0.9", 1)),  # the index dates it in 2099
        ArchivedCapture(SMALL, "20260231000000", small.replace(b"$0.8", b"$1.0", 1)),  # February 31st
        ArchivedCapture(TINY, "20250310000000", tiny),
        # The archive answers with its "nearest" capture, dated 2099.
        ArchivedCapture(TINY, "20250410000000", b"", redirect_to="20991231000000"),
        ArchivedCapture(TINY, "20991231000000", tiny.replace(b"$0.4", b"$0.5", 1), listed=False),
    ]
    db = tmp_path / "lb.duckdb"
    for archive in serving(captures):
        done = run_backfill(archive, db)
    assert done.returncode == 1, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert "capture 20991231235959: more than a day in the future" in said
    assert "capture 20260231000000: the index dates it 20260231000000, which is not a date" in said
    assert "the archive served a capture dated 20991231000000, more than a day in the future" in said
    assert "unexpected" not in said
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), max(captured_at) < now() FROM snapshots").fetchall() == [(2, True)]
        assert con.execute("SELECT DISTINCT tier FROM leaderboard_latest ORDER BY 1").fetchall() == [("small",), ("tiny",)]


# Item 14: digits after a date in a file name are a zone only where the name clearly gives one.

@pytest.mark.parametrize(("name", "expected"), [
    ("small-2026-08-07-0042.html", "2026-08-07T00:00:00+00:00"),
    ("small-2026-08-07-9999.html", "2026-08-07T00:00:00+00:00"),
    ("small-2026-08-07T03-00-9999.html", "2026-08-07T00:00:00+00:00"),  # no time of day: the date alone
    ("small-2026-08-07T03:00:00+02:00.html", "2026-08-07T03:00:00+02:00"),
    ("small-2026-08-07T03-00-00Z.html", "2026-08-07T03:00:00+00:00"),
])
def test_a_zone_is_read_from_a_file_name_only_where_it_clearly_gives_one(name: str, expected: str) -> None:
    from pipeline.sources.capture_times import from_file_name

    found = from_file_name(name)
    assert found is not None and found.isoformat() == expected


def test_a_file_name_with_four_digits_after_its_date_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "tiny-2026-08-07-9999.html"
    page.write_bytes((FIXTURES / "tiny-board-table.html").read_bytes())
    assert main(["ingest", str(page), "--db", str(tmp_path / "lb.duckdb")]) == 0, capsys.readouterr().err
    assert "captured 2026-08-07T00:00:00+00:00 (from filename)" in capsys.readouterr().out


# Item 4: conditional-request validators belong to the database that loaded the page.

def test_two_databases_sharing_an_archive_each_load_the_board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.board_server import refresh, serving

    archive = tmp_path / "archive"
    first, second = tmp_path / "one" / "lb.duckdb", tmp_path / "two" / "lb.duckdb"
    for server in serving():
        assert refresh(first, server.base + "/small", extra=("--archive", str(archive))) == 0
        assert refresh(second, server.base + "/small", extra=("--archive", str(archive))) == 0
        # The first database asks conditionally again and is told "not modified".
        assert refresh(first, server.base + "/small", extra=("--archive", str(archive))) == 0
        assert server.last_headers["/small"].get("If-None-Match")
    out = capsys.readouterr().out
    assert "unchanged" in out.splitlines()[-2]
    for db in (first, second):
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM leaderboard_latest").fetchall() == [(59,)], db


def test_a_database_restored_from_an_older_backup_loads_the_page_again(tmp_path: Path) -> None:
    from tests.board_server import refresh, serving

    db = tmp_path / "lb.duckdb"
    for server in serving():
        assert main(["ingest", str(FIXTURES / "tiny-board-table.html"), "--db", str(db)]) == 0
        backup = tmp_path / "backup.duckdb"
        backup.write_bytes(db.read_bytes())
        assert refresh(db, server.base + "/small") == 0
        db.write_bytes(backup.read_bytes())  # restored: it never loaded the small board
        assert refresh(db, server.base + "/small") == 0
        assert not server.last_headers["/small"].get("If-None-Match")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT tier FROM leaderboard_latest ORDER BY 1").fetchall() == [("small",), ("tiny",)]


# Items 5 and 6: each board of a page is loaded when it is asked for, and keeps the newest
# parser version that read it.

@pytest.mark.parametrize("then", [["ingest"], ["ingest", "--tier", "tiny"], ["reparse", "--force"]])
def test_a_board_left_out_with_tier_loads_when_it_is_asked_for(then: list[str], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    catalogue = snapshot_path("aa-model-page-2026-07-31.html.gz")
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(catalogue), "--tier", "small", "--db", str(db)]) == 0
    argv = [*then, "--db", str(db)] if then[0] == "reparse" else [then[0], str(catalogue), *then[1:], "--db", str(db)]
    assert main(argv) == 0, capsys.readouterr().err
    with duckdb.connect(str(db), read_only=True) as con:
        assert dict(con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier").fetchall()) == (
            {"small": 67, "tiny": 27} if "--tier" in then else CATALOGUE_0731)
        assert con.execute("SELECT count(*) FROM snapshots").fetchall() == [(1,)]


def test_a_newer_parser_that_reads_fewer_boards_never_hides_the_others(tmp_path: Path) -> None:
    page = parse_page(snapshot_path("aa-model-page-2026-07-31.html.gz").read_bytes())
    only_small = dataclasses.replace(page, boards=FrozenMap({"small": page.boards["small"]}),
                                     carried_fields=FrozenMap({"small": page.carried_fields["small"]}))
    captured = dt.datetime(2026, 7, 31, 1, tzinfo=dt.UTC)
    meta = SnapshotMeta(content_sha256="f" * 64, source="catalogue", captured_at=captured, capture_time_source="option",
                        bytes=1, archive_path=None)
    with open_warehouse(tmp_path / "lb.duckdb") as con:
        load_pages(con, [PageLoad(meta=meta, parser_version="1.0", started_at=captured, page=page)])
        load_pages(con, [PageLoad(meta=meta, parser_version="9.0", started_at=captured, page=only_small)])
        assert dict(con.execute("SELECT tier, parser_version FROM board_snapshots").fetchall()) == {"small": "9.0", "tiny": "1.0", "medium": "1.0", "large": "1.0"}
        assert dict(con.execute("SELECT tier, count(*) FROM leaderboard_latest GROUP BY tier").fetchall()) == CATALOGUE_0731


# Items 7 and 8: a server that answers a byte at a time, or without end.

@pytest.mark.parametrize(("robots", "path"), [("plain", "/drip-body"), ("plain", "/drip-headers"), ("drip", "/small")],
                         ids=["page body", "headers", "robots.txt"])
def test_a_fetch_that_drips_ends_at_its_total_timeout_naming_the_url(robots: str, path: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from tests.drip_server import serving

    for server in serving(robots):
        started = time.monotonic()
        code = main(["refresh", "--db", str(tmp_path / "lb.duckdb"), "--url", server.base + path, "--read-timeout", "5",
                     "--total-timeout", "0.8", "--attempts", "2"])
        took = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1 and took < 6, (took, err)
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert lines == [f"error: {server.base}{path}: no whole answer within 0.8 s (--total-timeout); gave up"], err


def test_an_endless_robots_txt_is_read_no_further_than_its_cap(tmp_path: Path) -> None:
    import time

    from pipeline.sources.robots import MAX_ROBOTS_BYTES
    from tests.board_server import refresh
    from tests.drip_server import serving

    for server in serving("endless"):
        started = time.monotonic()
        assert refresh(tmp_path / "lb.duckdb", server.base + "/small") == 0
        took = time.monotonic() - started
        time.sleep(0.5)  # the server notices the closed connection
        sent = server.robots_bytes_sent
    with duckdb.connect(str(tmp_path / "lb.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM leaderboard_latest").fetchall() == [(59,)]
    # Read no further than the cap: what was sent is the cap plus what the sockets' buffers held.
    assert took < 10 and sent < MAX_ROBOTS_BYTES + 16 * 1024 * 1024, (took, sent)


# Item 17: options that cannot be right are a usage error (exit 2, one line), before anything runs.

@pytest.mark.parametrize("argv", [
    ["status", "--lock-timeout", "nan"],
    ["status", "--lock-timeout", "-5"],
    ["status", "--lock-timeout", "inf"],
    ["refresh", "--attempts", "0"],
    ["refresh", "--connect-timeout", "nan"],
    ["refresh", "--read-timeout", "0"],
    ["refresh", "--total-timeout", "-1"],
    ["refresh", "--max-mb", "0"],
    ["refresh", "--url", "http://[::1"],
    ["refresh", "--url", "ftp://example.org/x"],
    ["refresh", "--url", "http://127.0.0.1:notaport/x"],
    ["reparse", "--workers", "-3"],
    ["backfill", "--interval", "nan"],
    ["backfill", "--cdx-page-size", "0"],
    ["serve", "--port", "70000"],
])
def test_options_that_cannot_be_right_are_refused_in_one_line(argv: list[str], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--db", str(tmp_path / "lb.duckdb")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and argv[1] in err[0] and "unexpected" not in err[0], err
    assert not (tmp_path / "lb.duckdb").exists()


# Item 9: only regular files are read, their size checked first; a --db that is no file is refused.

def _command(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    from tests.cli_runner import SAFE_ENV, console_script

    return subprocess.run([console_script(), *args], capture_output=True, text=True, env=SAFE_ENV, timeout=timeout)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "sparse-2gb"])
def test_an_input_that_is_no_saved_page_fails_alone_in_one_line(kind: str, tmp_path: Path) -> None:
    if kind == "fifo":
        bad = tmp_path / "small.html"
        os.mkfifo(bad)
        said = "not a regular file (a FIFO)"
    elif kind == "dev-zero":
        bad = Path("/dev/zero")
        said = "not a regular file (a character device)"
    else:
        bad = tmp_path / "huge.html"
        with bad.open("wb") as handle:
            handle.truncate(2 * 1024**3)  # sparse: costs no disk
        said = "2048 MB, over the 32 MB a page may be; not read"
    db = tmp_path / "lb.duckdb"
    done = _command("ingest", str(bad), str(FIXTURES / "tiny-board-table.html"), "--db", str(db))
    assert done.returncode == 1 and said in done.stderr and "unexpected" not in done.stderr, done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT tier FROM leaderboard_latest").fetchall() == [("tiny",)]
    parsed = _command("parse", str(bad))
    assert parsed.returncode == 1 and said in parsed.stderr and len(parsed.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["status"], ["ingest", str(FIXTURES / "tiny-board-table.html")], ["show"]])
def test_a_db_that_is_a_fifo_is_refused_in_one_line(command: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "lb.duckdb"
    os.mkfifo(fifo)
    done = _command(*command, "--db", str(fifo))
    assert done.returncode == 1, done.stderr
    assert f"{fifo}: not a regular file; a database is a file" in done.stderr and "unexpected" not in done.stderr


# Item 10: nothing in the published copy from which a receiver's secret can be recovered.

def test_receivers_are_stored_keyed_and_never_published_and_old_fingerprints_are_keyed(tmp_path: Path) -> None:
    """A database of the previous release holds a bare sha256 of the receiver's URL (a password
    was guessed back from one): the next run keys it, keeps its deliveries (nothing is sent twice),
    and no copy, export or feed holds either fingerprint."""
    from pipeline.outputs.notify import fingerprint, receivers_key_path
    from tests.receivers import HookServer, free_port, hook_url

    db = tmp_path / "lb.duckdb"
    port = free_port()
    url = hook_url(port)
    bare = fingerprint(url)
    server = HookServer(port).start()
    try:
        assert main(["ingest", *map(str, DEMO), "--db", str(db), "--notify", url]) == 0
        with duckdb.connect(str(db)) as con:  # as the previous release stored it
            con.execute("UPDATE notification_targets SET target_fingerprint = ?", [bare])
            con.execute("UPDATE notification_deliveries SET target_fingerprint = ?", [bare])
        posts = len(server.posts)
        assert main(["ingest", str(FIXTURES / "demo" / "tiny-board-2026-07-31T01-13-53Z.html"), "--db", str(db),
                     "--notify", url]) == 0
        assert len(server.posts) == posts + 1  # this run's news only: nothing delivered before is sent again
    finally:
        server.stop()
    key = receivers_key_path(db)
    assert key.stat().st_mode & 0o077 == 0 and len(key.read_bytes()) == 32
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT target_fingerprint FROM notification_targets").fetchall()
        assert len(stored) == 1 and stored[0][0].startswith("k1:") and bare not in stored[0][0]
        assert con.execute("SELECT count(*) FROM notification_deliveries WHERE target_fingerprint <> ?",
                           [stored[0][0]]).fetchall() == [(0,)]
    published = db.parent / "published"
    assert not any(bare.encode() in path.read_bytes() or stored[0][0].encode() in path.read_bytes()
                   for path in published.rglob("*") if path.is_file() and not path.name.endswith(".duckdb"))
    with duckdb.connect(str(published / db.name), read_only=True) as con:
        assert con.execute("SELECT (SELECT count(*) FROM notification_targets) + "
                           "(SELECT count(*) FROM notification_deliveries)").fetchall() == [(0,)]
    assert not (published / key.name).exists()


# Item 19: controls and bidi overrides in names never reach the HTML report raw.

def test_the_report_shows_controls_and_bidi_overrides_as_question_marks(tmp_path: Path) -> None:
    page = (FIXTURES / "tiny-board-table.html").read_text(encoding="utf-8")
    hostile = "Qwen3 4B \u202eevil\u202c \x1b[31mred\x07 Instruct"
    (tmp_path / "tiny.html").write_text(page.replace("Qwen3 4B 2507 Instruct", hostile), encoding="utf-8")
    db = tmp_path / "lb.duckdb"
    assert main(["ingest", str(tmp_path / "tiny.html"), "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:  # kept exactly in the warehouse
        assert con.execute("SELECT count(*) FROM leaderboard_latest WHERE model = ?", [hostile]).fetchall() == [(1,)]
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for raw in ("\u202e", "\u202c", "\x1b", "\x07"):
        assert raw not in text, repr(raw)
    assert "Qwen3 4B ?evil? ?[31mred? Instruct" in text


# Item 11: a receiver with a message size limit.

@pytest.mark.parametrize("receiver", ["webhook refusing over 2,000 characters", "over the service's own limit"])
def test_a_message_too_long_for_a_receiver_is_summarised_and_never_blocks_later_ones(receiver: str, tmp_path: Path,
                                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.outputs.digest import Message, summary
    from pipeline.outputs.notify import parse_targets, send
    from tests.receivers import HookServer

    events = [{"kind": "index_change", "tier": "small", "snapshot_id": 2, "model": f"Model {i} " + "x" * 40,
               "column_name": "intelligence_index", "old_value": "20.5", "new_value": "21.5", "old_rank": i, "new_rank": i,
               "captured_at": dt.datetime(2026, 7, 31, tzinfo=dt.UTC), "index_version": "4.1", "detail": None,
               "source": None} for i in range(1, 80)]
    short = summary(events)
    assert len(short.body) <= 1000 and "79 events" in short.body and "aa-leaderboards changes" in short.body
    long = Message(title="aa-leaderboards: small board", body="line of news\n" * 400, warning=False)
    if receiver.startswith("webhook"):
        server = HookServer(max_message_chars=2000).start()
        try:
            [target] = parse_targets([f"json://127.0.0.1:{server.port}/hook"], env="")
            done = send(target, long, short)
            assert done.delivered and "the whole message was refused" in done.reason and "sent a summary" in done.reason
            assert len(server.refused) == 1 and len(server.posts) == 1
            assert server.posts[0]["json"]["message"].strip() == short.body.strip()
            # The next night's short message goes through as it is.
            assert send(target, Message("t", "one change\n", False), short).delivered and len(server.posts) == 2
        finally:
            server.stop()
    else:
        # Apprise knows json:// takes 32,768 characters: a longer message is never sent whole.
        longer = Message(title="aa-leaderboards: small board", body="line of news\n" * 3000, warning=False)
        server = HookServer().start()
        try:
            [target] = parse_targets([f"json://127.0.0.1:{server.port}/hook"], env="")
            done = send(target, longer, short)
        finally:
            server.stop()
        assert done.delivered and "longer than the 32768 characters this service takes; sent a summary" in done.reason
        assert [post["json"]["message"].strip() for post in server.posts] == [short.body.strip()]
