"""Never silently wrong: a board that breaks its contract with its last board is held, named and
kept out of every view, copy and feed; real nights, the demo and a stated re-basing load as ever.

Each change the site could make (tests/page_edits.py) is made to the second night of two real
histories: the real catalogue pages of 2026-07-18 and 2026-07-31 (skipped, saying why, where
../shared is absent), and the demo built from them in this project's own markup (always run).
The command runs in-process (main(argv)); one case runs the installed command as cron would.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import TIERS, parse_page
from parsers.contract import BoardValues, board_wide_steps, breaches, emptied_fields, own_breaches
from pipeline.cli.main import main
from tests.cli_runner import SAFE_ENV, console_script
from tests.conftest import FIXTURES, snapshot_path
from tests.page_edits import CHANGES, KEPT, RENAMES, Change, Edit, joined, rename

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("board_contract")

FIRST, SECOND = "2026-07-18T01:01:14Z", "2026-07-31T01:13:53Z"
DEMO = FIXTURES / "demo"


def AS_SERVED(page: bytes) -> bytes:  # noqa: N802  (named as the constant it is)
    return page


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def queries(db: Path, *sql: str) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement, read on one connection to `db` (each costs ~20 ms)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return [con.execute(statement).fetchall() for statement in sql]


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    return queries(db, sql)[0]


def _first_night(folder: Path, pages: list[Path]) -> Path:
    db = folder / "lb.duckdb"
    assert main(["ingest", *map(str, pages), "--db", str(db), "--captured-at", FIRST]) == 0
    return db


@dataclass(frozen=True)
class Nights:
    """A history of two nights: the first loaded (its database; the archive and published copy
    beside it), the second's pages as served, by file name, for each test to edit and load."""

    first: Path
    second: dict[str, bytes]


# The same tests run on two histories, each from its own fixture: the real pages (which a clone
# without ../shared skips) and the demo (which it still runs).
@pytest.fixture(scope="module")
def real_nights(tmp_path_factory: pytest.TempPathFactory) -> Nights:
    first = _first_night(tmp_path_factory.mktemp("real"), [snapshot_path("aa-model-page-2026-07-18.html.gz")])
    return Nights(first, {"catalogue.html": gzip.decompress(snapshot_path("aa-model-page-2026-07-31.html.gz").read_bytes())})


@pytest.fixture(scope="module")
def demo_nights(tmp_path_factory: pytest.TempPathFactory) -> Nights:
    first = _first_night(tmp_path_factory.mktemp("demo"), sorted(DEMO.glob("*-2026-07-18T*.html")))
    return Nights(first, {path.name: path.read_bytes() for path in sorted(DEMO.glob("*-2026-07-31T*.html"))})


def _second_night(nights: Nights, edit: Edit, tmp_path: Path) -> tuple[Path, list[Path]]:
    """A copy of the first night's folder (database, archive, published copy), and the second
    night's pages with `edit` made to them."""
    folder = tmp_path / "night"
    shutil.copytree(nights.first.parent, folder)
    pages, edited = [], 0
    for name, data in nights.second.items():
        page = tmp_path / name
        page.write_bytes(edit(data))
        edited += page.read_bytes() != joined(data)  # joining the flight chunks alone is no edit
        pages.append(page)
    assert edited or edit is AS_SERVED, "the edit changed none of the night's pages"
    return folder / "lb.duckdb", pages


# Each board's latest night, by the capture date of the snapshot it shows.
LATEST_NIGHTS = ("SELECT DISTINCT l.tier, strftime(s.captured_at, '%Y-%m-%d') FROM leaderboard_latest l "
                 "JOIN snapshots s USING (snapshot_id)")


def _latest_nights(rows: list[tuple[str, str]]) -> dict[str, str]:
    assert len(rows) == len({tier for tier, _ in rows}), rows
    return dict(rows)


