"""The data dictionary, read from the database's own catalogue (so it cannot drift from it)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import duckdb

from .resources import sql_file

ANALYST_VIEWS: tuple[str, ...] = ("leaderboard_latest", "leaderboard_history", "model_versions", "leaderboard_changes",
                                  "evaluation_history", "leaderboard_latest_evaluations")
# What the analyst views are built on (views, and the derived table board_snapshots), open to
# queries too: listed so `schema` names every one.
HELPER_RELATIONS: tuple[str, ...] = ("board_snapshots", "current_parser_versions", "model_value_changes", "board_events")
ANALYST_MACROS: tuple[str, ...] = ("leaderboard_as_of",)
RAW_TABLES: tuple[str, ...] = ("snapshots", "parse_runs", "boards", "observations", "evaluation_scores", "held_boards",
                               "model_identities", "retractions", "job_runs", "events", "notification_targets",
                               "notification_deliveries")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # view | table | table macro
    comment: str
    columns: tuple[Column, ...]


def dictionary(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    names = list(ANALYST_VIEWS + HELPER_RELATIONS + RAW_TABLES)
    columns: dict[str, list[Column]] = {}
    for table, column, data_type, comment in con.execute(sql_file("dictionary_columns.sql"), {"names": names}).fetchall():
        columns.setdefault(table, []).append(Column(column, data_type, comment or ""))
    relations = [Relation(name, kind, comment or "", tuple(columns.get(name, ())))
                 for name, kind, comment in con.execute(sql_file("dictionary_relations.sql"), {"names": names}).fetchall()]
    for name, comment, parameters in con.execute(sql_file("dictionary_macros.sql"), {"names": list(ANALYST_MACROS)}).fetchall():
        signature = f"{name}({', '.join(parameters)})"
        relations.insert(len(ANALYST_VIEWS), Relation(signature, "table macro", comment or "", ()))
    return relations


def to_markdown(relations: list[Relation]) -> str:
    out = ["| relation | kind | description |", "|---|---|---|"]
    out += [f"| `{r.name}` | {r.kind} | {_cell(r.comment)} |" for r in relations]
    for relation in relations:
        if not relation.columns:
            continue
        out += ["", f"#### `{relation.name}`", "", "| column | type | description |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.type} | {_cell(c.comment)} |" for c in relation.columns]
    return "\n".join(out) + "\n"


def to_json(relations: list[Relation]) -> str:
    return json.dumps([asdict(r) for r in relations], indent=2)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
