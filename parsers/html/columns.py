"""Column names -> our fields, with judgement; or, where names cannot be read, cell shapes.

Each field has the words that name it and the words that rule a header out ("blended" price,
never an "input" or "output" price; "output speed", never "output price"). A header goes to
the field it names most specifically; of two headers equally good for one field, both are
kept and a value is taken only where they agree (with a warning naming both). A column no
field claims is reported. Where the headers name too little, columns are inferred from what
their cells look like and the site's known column order, and the warnings say so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..normalise import is_missing
from .cell_fit import BOARD_FIELDS, cell_fits, is_nav_label, misfits, why_unfit
from .grid import HeaderWords, cell_text


@dataclass(frozen=True)
class FieldWords:
    field: str
    all_of: tuple[tuple[str, ...], ...]  # each group must be present (any word of it)
    bonus: tuple[str, ...] = ()  # words that make a header more specific
    exclude: tuple[str, ...] = ()  # words that rule a header out
    generic: tuple[str, ...] = ()  # words of all_of that name the field only loosely ("names", "index")


_PRICE = ("price", "cost", "usd", "$")
FIELD_WORDS: tuple[FieldWords, ...] = (
    FieldWords("model", (("model", "name"),), generic=("name",), exclude=("size", "param", "creator", "provider", "price", "speed",
                                                      "index", "weights", "context", "licen", "organi", "lab")),
    FieldWords("creator", (("creator", "organization", "organisation", "lab", "developer", "company", "maker"),),
               exclude=("provider",)),
    FieldWords("intelligence", (("intelligence", "index", "score"),), bonus=("intelligence",), generic=("index", "score"),
               exclude=("openness", "coding", "agentic", "math", "price", "speed")),
    FieldWords("parameters", (("parameter", "param", "size"),), bonus=("total",), exclude=("active",), generic=("size",)),
    FieldWords("active_parameters", (("active",),), bonus=("parameter", "param"), exclude=("total",)),
    FieldWords("context", (("context",),), bonus=("window",)),
    FieldWords("price", (_PRICE,), bonus=("blended",), exclude=("input", "output", "task", "cached")),
    FieldWords("input_price", (("input",), _PRICE)),
    FieldWords("output_price", (("output",), _PRICE)),
    FieldWords("speed", (("speed", "tokens/s", "tok/s", "tokens per second", "throughput"),), bonus=("output",),
               exclude=("price", "cost")),
    FieldWords("first_token", (("first token", "first chunk", "ttft", "latency"),), exclude=("price", "cost")),
    FieldWords("weights", (("weights", "hugging face", "download"),)),
    # "Provider Benchmarks" is how the site heads its providers column (linking to their benchmarks).
    FieldWords("providers", (("provider", "host"),)),
    FieldWords("license", (("license", "licence"),)),
    FieldWords("openness", (("openness",),), bonus=("index",)),
)
REQUIRED = ("model", "intelligence", "parameters")


_WORD_PATTERNS: dict[str, re.Pattern[str]] = {}


def _has(header: str, word: str) -> bool:
    # A word at the start of a word: "param" finds "params" and "parameters", "lab" finds "labs".
    if word not in header:
        return False  # most lookups: no regex needed
    pattern = _WORD_PATTERNS.get(word)
    if pattern is None:
        pattern = _WORD_PATTERNS[word] = re.compile(r"(?<![a-z0-9])" + re.escape(word))
    return pattern.search(header) is not None


def score(header: str, words: FieldWords) -> float:
    """How specifically a header names the field: 0 when it does not (or is ruled out)."""
    text = header.lower()
    if not text or any(_has(text, word) for word in words.exclude):
        return 0.0
    if not all(any(_has(text, word) for word in group) for group in words.all_of):
        return 0.0
    return len(words.all_of) + 0.5 * sum(_has(text, word) for word in words.bonus)


@dataclass(frozen=True)
class ColumnMap:
    fields: dict[str, tuple[int, ...]]  # field -> its column(s); two only where equally good
    unclaimed: tuple[str, ...]
    inferred: bool

    def headers(self, names: Sequence[str]) -> dict[str, str]:
        """field -> the header(s) it is read from, in column order ("column 4" for an unnamed one)."""
        return {
            field: " = ".join(names[c] if c < len(names) and names[c] else f"column {c + 1}" for c in columns)
            for field, columns in sorted(self.fields.items(), key=lambda item: item[1])
        }

    def describe(self, names: Sequence[str]) -> list[str]:
        lines = [f"{header!r} -> {field}" for field, header in self.headers(names).items()]
        lines += [f"{name!r} -> (not read)" for name in self.unclaimed]
        return lines

    def without(self, dropped: set[int], names: Sequence[str] = (), *, unclaimed: bool = False) -> ColumnMap:
        """The map with the `dropped` columns unread (and, with `unclaimed`, their names listed so)."""
        fields = {f: kept for f, cols in self.fields.items() if (kept := tuple(c for c in cols if c not in dropped))}
        listed = tuple(names[c] for c in sorted(dropped) if c < len(names) and names[c]) if unclaimed else ()
        return ColumnMap(fields=fields, unclaimed=self.unclaimed + listed, inferred=self.inferred)

    def field_of(self, column: int) -> str | None:
        return next((f for f, cols in self.fields.items() if column in cols), None)


def _best(text: str) -> tuple[float, FieldWords | None]:
    scored = max(((score(text, fw), fw.field, fw) for fw in FIELD_WORDS), key=lambda t: (t[0], t[1]))
    return (scored[0], scored[2]) if scored[0] > 0 else (0.0, None)


def _names_specifically(text: str, words: FieldWords) -> bool:
    """Does the text name the field by a word of its own, not only a generic one ("Names", "Index")?"""
    return any(_has(text.lower(), word) for group in words.all_of for word in group if word not in words.generic)


def header_field(words: HeaderWords) -> tuple[float, str]:
    """The field a column's header names, and how specifically (0: none).

    The column's own words outrank its group label's: the group is context, naming the field
    where the own words name none ("Price" over "Input") or only generically ("Provider" over
    "Names"). Own words that name a field specifically rule out the group's, so "Price" stood one
    cell off over "Median Output Speed (Tokens/s)" cannot make a speed a price.
    """
    full_score, full = _best(words.full)
    if not words.group:
        return full_score, full.field if full else FIELD_WORDS[0].field
    own_score, own = _best(words.own)
    if own is not None and (full is None or (own.field != full.field and _names_specifically(words.own, own))):
        return own_score, own.field
    return full_score, full.field if full else FIELD_WORDS[0].field


def map_by_names(names: Sequence[str], warnings: list[str], where: str, skip: frozenset[int] = frozenset(),
                 rows: Sequence[Sequence[Any]] | None = None, words: Sequence[HeaderWords] | None = None) -> ColumnMap:
    """Columns to fields by their header words (`words`; by default each name as a column's own
    words); `skip` are columns whose cells hold no value (a "View" link under a group header
    shared with a real column). Given the `rows`, a tie between two equally named columns is
    settled by their cells where it can be."""
    best: dict[str, list[tuple[float, int]]] = {}
    unclaimed = []
    headed = words if words is not None else [HeaderWords(own=name.lower()) for name in names]
    for column, name in enumerate(names):
        if column in skip and _best(headed[column].own)[0] == 0:
            continue  # a column of links under no name of its own; one its own words name must fit
        top, field = header_field(headed[column])
        if top <= 0:
            if name:
                unclaimed.append(name)
            continue
        best.setdefault(field, []).append((top, column))
    fields: dict[str, tuple[int, ...]] = {}
    for field, candidates in best.items():
        top = max(s for s, _ in candidates)
        chosen = tuple(c for s, c in candidates if s == top)
        if len(chosen) > 1 and rows is not None:
            chosen = _settle_tie(field, chosen, rows, names, warnings, where)
        fields[field] = chosen
        if len(chosen) > 1:
            warnings.append(f"{where}: columns {' and '.join(repr(names[c]) for c in chosen)} both name {field}; "
                            "a value is taken only where they agree")
        for s, c in candidates:
            if s < top or (s == top and c not in chosen):
                unclaimed.append(names[c])
    return ColumnMap(fields=fields, unclaimed=tuple(unclaimed), inferred=False)


# ---- inference from cells ----------------------------------------------------------------------

# "31.2B3B active ..." is how a cell of two spans reads as text: no word boundary after the B.
_PARAMS = re.compile(r"^\d+(?:\.\d+)?\s*[BMT](?![A-Za-z])")
_CONTEXT = re.compile(r"^\d+(?:\.\d+)?\s*[kKmM]$")
_PRICE_CELL = re.compile(r"^\$\s*\d")
_PLAIN = re.compile(r"^\d+(?:[.,]\d+)?\*?$")
_MORE = re.compile(r"^\+\s*\d+\s*more$", re.IGNORECASE)


def _logos(cell: Any) -> list[Any]:
    return cell.xpath(".//img") if cell is not None else []


def _kind(cells: list[Any]) -> str | None:
    """What a column's cells look like, when most of them agree; None when all are empty."""
    texts = [cell_text(c) for c in cells]
    shown = [(t, c) for t, c in zip(texts, cells) if not is_missing(t) or _logos(c)]
    if not shown:
        return None

    def share(test: Any) -> float:
        return sum(1 for t, c in shown if test(t, c)) / len(shown)

    if share(lambda t, c: is_nav_label(t)) >= 0.8:
        return "link"  # "View", "Model Providers", "Details": buttons to other pages
    if share(lambda t, c: bool(c.xpath(".//a[contains(@href,'huggingface')]")) or "\U0001f917" in t or t.lower() == "not available") >= 0.6:
        return "weights"
    if share(lambda t, c: bool(_PARAMS.match(t))) >= 0.8:
        return "parameters"
    if share(lambda t, c: bool(_CONTEXT.match(t))) >= 0.8:
        return "context"
    if share(lambda t, c: bool(_PRICE_CELL.match(t))) >= 0.8:
        return "price"
    if share(lambda t, c: bool(_PLAIN.match(t))) >= 0.8:
        return "number"
    # Provider logos (not a creator's "<name> logo") and "+7 more".
    if share(lambda t, c: bool(_MORE.search(t)) or (bool(_logos(c)) and not c.xpath(".//img[contains(@alt,' logo')]"))) >= 0.8:
        return "providers"
    if share(lambda t, c: bool(c.xpath(".//img[contains(@alt,' logo')]"))) >= 0.8:
        return "model"
    return "text"


