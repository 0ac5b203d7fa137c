"""Edits of a board page's flight payload, as the site makes them without notice: a record key
renamed, a key's unit changed, the index re-based. The payload's JSON sits inside JavaScript
strings, so its keys are written \\"key\\": in the page's bytes. An edit may leave a page as it is (a
board with no mixture of experts has no active count to scale); the tests check that it changed
the night's pages as a whole (an edit that does nothing would test nothing)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.boards import TIERS
from tests.conftest import FIXTURES

Edit = Callable[[bytes], bytes]

_NUMBER = rb"(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"


# Where one flight chunk ends and the next begins: a key may be cut there ("intelligenceInd" |
# "ex"). The reader joins chunks wherever they are cut, so the edits join them first.
_CHUNK_BOUNDARY = b'"])</script><script>self.__next_f.push([1,"'


def joined(page: bytes) -> bytes:
    return page.replace(_CHUNK_BOUNDARY, b"")


def _key(name: str) -> bytes:
    return b'\\"' + name.encode() + b'\\":'


def rename(old: str, new: str) -> Edit:
    """Every record's key `old` (or nested key: the last part of a dotted name) becomes `new`."""

    def edit(page: bytes) -> bytes:
        return joined(page).replace(_key(old), _key(new))

    return edit


def scale(key: str, factor: float, *, whole: bool = False) -> Edit:
    """Every number under `key` times `factor` (rounded to a whole number where `whole`)."""

    def edit(page: bytes) -> bytes:
        def times(match: re.Match[bytes]) -> bytes:
            value = float(match.group(2)) * factor
            return match.group(1) + (str(round(value)) if whole else repr(value)).encode()

        return re.sub(b"(" + re.escape(_key(key)) + b")" + _NUMBER, times, joined(page))

    return edit


def restate_index_version(old: str, new: str) -> Edit:
    def edit(page: bytes) -> bytes:
        return page.replace(f"Intelligence Index v{old}".encode(), f"Intelligence Index v{new}".encode())

    return edit


def both(*edits: Edit) -> Edit:
    def edit(page: bytes) -> bytes:
        for each in edits:
            page = each(page)
        return page

    return edit


@dataclass(frozen=True)
class Change:
    """One change the site could make, and what a held board's reason must then say."""

    name: str
    edit: Edit
    reason: str  # a phrase of the held board's reason
    boards: tuple[str, ...]  # the boards it must hold (the others load as usual)


# On both the real page and the demo built from it: the tiny board has a price for 1 of its 26
# models and a speed for 3, so a renamed price or speed empties nothing there that it had. The
# other three boards have them for most models.
EVERY = TIERS
PRICED = ("small", "medium", "large")
CHANGES: tuple[Change, ...] = (
    Change("index renamed", rename("intelligenceIndex", "intelligenceIndexV5"), "intelligence_index emptied", EVERY),
    Change("context renamed", rename("contextWindowTokens", "contextWindow"), "context_window_tokens emptied", EVERY),
    Change("parameters renamed", rename("parameters", "parametersTotal"), "total_params_b emptied", EVERY),
    Change("blended price renamed", rename("price1mBlended0To3To1", "priceBlended"), "blended_price_usd_per_1m emptied", PRICED),
    Change("speed renamed", rename("medianOutputSpeed", "outputSpeedMedian"), "output_tokens_per_s emptied", PRICED),
    Change("creator renamed", rename("creator", "organisation"), "creator emptied", EVERY),
    Change("prices in cents", both(scale("price1mBlended0To3To1", 100), scale("price1mInputTokens", 100),
                                   scale("price1mOutputTokens", 100)), "blended_price_usd_per_1m moved x100", PRICED),
    Change("context in thousands", scale("contextWindowTokens", 1 / 1000, whole=True), "context_window_tokens moved /1,000",
           EVERY),
    Change("index as a fraction", scale("intelligenceIndex", 1 / 100), "intelligence_index moved /100", EVERY),
    Change("speed per minute", scale("medianOutputSpeed", 60), "output_tokens_per_s moved x", PRICED),  # x58.2 to x60.7 by board: speeds wander too
    Change("active parameters in millions", scale("inferenceParametersActiveBillions", 1000),
           "more active than total parameters", PRICED),
    Change("index re-based to less than half with no new version stated", scale("intelligenceIndex", 0.4),
           "intelligence_index moved /2.5", EVERY),
)

# Changes that must load as they are, with no board held.
KEPT: tuple[tuple[str, Edit], ...] = (
    ("index re-based x0.8 with v4.2 stated", both(restate_index_version("4.1", "4.2"), scale("intelligenceIndex", 0.8))),
    ("index re-based x0.4 with v4.2 stated", both(restate_index_version("4.1", "4.2"), scale("intelligenceIndex", 0.4))),
)

# Keys renamed, as the payload reader must name them (the key read, the key beside it).
RENAMES: tuple[tuple[str, str], ...] = (
    ("intelligenceIndex", "intelligenceIndexV5"), ("contextWindowTokens", "contextWindow"), ("parameters", "parametersTotal"),
    ("price1mBlended0To3To1", "priceBlended"), ("timescaleData.medianOutputSpeed", "timescaleData.outputSpeedMedian"),
    ("creator", "organisation"),
)


def cut_board(rows: int) -> bytes:
    """The small table fixture showing only its first `rows` models (a half-rendered page)."""
    text = (FIXTURES / "small-board-table.html").read_text(encoding="utf-8")
    body_start = text.index("<tbody>") + len("<tbody>")
    body_end = text.index("</tbody>")
    kept = text[body_start:body_end].split("</tr>")[:rows]
    return (text[:body_start] + "</tr>".join(kept) + "</tr>" + text[body_end:]).encode("utf-8")