def _holds(nights: Nights, change: Change, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, pages = _second_night(nights, change.edit, tmp_path)
    code, out, err = run(capsys, "ingest", *map(str, pages), "--db", str(db), "--captured-at", SECOND)

    assert code == 1, out + err  # the README's status for a held board
    for tier in change.boards:
        assert f"held: {tier} board of snapshot" in err and change.reason in err, err
    held, latest = queries(db, "SELECT tier, reason FROM held_boards WHERE accepted_at IS NULL ORDER BY tier", LATEST_NIGHTS)
    assert [tier for tier, _ in held] == sorted(change.boards)
    assert all(change.reason in reason and "aa-leaderboards accept" in reason for _, reason in held)

    expected = {tier: "2026-07-18" if tier in change.boards else "2026-07-31" for tier in TIERS}
    published = db.parent / "published" / db.name
    published_latest, published_held = queries(published, LATEST_NIGHTS, "SELECT count(*) FROM held_boards WHERE accepted_at IS NULL")
    assert _latest_nights(latest) == expected
    assert _latest_nights(published_latest) == expected
    assert published_held == [(len(change.boards),)]

    code, out, _ = run(capsys, "changes", "--db", str(db), "--format", "json")
    assert code == 0
    told = [(e["tier"], e["kind"]) for e in json.loads(out) if e["captured_at"].startswith("2026-07-31")]
    assert all(kind == "held" for tier, kind in told if tier in change.boards), told
    assert sorted(tier for tier, kind in told if kind == "held") == sorted(change.boards)


@pytest.mark.parametrize("change", CHANGES, ids=[c.name for c in CHANGES])
def test_a_change_of_name_or_unit_holds_the_board_and_shows_nothing_of_it(
        change: Change, real_nights: Nights, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _holds(real_nights, change, tmp_path, capsys)


@pytest.mark.parametrize("change", CHANGES, ids=[c.name for c in CHANGES])
def test_a_change_of_name_or_unit_holds_the_demo_board_too(
        change: Change, demo_nights: Nights, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _holds(demo_nights, change, tmp_path, capsys)


def _accepts(nights: Nights, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, pages = _second_night(nights, CHANGES[0].edit, tmp_path)
    assert run(capsys, "ingest", *map(str, pages), "--db", str(db), "--captured-at", SECOND)[0] == 1
    (snapshot,) = {row[0] for row in query(db, "SELECT snapshot_id FROM held_boards WHERE tier = 'small'")}
    code, _, err = run(capsys, "accept", str(snapshot), "--tier", "small", "--db", str(db))
    assert code == 0, err
    assert _latest_nights(query(db, LATEST_NIGHTS))["small"] == "2026-07-31"
    assert query(db, f"SELECT count(*) FROM held_boards WHERE snapshot_id = {snapshot} AND tier = 'small' "
                     "AND accepted_at IS NOT NULL AND reason LIKE '%intelligence_index emptied%'") == [(1,)]


def test_accept_releases_a_held_board_and_keeps_the_reason(real_nights: Nights, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    _accepts(real_nights, tmp_path, capsys)


def test_accept_releases_a_held_demo_board_too(demo_nights: Nights, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _accepts(demo_nights, tmp_path, capsys)


def _loads(nights: Nights, name: str, edit: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, pages = _second_night(nights, edit, tmp_path)
    code, out, err = run(capsys, "ingest", *map(str, pages), "--db", str(db), "--captured-at", SECOND)
    assert code == 0, out + err
    assert query(db, "SELECT count(*) FROM held_boards") == [(0,)]
    assert _latest_nights(query(db, LATEST_NIGHTS)) == dict.fromkeys(TIERS, "2026-07-31")
    if "v4.2" in name:
        assert query(db, "SELECT DISTINCT index_version FROM leaderboard_latest") == [("4.2",)]
        code, out, _ = run(capsys, "changes", "--db", str(db), "--format", "json", "--since", "2026-07-31")
        assert {e["tier"] for e in json.loads(out) if e["kind"] == "methodology"} == set(TIERS)


NO_HOLD = pytest.mark.parametrize(("name", "edit"), [("as served", AS_SERVED), *KEPT], ids=["as served", *[n for n, _ in KEPT]])


@NO_HOLD
def test_real_nights_and_a_stated_re_basing_load_with_no_hold(name: str, edit: Edit, real_nights: Nights, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _loads(real_nights, name, edit, tmp_path, capsys)


@NO_HOLD
def test_the_demo_nights_and_a_stated_re_basing_load_with_no_hold(name: str, edit: Edit, demo_nights: Nights,
                                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _loads(demo_nights, name, edit, tmp_path, capsys)


def test_the_installed_command_holds_a_renamed_field_and_says_so_once_a_board(tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:  # the installed console script, as cron runs it
        return subprocess.run([console_script(), *args], capture_output=True, text=True, env=SAFE_ENV, timeout=120)

    db = tmp_path / "lb.duckdb"
    first = cli("ingest", str(DEMO / "small-board-2026-07-18T01-01-14Z.html"), "--db", str(db))
    assert first.returncode == 0, first.stderr
    page = tmp_path / "small-board-2026-07-31T01-13-53Z.html"
    page.write_bytes(rename("intelligenceIndex", "intelligenceIndexV5")(
        (DEMO / "small-board-2026-07-31T01-13-53Z.html").read_bytes()))
    done = cli("ingest", str(page), "--db", str(db))
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("error: held:")]
    assert len(lines) == 1 and "intelligence_index emptied: 0 of 67 models have it, against 67 of 68" in lines[0], done.stderr
    # The demo's records carry only the keys their rows have values for, so every read key they
    # never had is named with it; the real page's records carry every key (the test below).
    said = re.compile(r"payload keys [^;]*\bintelligenceIndex\b[^;]* gone; new keys: intelligenceIndexV5 ")
    assert said.search(cli("parse", str(page), "--explain").stdout)
    status = json.loads(cli("status", "--db", str(db), "--format", "json").stdout)
    assert any(said.search(line) for line in status["payload_changes"]), status
    verify = cli("verify", "--db", str(db))
    assert verify.returncode == 1 and said.search(verify.stdout), verify.stdout + verify.stderr


@pytest.mark.parametrize(("old", "new"), RENAMES, ids=[old for old, _ in RENAMES])
def test_the_payload_reader_names_a_renamed_key_and_the_key_beside_it(old: str, new: str) -> None:
    data = gzip.decompress(snapshot_path("aa-model-page-2026-07-31.html.gz").read_bytes())
    assert not [w for w in parse_page(data).warnings if w.startswith("payload key")]
    page = parse_page(rename(old.split(".")[-1], new.split(".")[-1])(data))
    gone = "creator.name" if old == "creator" else old
    assert f"payload key {gone} gone; new keys: {new}" in " ".join(page.warnings), page.warnings
    assert any(line.startswith("payload keys: not carried by any record: " + gone) for line in page.explanation)


# The contract's own rules, on boards of plain values.

def _board(snapshot: int, values: dict[str, dict[str, Any]], *, tier: str = "small", version: str | None = "4.1",
           carried: frozenset[str] | None = None) -> BoardValues:
    return BoardValues(snapshot, tier, version, carried, {key: {"model": key, **v} for key, v in values.items()})


def _models(count: int, **fields: Any) -> dict[str, dict[str, Any]]:
    return {f"m{i}": {name: (value(i) if callable(value) else value) for name, value in fields.items()} for i in range(count)}


@pytest.mark.parametrize(("before", "after", "held"), [
    # A field most models had, now none or one: held.
    (_models(20, output_tokens_per_s=100.0), _models(20, output_tokens_per_s=None), True),
    (_models(20, output_tokens_per_s=100.0), {**_models(19, output_tokens_per_s=None), "x": {"output_tokens_per_s": 1.0}}, True),
    # A field a quarter of the models had, now none: held (the blended price on a real board is about half).
    ({**_models(15), **{f"p{i}": {"output_tokens_per_s": 9.0} for i in range(5)}}, _models(20), True),
    # Mostly empty before (1 of 26, as the tiny board's prices): never held.
    ({**_models(25), "p": {"blended_price_usd_per_1m": 0.1}}, _models(26), False),
    # Four models lost a value: too few to say.
    (_models(4, output_tokens_per_s=100.0), _models(4), False),
    # Half of them lost it: the board changed, not the field.
    (_models(20, output_tokens_per_s=100.0), _models(20, output_tokens_per_s=lambda i: 100.0 if i % 2 else None), False),
])
def test_columns_that_empty(before: dict, after: dict, held: bool) -> None:
    assert bool(emptied_fields(_board(2, after), _board(1, before))) is held


def test_a_field_the_form_cannot_carry_is_not_emptied() -> None:
    text_form = frozenset({"model", "intelligence_index"})
    assert emptied_fields(_board(2, _models(20), carried=text_form), _board(1, _models(20, output_tokens_per_s=9.0))) == []


@pytest.mark.parametrize(("factor", "share", "held"), [
    (100, 1.0, True), (1 / 1000, 1.0, True), (60, 0.9, True), (1 / 100, 0.7, True), (1000, 1.0, True),
    (1.03, 1.0, False),   # speeds move a few percent a night
    (1.9, 1.0, False),    # under a factor of 2 is never a unit
    (100, 0.3, False),    # a handful of models re-priced is news, not a unit
])
def test_board_wide_steps(factor: float, share: float, held: bool) -> None:
    before = _models(20, blended_price_usd_per_1m=lambda i: 0.1 + i / 100)
    moved = int(20 * share)
    after = {key: {"blended_price_usd_per_1m": v["blended_price_usd_per_1m"] * (factor if i < moved else 1.0)}
             for i, (key, v) in enumerate(before.items())}
    found = board_wide_steps(_board(2, after), _board(1, before))
    assert bool(found) is held, found


def test_an_index_moved_at_once_is_a_re_basing_only_where_the_page_states_a_new_version() -> None:
    before = _models(20, intelligence_index=lambda i: 10.0 + i)
    after = {key: {"intelligence_index": v["intelligence_index"] * 0.4} for key, v in before.items()}
    assert board_wide_steps(_board(2, after, version="4.2"), _board(1, before, version="4.1")) == []
    assert board_wide_steps(_board(2, after, version="4.1"), _board(1, before, version="4.1"))
    assert board_wide_steps(_board(2, after, version=None), _board(1, before, version="4.1"))


@pytest.mark.parametrize(("tier", "total", "active", "phrase"), [
    ("tiny", 4.44, None, None),           # "Qwen3 VL 4B" on the real tiny board
    ("small", 4.51, None, None),          # "Llama 3.1 Nemotron Nano 4B" on the real small board
    ("small", 36.0, 3.0, None),
    ("tiny", 8.0, None, "outside the tiny board's size class"),
    ("small", 31_200.0, None, "outside the small board's size class"),
    ("small", 2.0, None, "outside the small board's size class"),
    ("small", 31.2, 3000.0, "more active than total parameters"),
])
def test_a_board_consistent_with_itself(tier: str, total: float, active: float | None, phrase: str | None) -> None:
    board = _board(1, {"m": {"total_params_b": total, "active_params_b": active}}, tier=tier)
    found = own_breaches(board)
    assert (phrase is None and found == []) or (phrase is not None and phrase in " ".join(found)), found


def test_the_first_board_is_judged_by_itself_alone() -> None:
    assert breaches(_board(1, _models(20, output_tokens_per_s=None)), None) == []
