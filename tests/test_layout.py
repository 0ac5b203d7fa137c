"""The layout shows its flow: subpackages by stage, imports one way, no circles, and the README's drawing
of the subpackages equal to the tree. Read from the source files themselves (ast), so a lazy import
inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("pipeline", "parsers", "warehouse")
MAX_MODULES = 12  # per package folder, at its top (__init__ and __main__ not counted)

# pipeline's subpackages in the order imports may point: a subpackage imports only subpackages before it. The stages
# in flow order (sources, archive, then what goes out), then runs/ (which conducts them), then the
# command line. The top-level modules (errors, settings, files, version) are the shared vocabulary.
PIPELINE_SUBPACKAGES = ("", "sources", "archive", "outputs", "runs", "cli")


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name, is_package = _module_name(path)
            found[name] = (path, is_package)
    return found


MODULES = _modules()


def _known(name: str) -> str | None:
    """The module an imported name lives in: the longest known prefix (a name imported from a module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """Every module of ours this module imports, anywhere in it."""
    path, is_package = MODULES[module]
    here = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {k for a in node.names if (k := _known(a.name))}
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            prefix = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                target = _known(f"{prefix}.{alias.name}") if f"{prefix}.{alias.name}" in MODULES else _known(prefix)
                if target:
                    found.add(target)
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_the_graph_is_read_from_real_imports() -> None:
    # A reader that found nothing would pass every test below: these edges are known to exist.
    assert "pipeline.sources.fetch" in GRAPH["pipeline.runs.steps"]
    assert "parsers.html.grid" in GRAPH["parsers.html.table"]
    assert "warehouse.resources" in GRAPH["warehouse.db"]
    assert "pipeline.runs.serve" in GRAPH["pipeline.cli.job_commands.serve"], "a lazy import inside a function counts"


def test_there_are_no_import_circles() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert circles == []


def _subpackage(module: str) -> str:
    parts = module.split(".")
    path, is_package = MODULES[module]
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and is_package) else ""


def test_imports_go_one_way_between_packages_and_subpackages() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        package = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if package == "parsers" and other != "parsers":
                wrong.append(f"{module} -> {target}: parsers use no network, file or database")
            elif package == "warehouse" and other == "pipeline":
                wrong.append(f"{module} -> {target}: the warehouse never reaches back into the pipeline")
            elif package == other == "pipeline" and module != "pipeline":
                mine, theirs = PIPELINE_SUBPACKAGES.index(_subpackage(module)), PIPELINE_SUBPACKAGES.index(_subpackage(target))
                if theirs > mine and target != "pipeline":
                    wrong.append(f"{module} -> {target}: {_subpackage(target) or 'the top'} comes after {_subpackage(module) or 'the top'}")
    assert wrong == []


def test_no_package_folder_holds_more_than_a_dozen_modules() -> None:
    folders = {path.parent for path, is_package in MODULES.values() if is_package}
    assert len(folders) >= 10
    for folder in folders:
        modules = [p for p in folder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
        assert len(modules) <= MAX_MODULES, f"{folder.relative_to(ROOT)} holds {len(modules)} modules: split it by stage or form"


def test_every_package_face_is_short() -> None:
    for path, is_package in MODULES.values():
        if is_package:
            code = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            assert len(code) <= 30, f"{path.relative_to(ROOT)}: a package's __init__ is its public face, not its code"


# ---- the README's drawing of the subpackages ------------------------------------------------------------

def drawn_layout() -> tuple[set[str], set[str]]:
    """(folders, modules) the README's layout tree names, as paths from the project root.

    A line is `<indent><names>  <description>`: names separated by one space, the description
    after two or more; a name ending in / is a folder, holding the lines indented under it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    tree = re.findall(r"```\n(.*?)```", section, re.DOTALL)[1]
    folders: set[str] = set()
    modules: set[str] = set()
    parents: list[tuple[int, str]] = []  # (indent, folder path)
    for line in tree.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0].split(" ")
        while parents and parents[-1][0] >= indent:
            parents.pop()
        where = parents[-1][1] if parents else ""
        for name in names:
            if name.endswith("/"):
                folders.add(where + name)
            else:
                assert name.endswith(".py"), f"layout line {line!r}: {name!r} is neither a folder/ nor a module.py"
                modules.add(where + name)
        if len(names) == 1 and names[0].endswith("/"):
            parents.append((indent, where + names[0]))
    return folders, modules


def test_the_readme_layout_draws_every_subpackage_and_module_and_nothing_else() -> None:
    folders, modules = drawn_layout()
    assert {"pipeline/", "pipeline/runs/", "parsers/html/", "warehouse/", "docs/"} <= folders
    for folder in folders:
        assert (ROOT / folder).is_dir(), f"the README draws {folder}, which is not in the tree"
    for module in modules:
        assert (ROOT / module).is_file(), f"the README draws {module}, which is not in the tree"
    for path, is_package in MODULES.values():
        relative = path.relative_to(ROOT).as_posix()
        if is_package:
            assert relative.removesuffix("__init__.py") in folders, f"the README's layout does not draw {path.parent.relative_to(ROOT)}/"
        elif path.name != "__main__.py":
            assert relative in modules, f"the README's layout does not name {relative}"


@pytest.mark.parametrize("subpackage", ["sources", "archive", "runs", "outputs", "cli"])
def test_the_readme_walk_of_a_refresh_names_real_modules(subpackage: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    walk = readme.split("The walk of a nightly refresh", 1)[1].split("\n\n", 1)[0]
    named = re.findall(rf"`(pipeline/{subpackage}/[\w/]*?(?:\.py)?)`", walk)
    assert named, f"the walk names no module of pipeline/{subpackage}/"
    assert all((ROOT / name).exists() for name in named), named
