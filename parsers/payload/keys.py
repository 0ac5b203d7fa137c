"""Which record keys the payload reader reads, and what changed when the site renames one.

A renamed key parses without error into an empty column, so the reader says what it no longer
finds and what appeared beside it ("payload key intelligenceIndex gone; new keys:
intelligenceIndexV5"): a person can then teach the reader the new name and re-parse.
Keys inside an object the reader opens are written dotted ("timescaleData.medianOutputSpeed").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .records import EVALUATION_KEYS

# Every key payload_values and payload_board read.
READ_KEYS: frozenset[str] = frozenset({
    "name", "slug", "id", "sizeClass", "isOpenWeights", "deprecated", "creator.name", "intelligenceIndex",
    "intelligenceIndexIsEstimated", "parameters", "inferenceParametersActiveBillions", "contextWindowTokens",
    "price1mBlended0To3To1", "price1mInputTokens", "price1mOutputTokens", "timescaleData.medianOutputSpeed",
    "timescaleData.medianTimeToFirstChunk", "hostModelCount", "releaseDate", "licenseName", "openSourceCategorization",
    "commercialAllowed", "openness.opennessIndex", "modelWeightsSourceUrl", "omniscienceBreakdown.accuracy",
    "omniscienceBreakdown.hallucinationRate", *EVALUATION_KEYS,
})
# Keys whose absence from every record no board can be right without: said whenever they go.
# The others are said when they go while unknown keys appear (a rename); this project's own
# fixture pages carry only the keys their rows need, and leave the rest out.
CORE_KEYS: frozenset[str] = frozenset({"name", "sizeClass", "isOpenWeights", "intelligenceIndex", "parameters"})
# The objects whose keys are read one level down.
NESTED: tuple[str, ...] = ("creator", "timescaleData", "openness", "omniscienceBreakdown")
# Every key of the site's model records (of every board) on the real pages of 2026-07-18 and
# 2026-07-31, read or not: a key outside this set and READ_KEYS is new to this reader.
KNOWN_KEYS: frozenset[str] = READ_KEYS | frozenset({
    "automationBenchPartialScore", "briefcaseBreakdown", "briefcaseTotalCost", "cacheHitDiscountPercent", "cacheHitPrice", "cacheWritePrice",
    "canonicalIntelligenceIndexTokenCount", "creator", "creator.color", "creator.id", "creator.logo", "creator.slug",
    "creator.url", "deprecatedTo", "endToEndResponseTime", "enterpriseOpsGym", "harveyLabAllPass", "harveyLabCriteriaPass",
    "inputModalityImage", "inputModalitySpeech", "inputModalityText", "inputModalityVideo", "intelligenceIndexCost",
    "intelligenceIndexCostPerTask", "intelligenceIndexOutputTokensPerTask", "intelligenceIndexTimePerTask",
    "isReasoning", "knowledgeCutoffDate", "licenseUrl", "microevalsEnabled", "omniscienceBreakdown", "openness",
    "openness.modelAvailability", "openness.transparencyMethodology", "openness.transparencyPostTrainingData",
    "openness.transparencyPreTrainingData", "outputModalityImage", "outputModalitySpeech", "outputModalityText",
    "outputModalityVideo", "outputSpeedVariance", "performanceByPromptType", "performanceDataSource",
    "price1mBlended0To100To1", "price1mBlended0To1To1", "price1mBlended100To1To1", "price1mBlended7To2To1",
    "pricePer1k1mpImages", "reasoningTokens", "shortName", "timeToFirstAnswerToken", "timeToFirstChunkVariance",
    "timescaleData",
})
# How many new keys a line names before it says how many more.
_NAMED = 8


@dataclass(frozen=True)
class KeyDrift:
    """Read keys no record carries, and keys no earlier record had, both sorted."""

    gone: tuple[str, ...]
    new: tuple[str, ...]

    def warning(self) -> str | None:
        """One line for the parse run's warnings, or None when nothing read is gone."""
        said = [key for key in self.gone if key in CORE_KEYS or self.new]
        if not said:
            return None
        keys = ", ".join(said)
        return (f"payload key{'s' if len(said) > 1 else ''} {keys} gone; "
                + (f"new keys: {_listed(self.new)}" if self.new else "no new key beside it")
                + " (teach the parser the new name, then re-parse)")

    def explanation(self) -> str:
        """One line for `parse --explain`."""
        return (f"payload keys: not carried by any record: {', '.join(self.gone) or 'none'}; "
                f"new to this parser: {_listed(self.new) or 'none'}")


def key_drift(records: Iterable[Mapping[str, Any]]) -> KeyDrift:
    """What the records carry against what the reader reads and knows."""
    present: set[str] = set()
    for record in records:
        present.update(record)
        for parent in NESTED:
            inner = record.get(parent)
            if isinstance(inner, dict):
                present.update(f"{parent}.{key}" for key in inner)
    return KeyDrift(gone=tuple(sorted(READ_KEYS - present)), new=tuple(sorted(present - KNOWN_KEYS)))


def _listed(keys: tuple[str, ...]) -> str:
    shown = ", ".join(keys[:_NAMED])
    return shown if len(keys) <= _NAMED else f"{shown} and {len(keys) - _NAMED} more"