# Which cell shapes fit a field, best first: how a tie between two equally named columns is settled.
FITTING_KINDS: dict[str, tuple[str | None, ...]] = {
    "model": ("model", "text"), "creator": ("text",), "intelligence": ("number",), "speed": ("number",),
    "parameters": ("parameters",), "active_parameters": ("parameters", None), "context": ("context",),
    "price": ("price", None), "weights": ("weights",), "providers": ("providers", None),
}


def _settle_tie(field: str, tied: tuple[int, ...], rows: Sequence[Sequence[Any]], names: Sequence[str],
                warnings: list[str], where: str) -> tuple[int, ...]:
    """Equally named columns (one header spanning both): where exactly one of them has cells of
    the field's best-fitting shape, it is the field's."""
    kinds = {c: _kind([row[c] for row in rows]) for c in tied}
    for kind in FITTING_KINDS.get(field, ()):
        fitting = tuple(c for c in tied if kinds[c] == kind)
        if len(fitting) == 1:
            warnings.append(f"{where}: {len(tied)} columns are named {names[tied[0]]!r}; {field} read from column "
                            f"{fitting[0] + 1}, whose cells look like it")
            return fitting
        if fitting:
            break
    return tied


def link_columns(rows: Sequence[Sequence[Any]], width: int) -> frozenset[int]:
    """Columns whose cells are all a bare link ("View"): navigation, never a value."""
    return frozenset(i for i in range(width) if _kind([row[i] for row in rows]) == "link")


