"""One model, one history (issue 28): a model keeps its key across the site's renames, look-alike
names are different models, and a name in any script has a key.

The history is three nights of a small board in this project's own markup (a flight payload of
model records, as the site's pages carry). Its names are the cases the issue lists; its records
carry only names, ids and slugs, with every figure left out (null): nothing here is a fact of a
real model, so no value is made up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from fixtures.build_fixtures import page, payload_scripts
from parsers import parse_page
from parsers.normalise import model_key
from pipeline.cli.main import main

# The module's tests share one worker, so its module-scoped fixtures are built once.
pytestmark = pytest.mark.xdist_group("identity")

NIGHTS = ("2026-08-20T03:00:00Z", "2026-08-21T03:00:00Z", "2026-08-22T03:00:00Z")


def record(name: str, record_id: str, slug: str) -> dict[str, Any]:
    return {"id": record_id, "name": name, "slug": slug, "sizeClass": "small", "isOpenWeights": True, "deprecated": False,
            "intelligenceIndex": None, "parameters": None, "contextWindowTokens": None}


STAYING = [
    record("Command R+", "id-command-r-plus", "command-r-plus"),
    record("Model \u03b1 9B", "id-model-alpha", "model-alpha-9b"),
    record("Model \u03b2 9B", "id-model-beta", "model-beta-9b"),
    record("\u901a\u4e49\u5343\u95ee 8B", "id-tongyi", "tongyi-8b"),
]
NIGHT_PAGES = (
    [record("Qwen3.8 27B", "id-qwen-27b", "qwen3-8-27b"), record("G9v3-39A5B", "id-g9-old", "g9v3-39a5b"),
     record("Command R", "id-command-r", "command-r"), *STAYING],
    # The site renames Qwen3.8 27B (same id and slug) and adds a sibling; it lists G9v3-39A5B
    # under a new id with the same name and slug.
    [record("Qwen3.8 27B (xhigh)", "id-qwen-27b", "qwen3-8-27b"), record("Qwen3.8 27B (medium)", "id-qwen-27b-medium",
                                                                         "qwen3-8-27b-medium"),
     record("G9v3-39A5B", "id-g9-new", "g9v3-39a5b"), record("Command R", "id-command-r", "command-r"), *STAYING],
    # Command R leaves.
    [record("Qwen3.8 27B (xhigh)", "id-qwen-27b", "qwen3-8-27b"), record("Qwen3.8 27B (medium)", "id-qwen-27b-medium",
                                                                         "qwen3-8-27b-medium"),
     record("G9v3-39A5B", "id-g9-new", "g9v3-39a5b"), *STAYING],
)


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("identity")
    db = folder / "lb.duckdb"
    for night, (records, when) in enumerate(zip(NIGHT_PAGES, NIGHTS, strict=True), start=1):
        path = folder / f"small-night-{night}.html"
        path.write_text(page("small", payload_scripts(records)), encoding="utf-8")
        assert main(["ingest", str(path), "--db", str(db), "--captured-at", when]) == 0
    return db


def test_look_alike_names_and_any_script_have_keys_of_their_own() -> None:
    keys = {name: model_key(name) for name in ("Command R", "Command R+", "Model \u03b1 9B", "Model \u03b2 9B",
                                               "\u901a\u4e49\u5343\u95ee 8B")}
    assert len(set(keys.values())) == len(keys), keys
    parsed = parse_page(page("small", payload_scripts(NIGHT_PAGES[0])).encode())
    assert {row.record_id for row in parsed.rows} == {r["id"] for r in NIGHT_PAGES[0]}


def test_one_key_per_model_across_renames_and_relistings(history: Path) -> None:
    keys = query(history, "SELECT model_key, list(DISTINCT model ORDER BY model) FROM leaderboard_history GROUP BY 1 ORDER BY 1")
    assert keys == [
        ("command-r", ["Command R"]),
        ("command-r-plus", ["Command R+"]),
        ("g9v3-39a5b", ["G9v3-39A5B"]),
        ("model-\u03b1-9b", ["Model \u03b1 9B"]),
        ("model-\u03b2-9b", ["Model \u03b2 9B"]),
        ("qwen3-8-27b", ["Qwen3.8 27B", "Qwen3.8 27B (xhigh)"]),
        ("qwen3-8-27b-medium", ["Qwen3.8 27B (medium)"]),
        ("\u901a\u4e49\u5343\u95ee-8b", ["\u901a\u4e49\u5343\u95ee 8B"]),
    ]


def test_a_rename_is_one_renamed_row_and_only_real_entries_and_exits_are_told(history: Path,
                                                                               capsys: pytest.CaptureFixture[str]) -> None:
    moves = query(history, "SELECT strftime(captured_at, '%d'), change, model_key, old_value, new_value FROM leaderboard_changes "
                           "WHERE change IN ('entered', 'left', 'renamed') ORDER BY ALL")
    assert moves == [
        ("21", "entered", "qwen3-8-27b-medium", None, None),
        ("21", "renamed", "qwen3-8-27b", "Qwen3.8 27B", "Qwen3.8 27B (xhigh)"),
        ("22", "left", "command-r", None, None),
    ]
    # model_versions opens a span with the new name, under the same key.
    assert query(history, "SELECT version_number, model FROM model_versions WHERE model_key = 'qwen3-8-27b' ORDER BY 1") == [
        (1, "Qwen3.8 27B"), (2, "Qwen3.8 27B (xhigh)")]
    assert main(["changes", "--db", str(history), "--format", "json"]) == 0
    told = [(e["kind"], e["model"], e["old_value"], e["new_value"]) for e in json.loads(capsys.readouterr().out)
            if e["kind"] in ("entered", "left", "renamed")]
    assert sorted(told, key=str) == sorted([("entered", "Qwen3.8 27B (medium)", None, None),
                                            ("renamed", "Qwen3.8 27B (xhigh)", "Qwen3.8 27B", "Qwen3.8 27B (xhigh)"),
                                            ("left", "Command R", None, None)], key=str)
    assert main(["changes", "--db", str(history)]) == 0
    assert "renamed: Qwen3.8 27B -> Qwen3.8 27B (xhigh)" in capsys.readouterr().out


def test_identities_say_how_each_model_is_known(history: Path) -> None:
    assert query(history, "SELECT kind, value FROM model_identities WHERE model_key = 'g9v3-39a5b' ORDER BY 1, 2") == [
        ("id", "id-g9-new"), ("id", "id-g9-old"), ("name", "g9v3-39a5b"), ("slug", "g9v3-39a5b")]
    assert query(history, "SELECT count(*) FROM observations WHERE record_id IS NULL") == [(0,)]


def test_a_database_of_the_previous_schema_migrates_losing_nothing(history: Path, tmp_path: Path) -> None:
    """A file at schema version 8 (before identities) keeps every row and every key, and its
    identities are seeded from them: the next night continues its models."""
    from tests.old_schema import older_copy
    from warehouse.db import open_warehouse

    old = tmp_path / "v8.duckdb"
    # Version 8 knew no 'renamed' event: the history as it would have recorded it.
    older_copy(history, old, 8, where={"events": "kind <> 'renamed'"})
    before = query(old, "SELECT snapshot_id, tier, model_key, model FROM observations ORDER BY ALL")
    with open_warehouse(old):
        pass
    assert query(old, "SELECT snapshot_id, tier, model_key, model FROM observations ORDER BY ALL") == before
    assert query(old, "SELECT model_key FROM model_identities WHERE kind = 'id' AND value = 'id-qwen-27b'") == [("qwen3-8-27b",)]
    assert query(old, "SELECT count(*) FROM events WHERE withdrawn_at IS NOT NULL") == [(0,)]
