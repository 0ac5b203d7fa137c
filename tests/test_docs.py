"""The documents stay true: every test docs/reliability.md names exists, and its totals add up."""

from __future__ import annotations

import re

from tests.conftest import ROOT

TEXT = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")


def test_every_test_named_in_reliability_md_exists() -> None:
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]]*\])?`", TEXT)
    assert len(named) >= 40
    for path, function in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {function}\(", source, re.MULTILINE), f"{path}::{function} is gone"


def test_reliability_totals_count_the_rows() -> None:
    rows = re.findall(r"^\| (\d+) \|", TEXT, re.MULTILINE)
    assert [int(n) for n in rows] == list(range(1, len(rows) + 1))
    total = re.search(r"distinct faults tried \(rows above\) \| (\d+) \|", TEXT)
    assert total and int(total.group(1)) == len(rows) >= 40
    assert re.search(r"crashes .*\| 0 \|", TEXT) and re.search(r"data lost \| 0 \|", TEXT)


# ---- the README and the manual in docs/ --------------------------------------------------------

import shlex  # noqa: E402  (the tests above need none of these)

import pytest  # noqa: E402

from pipeline.cli import build_parser  # noqa: E402

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def _prose(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_the_manual_has_its_pages() -> None:
    names = {p.name for p in PAGES}
    assert {"commands.md", "data-dictionary.md", "nightly.md", "backfill.md", "notifications.md", "querying.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_link_resolves_to_a_file_and_a_heading(page: Path) -> None:
    for target in LINK.findall(_prose(page)):
        if re.match(r"^[a-z]+:", target):  # http(s), mailto: not followed offline
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.exists(), f"{page.name}: link to {target} (no such file)"
        if anchor:
            assert anchor in _anchors(resolved), f"{page.name}: link to {target} (no such heading in {resolved.name})"


def test_every_page_of_the_manual_is_linked_from_the_readme() -> None:
    readme = _prose(ROOT / "README.md")
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in LINK.findall(readme)}
    for page in sorted((ROOT / "docs").iterdir()):
        assert page.resolve() in linked, f"docs/{page.name} is not linked from the README"


def _commands(page: Path) -> list[tuple[str, bool]]:
    """Every `aa-leaderboards ...` the page shows: (the command, whether it is a whole command line).
    Code spans in prose are mentions or synopses; lines of code blocks are commands to run."""
    text = _prose(page)
    found = [(c, False) for c in re.findall(r"`(?:\.venv/bin/)?aa-leaderboards ([a-z][^`]*)`", text)]
    for block in re.findall(r"```(?:sh|cron|ini)?\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            if line.lstrip().startswith("#"):
                continue
            line = re.split(r"\s+#\s", line)[0]  # a comment at the end of a shell line
            for match in re.finditer(r"(?:^|[\s/])aa-leaderboards ([a-z].*)$", line):
                found.append((match.group(1).split(" | ")[0].split(" >> ")[0].strip(), True))
    return found


COMMANDS = [(page, command, whole) for page in PAGES for command, whole in _commands(page)]


def test_the_docs_show_commands() -> None:
    assert len(COMMANDS) >= 40
    assert {p.name for p, _, whole in COMMANDS if whole} >= {"backfill.md", "notifications.md", "nightly.md"}


@pytest.mark.parametrize(("page", "command", "whole"), COMMANDS, ids=[f"{p.name}:{c[:60]}" for p, c, _ in COMMANDS])
def test_every_command_the_docs_show_exists_with_its_options(page: Path, command: str, whole: bool) -> None:
    """A stale example (a subcommand or option renamed or removed) fails here; a whole command
    line must also parse as it stands."""
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    words = shlex.split(command.replace("\\|", "|"))
    name = words[0]
    assert name in subparsers, f"{page.name}: `aa-leaderboards {command}`: no command {name!r}"
    known = {o for action in subparsers[name]._actions for o in action.option_strings}
    for word in words[1:]:
        option = word.strip("[]").split("=")[0]
        if option.startswith("--"):
            assert option in known, f"{page.name}: `aa-leaderboards {command}`: {name} has no option {option}"
    if whole:
        parser.parse_args(words)


def test_every_make_target_the_docs_name_exists() -> None:
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    for page in PAGES:
        for target in re.findall(r"`make ([\w-]+)", _prose(page)):
            assert target in targets, f"{page.name}: `make {target}` is not a target of the Makefile"


def test_every_project_path_the_docs_name_exists() -> None:
    for page in PAGES:
        for path in re.findall(r"`((?:pipeline|parsers|warehouse|fixtures|tests|bench|docs)/[\w./-]*)`", _prose(page)):
            assert (ROOT / path).exists(), f"{page.name}: `{path}` is not in the tree"
