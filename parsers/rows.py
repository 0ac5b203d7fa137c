"""Typed results of parsing one page: a row per model, a page per input."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .boards import TIERS

# A row's values (besides its tier, rank and names), in the order sources are merged.
VALUE_FIELDS: tuple[str, ...] = (
    "creator", "intelligence_index", "intelligence_is_estimate", "total_params_b", "active_params_b",
    "is_moe", "context_window_tokens", "blended_price_usd_per_1m", "output_tokens_per_s",
    "open_weights", "weights_url", "providers", "providers_more", "provider_count", "release_date",
    "license_name", "commercial_use_restricted", "openness_index", "input_price_usd_per_1m", "output_price_usd_per_1m",
    "time_to_first_token_s", "source_record",
)

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that, unlike MappingProxyType, pickles (rows cross process pools)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # The Mapping mixins go through __getitem__ per key; the loader iterates ~2,000 scores a page.
    def __contains__(self, key: object) -> bool:
        return key in self._data

    def keys(self) -> KeysView[K]:
        return self._data.keys()

    def items(self) -> ItemsView[K, V]:
        return self._data.items()

    def values(self) -> ValuesView[V]:
        return self._data.values()

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


@dataclass(frozen=True)
class ModelRow:
    """One model as it stands on one board of one page.

    Units live in the field names; None always means "the page did not say", never zero.
    """

    tier: str
    rank: int
    model: str
    variant: str | None
    model_key: str
    slug: str | None
    creator: str | None
    intelligence_index: float | None
    intelligence_is_estimate: bool | None
    total_params_b: float | None
    active_params_b: float | None
    is_moe: bool | None
    context_window_tokens: int | None
    blended_price_usd_per_1m: float | None
    output_tokens_per_s: float | None
    open_weights: bool | None
    weights_url: str | None
    providers: tuple[str, ...] | None
    providers_more: int | None
    provider_count: int | None
    release_date: str | None
    value_source: str
    evaluations: Mapping[str, float] = field(default_factory=FrozenMap)
    license_name: str | None = None
    commercial_use_restricted: bool | None = None
    openness_index: float | None = None
    input_price_usd_per_1m: float | None = None
    output_price_usd_per_1m: float | None = None
    time_to_first_token_s: float | None = None
    # The whole record the row came from, as JSON: the payload's model object, else the table
    # row as {header: cell text}; None for text renderings. A key the site adds is kept here.
    source_record: str | None = None
    # The site's id of the model's record (payload pages only): kept across the site's renames,
    # so with the slug it tells the warehouse which model a row continues.
    record_id: str | None = None

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The keys of as_dict, in order."""
        return tuple(cls.__dataclass_fields__)

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready values (lists for tuples, a dict for evaluations)."""
        out: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            out[name] = value
        return out


@dataclass(frozen=True)
class ParsedPage:
    """Everything one page yields: its boards in board order, how they were read, and warnings."""

    source: str | None
    format: str
    boards: Mapping[str, tuple[ModelRow, ...]]
    strategies: tuple[str, ...]
    warnings: tuple[str, ...]
    title: str | None = None
    # How each source of the page was read, for people: the strategy, what it found and, for a
    # table, which header went to which field ("'Price (Blended USD/1M Tokens)' -> price").
    explanation: tuple[str, ...] = ()
    # A table's columns: our field -> the header it was read from ("column 4" where unnamed).
    column_map: Mapping[str, str] = field(default_factory=FrozenMap)
    # The Intelligence Index methodology the page states ("4.1"), and the evaluations it says
    # the index includes; None / () where the page does not say.
    index_version: str | None = None
    index_evaluations: tuple[str, ...] = ()
    # Per board: the fields the forms it was read from can carry at all. A field outside this set
    # is NULL because the form cannot show it, not because the site had no value.
    carried_fields: Mapping[str, frozenset[str]] = field(default_factory=FrozenMap)

    @property
    def tiers(self) -> tuple[str, ...]:
        return tuple(t for t in TIERS if t in self.boards)

    @property
    def rows(self) -> tuple[ModelRow, ...]:
        return tuple(row for tier in self.tiers for row in self.boards[tier])
