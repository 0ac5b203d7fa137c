"""A pytest plugin for the fresh-clone test: keep only the tests that read ../shared/snapshots.

A test reads the real pages when its own code, a fixture it uses, or a helper of its module
(directly or through other helpers) names one of READERS. Every other test sees exactly what it
sees in the outer run, so running it again in a clone without ../shared would prove nothing;
collecting every module there still proves that none needs ../shared to be imported.
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from functools import cache
from types import ModuleType

import pytest

# The names through which the suite reaches ../shared/snapshots (tests/conftest.py).
READERS: frozenset[str] = frozenset({"snapshot_path", "SNAPSHOTS", "real_page_bytes", "small_text_bytes", "tiny_text_bytes"})


# Cached: every case of a parametrized test, and every test using a fixture, reads the same
# source again (parsing it each time was most of the clone's collection: 1.8 s of 3).
@cache
def _names(source: str, *, by_name: bool = True) -> frozenset[str]:
    """The names `source` uses. `by_name`: a fixture it asks for by name at run time
    (request.getfixturevalue) may be any, so it counts as one of READERS."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return READERS  # cannot tell: keep it
    names: set[str] = {name for name in READERS if by_name and "getfixturevalue" in source}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return frozenset(names)


@cache
def _source(obj: object) -> str:
    try:
        return inspect.getsource(obj)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


@cache
def _reading_helpers(module: ModuleType) -> frozenset[str]:
    """Names of the module's functions and fixtures that reach READERS, directly or through each other."""
    uses = {name: _names(_source(value)) for name, value in vars(module).items()
            if inspect.isfunction(value) and getattr(value, "__module__", None) == module.__name__}
    reading = set(READERS)
    grew = True
    while grew:
        grew = False
        for name, names in uses.items():
            if name not in reading and names & reading:
                reading.add(name)
                grew = True
    return frozenset(reading)


def _fixture_names(item: pytest.Item, fixture: str) -> set[str]:
    """The names the definitions of `fixture` (as `item` sees it) use."""
    names: set[str] = set()
    for definition in item.session._fixturemanager.getfixturedefs(fixture, item) or ():
        names |= _names(_source(definition.func))
    return names


def _fixtures_by_parameter(item: pytest.Item) -> set[str] | None:
    """The fixtures a parametrized case names in its parameters (the ones it asks for by name,
    as `request.getfixturevalue(db_fixture)`), or None when its parameters name none."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    named = {value for value in params.values()
             if isinstance(value, str) and value.isidentifier() and item.session._fixturemanager.getfixturedefs(value, item)}
    return named or None


def reads_shared(item: pytest.Item) -> bool:
    function = getattr(item, "function", None)
    module = sys.modules.get(getattr(function, "__module__", ""), None)
    if function is None or module is None:
        return True
    reading = _reading_helpers(module)
    by_parameter = _fixtures_by_parameter(item)
    fixtures = {*getattr(item, "fixturenames", ()), *(by_parameter or ())}
    names = set(_names(_source(function), by_name=by_parameter is None)) | fixtures
    for fixture in fixtures:
        names |= _fixture_names(item, fixture)
    return bool(names & reading)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept = [reads_shared(item) for item in items]
    config.hook.pytest_deselected(items=[item for item, keep in zip(items, kept, strict=True) if not keep])
    items[:] = [item for item, keep in zip(items, kept, strict=True) if keep]
