"""Split "<model> <creator>" cells with the registry in creators.txt (longest match wins)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def known_creators() -> tuple[str, ...]:
    """Registry entries, longest first so 'Microsoft Azure' wins over 'Microsoft'."""
    text = resources.files("parsers").joinpath("creators.txt").read_text(encoding="utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def split_creator(cell: str, creators: tuple[str, ...] | None = None) -> tuple[str, str | None]:
    """'GLM-4.7-Flash (Reasoning) Z AI' -> ('GLM-4.7-Flash (Reasoning)', 'Z AI').

    A cell that ends with no known creator comes back whole with creator None: a wrong
    split would corrupt both the name and the key, a missing creator only leaves a gap.
    """
    text = " ".join(cell.split())
    for creator in creators if creators is not None else known_creators():
        if text.endswith(" " + creator) and len(text) > len(creator) + 1:
            return text[: -len(creator) - 1].rstrip(), creator
    return text, None