def map_by_cells(rows: Sequence[Sequence[Any]], width: int, warnings: list[str], where: str,
                 named: ColumnMap | None = None) -> ColumnMap | None:
    """Columns from their cells' shapes and the site's order, keeping what the headers did
    name (`named`); None when the board's columns are not there."""
    kinds = [_kind([row[i] for row in rows]) for i in range(width)]
    fields = _by_shape(kinds)
    fields |= _name_and_creator(kinds)
    fields |= _figures_by_order(kinds, fields)
    if named is not None:
        taken = {c for columns in named.fields.values() for c in columns}
        fields = {f: cols for f, cols in fields.items() if f not in named.fields and not taken & set(cols)}
        fields.update(named.fields)
    if not all(field in fields for field in REQUIRED):
        return None
    guessed = sorted(f for f in fields if named is None or f not in named.fields)
    warnings.append(f"{where}: headers do not name every column; inferred {', '.join(guessed)} from the cells and the site's column order")
    unclaimed = tuple(name for name in named.unclaimed if name) if named is not None else ()
    return ColumnMap(fields=fields, unclaimed=unclaimed, inferred=True)


def _by_shape(kinds: Sequence[str | None]) -> dict[str, tuple[int, ...]]:
    """Fields whose cells have a shape of their own, where exactly one column has it."""
    fields: dict[str, tuple[int, ...]] = {}
    for field in ("parameters", "context", "price", "weights", "providers"):
        found = [i for i, k in enumerate(kinds) if k == field]
        if len(found) == 1:
            fields[field] = (found[0],)
    weights_at = fields.get("weights", (None,))[0]
    if "providers" not in fields and weights_at is not None and weights_at + 1 < len(kinds) and kinds[weights_at + 1] is None:
        # A column with no provider on any row ("-", "?") is known only by its place: after the weights.
        fields["providers"] = (weights_at + 1,)
    return fields


def _name_and_creator(kinds: Sequence[str | None]) -> dict[str, tuple[int, ...]]:
    """The model's column (names, else the first text column), and a text column after it: the creator."""
    model = [i for i, k in enumerate(kinds) if k == "model"] or [i for i, k in enumerate(kinds) if k == "text"][:1]
    if not model:
        return {}
    fields: dict[str, tuple[int, ...]] = {"model": (model[0],)}
    texts = [i for i, k in enumerate(kinds) if k == "text" and i != model[0]]
    if texts and texts[0] > model[0]:
        fields["creator"] = (texts[0],)
    return fields


def _figures_by_order(kinds: Sequence[str | None], fields: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """Plain figures, by the site's order: the index comes before the parameters, the speed after the price."""
    numbers = [i for i, k in enumerate(kinds) if k == "number"]
    params_at = fields.get("parameters", (None,))[0]
    price_at = fields.get("price", fields.get("context", (None,)))[0]
    found: dict[str, tuple[int, ...]] = {}
    if params_at is not None:
        before = [i for i in numbers if i < params_at]
        if before:
            found["intelligence"] = (before[-1],)
    if price_at is not None:
        after = [i for i in numbers if i > price_at]
        if after:
            found["speed"] = (after[0],)
    return found


# ---- every mapped column must fit its field ------------------------------------------------------

class ColumnMisfit(ValueError):
    """A board column whose cells fit neither the field its header names nor any other: the page
    is refused (a wrong value loaded with exit 0 is the one failure an analyst cannot see)."""


@dataclass(frozen=True)
class Misfit:
    column: int
    field: str
    samples: tuple[str, ...]

    def describe(self, names: Sequence[str]) -> str:
        header = names[self.column] if self.column < len(names) and names[self.column] else "(no header words)"
        shown = ", ".join(repr(t) for t in self.samples)
        why = why_unfit(self.field, self.samples[0])
        return (f"column {self.column + 1} ({header!r}) is headed as {self.field} but its cells do not fit it "
                f"(e.g. {shown}; {self.samples[0]!r} is {why})")


def _unfit(columns: ColumnMap, rows: Sequence[Sequence[Any]], words: Sequence[HeaderWords]) -> list[Misfit]:
    found = []
    for field, cols in columns.fields.items():
        for column in cols:
            header = words[column].own if column < len(words) else ""
            shown = [(cell, cell_text(cell)) for cell in (row[column] for row in rows) if cell is not None]
            if not shown:
                # A header cell past the rows' last cell: a name over no column at all.
                found.append(Misfit(column, field, ("(no cells)",)))
                continue
            wrong = [text for cell, text in shown if not cell_fits(field, cell, text, header)]
            # A side column is judged cell by cell when read (an odd cell is NULL with a warning);
            # it is another field's column only when none of its cells fits.
            if wrong and (field in BOARD_FIELDS or len(wrong) == sum(not is_missing(text) for _, text in shown)):
                found.append(Misfit(column, field, tuple(dict.fromkeys(wrong))[:3]))
    return found


def fit_to_cells(named: ColumnMap, rows: Sequence[Sequence[Any]], names: Sequence[str], words: Sequence[HeaderWords],
                 warnings: list[str], where: str, min_rows: int) -> ColumnMap | None:
    """The columns the headers named, each checked cell by cell against its field; a column that
    does not fit is re-mapped from its cells (said in the warnings), columns the headers do not
    name are inferred (tables with at least `min_rows` rows). None: not a board. Raises
    ColumnMisfit for a board column that fits no field.

    A column named only by a group label above it (no words of its own) is named weakly: the
    label may stand one cell off, and an empty column or a plain figure fits many fields. Its
    field goes where the cells put it; the label decides only where the cells do not.
    """
    bad = _unfit(named, rows, words)
    bad_columns = {m.column for m in bad}
    weak = _weakly_named(named, bad_columns, words)
    kept = named.without(bad_columns)
    columns: ColumnMap | None = kept
    if bad or weak or not _names_a_board(kept):
        if len(rows) < min_rows:
            # Too few rows to judge columns by their cells: a layout table, not a board.
            return None if bad or not _names_a_board(kept) else kept
        columns, bad = _from_cells(named, kept, weak, bad, rows, names, words, warnings, where)
    if columns is None:
        if _names_a_board(named):
            _refuse_board_misfits(bad, names, where)
        return None
    return _settle(columns, bad, rows, names, words, warnings, where)


def _names_a_board(columns: ColumnMap) -> bool:
    return all(field in columns.fields for field in REQUIRED)


def _weakly_named(named: ColumnMap, bad_columns: set[int], words: Sequence[HeaderWords]) -> dict[int, str]:
    """Columns (that fit) named only by a group label above them, with the field it names."""
    return {c: f for f, cols in named.fields.items() for c in cols
            if c not in bad_columns and c < len(words) and not words[c].own}


def _refuse_board_misfits(bad: list[Misfit], names: Sequence[str], where: str) -> None:
    """A board its headers name whose board column fits no field at all: refused, naming it."""
    board_bad = [m for m in bad if m.field in BOARD_FIELDS]
    if board_bad:
        raise ColumnMisfit(f"{where}: {board_bad[0].describe(names)}, and no other field fits them")


def _from_cells(named: ColumnMap, kept: ColumnMap, weak: dict[int, str], bad: list[Misfit], rows: Sequence[Sequence[Any]],
                names: Sequence[str], words: Sequence[HeaderWords], warnings: list[str],
                where: str) -> tuple[ColumnMap | None, list[Misfit]]:
    """The columns read around what the headers named well (`kept` less the `weak` ones), then
    around all they named, then from the cells alone; with the misfits still to settle."""
    columns = _infer(rows, names, words, warnings, where, kept.without(set(weak)), weak)
    if columns is None and weak:
        columns = _infer(rows, names, words, warnings, where, kept, {})
    if columns is None and named.fields:
        # What the headers name may itself be what stands in the way (a group label over the
        # name's column): the cells alone, checked like the rest, may still read the board.
        alone: list[str] = []
        columns = map_by_cells(rows, len(names), alone, where)
        if columns is not None and not any(m.field in BOARD_FIELDS for m in _unfit(columns, rows, words)):
            moved = [f"column {c + 1} ({names[c]!r}) as {columns.field_of(c) or 'nothing'}, not {f}"
                     for f, cols in named.fields.items() for c in cols if columns.field_of(c) != f]
            warnings.append(f"{where}: the header words do not fit the cells under them; every column is read "
                            "from its cells and the site's column order" + (": " + "; ".join(moved) if moved else ""))
            warnings.extend(alone)
            return columns, []
        return None, bad
    return columns, bad


def _settle(columns: ColumnMap, bad: list[Misfit], rows: Sequence[Sequence[Any]], names: Sequence[str],
            words: Sequence[HeaderWords], warnings: list[str], where: str) -> ColumnMap:
    """What the cells decided must fit too, and so must what the headers named: a board column
    that fits nothing refuses the page; a side column that fits nothing is left unread."""
    headed_as = {m.column: m for m in bad}
    for late in _unfit(columns, rows, words):
        if late.column in headed_as:
            raise ColumnMisfit(f"{where}: {headed_as[late.column].describe(names)}, and no other field fits them")
        if late.field in BOARD_FIELDS:
            raise ColumnMisfit(f"{where}: {late.describe(names)}")
        warnings.append(f"{where}: {late.describe(names)}; left unread")
        columns = columns.without({late.column}, names, unclaimed=True)
    for misfit in bad:
        now = columns.field_of(misfit.column)
        if now is not None:
            warnings.append(f"{where}: {misfit.describe(names)}; its cells look like {now}: read as {now}")
        elif misfit.field in BOARD_FIELDS and misfit.field not in columns.fields:
            raise ColumnMisfit(f"{where}: {misfit.describe(names)}, and no other field fits them")
        else:
            warnings.append(f"{where}: {misfit.describe(names)}; left unread")
            columns = columns.without({misfit.column}, names, unclaimed=True)
    return columns


def _infer(rows: Sequence[Sequence[Any]], names: Sequence[str], words: Sequence[HeaderWords], warnings: list[str],
           where: str, named: ColumnMap, weak: dict[int, str]) -> ColumnMap | None:
    """Columns from their cells around the `named` ones; a weakly named column (a group label
    only) keeps its label's field where the cells give that field to no other column."""
    notes: list[str] = []
    inferred = map_by_cells(rows, len(names), notes, where, named)
    if inferred is None:
        return None
    fields = dict(inferred.fields)
    for column, field in weak.items():
        now = inferred.field_of(column)
        if now is None and field not in fields and not misfits(field, [row[column] for row in rows], words[column].own):
            fields[field] = (column,)
        elif now != field:
            notes.append(f"{where}: column {column + 1} ({names[column]!r}) stands under a group label naming {field}, "
                         f"but its cells {'read as ' + now if now else 'go to no field'}; {field} read from "
                         + (f"column {fields[field][0] + 1}" if field in fields else "no column"))
    warnings.extend(notes)
    return ColumnMap(fields=fields, unclaimed=inferred.unclaimed, inferred=True)
