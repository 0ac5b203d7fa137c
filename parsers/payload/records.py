"""Model records of the page's payload -> row values, exact and unrounded; the board they make.

The payload is what the site builds its board from: every model with its exact figures. A
record's fields are read by name and type-checked one by one; a field of the wrong type is no
value, never a guess.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..normalise import shown_url, web_url
from ..rows import VALUE_FIELDS

# Per-evaluation scores the payload carries at the top level of a model record.
EVALUATION_KEYS: tuple[str, ...] = (
    "gdpval", "gdpvalNormalized", "tau2", "tauBanking", "terminalbenchHard", "terminalbenchV21",
    "scicode", "lcr", "ifbench", "hle", "gpqa", "critpt", "omniscience", "mmmuPro",
    "livecodebench", "aime25", "itBenchSre", "apexAgents", "codingIndex", "agenticIndex",
)
# The payload's licence categories; the site shows 'commercial-license' as "Open Weights
# (Commercial Use Restricted)".
RESTRICTED_CATEGORIES = {"commercial-license": True, "permissive": False}

# Fields the flight payload carries (besides name, variant and key): everything but the names
# of providers, which only the visible table shows.
PAYLOAD_FIELDS: frozenset[str] = frozenset(VALUE_FIELDS) - {"providers", "providers_more"} | {"slug"}


def _number(value: Any) -> float | None:
    """A JSON number as a float; anything else (bool, string, NaN, infinity) is no value."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(record: Mapping[str, Any], name: str, label: str, warnings: list[str] | None, *, key: str | None = None) -> str | None:
    """A text field: a non-empty string, else no value (a number, an object or a list where the
    site writes text is said in `warnings`, never turned into text)."""
    value = record.get(name)
    if isinstance(value, str):
        return value.strip() or None
    if value is not None and warnings is not None:
        warnings.append(f"{label!r}: {key or name} is {type(value).__name__} {shown_url(value, 40)}, not text; left empty")
    return None


def payload_values(record: Mapping[str, Any], raw: str | None = None, warnings: list[str] | None = None) -> dict[str, Any]:
    """A payload model record -> row values (exact, unrounded). `raw` is the record's JSON text
    as the page has it, kept as the row's source record (else the record is encoded again).
    A weights link that is not an http(s) URL is left empty, with a warning in `warnings`."""
    total, active_b, is_moe = _parameters(record)
    price = _number(record.get("price1mBlended0To3To1"))
    timescale = record.get("timescaleData")
    timescale = timescale if isinstance(timescale, dict) else {}
    speed = _number(timescale.get("medianOutputSpeed"))
    context = _number(record.get("contextWindowTokens"))
    estimated = record.get("intelligenceIndexIsEstimated")
    hosts = record.get("hostModelCount")
    open_weights, weights_url = _weights(record, warnings)
    name = record.get("name")
    label = name.strip() if isinstance(name, str) else ""
    slug = _text(record, "slug", label, warnings)
    release = _text(record, "releaseDate", label, warnings)
    creator = _creator(record, label, warnings)
    openness = record.get("openness")
    return _licence(record) | {
        "openness_index": _number(openness.get("opennessIndex")) if isinstance(openness, dict) else None,
        # 0 is the site's "-" for prices and times, as for the blended price.
        "input_price_usd_per_1m": _number(record.get("price1mInputTokens")) or None,
        "output_price_usd_per_1m": _number(record.get("price1mOutputTokens")) or None,
        "time_to_first_token_s": _number(timescale.get("medianTimeToFirstChunk")) or None,
        "source_record": raw if raw is not None else json.dumps(record, ensure_ascii=False, separators=(",", ":")),
        "model": label,
        "slug": slug,
        "record_id": _text(record, "id", label, warnings),
        "creator": creator,
        "intelligence_index": _number(record.get("intelligenceIndex")),
        "intelligence_is_estimate": estimated if isinstance(estimated, bool) else None,
        "total_params_b": total,
        "active_params_b": active_b,
        "is_moe": is_moe,
        "context_window_tokens": int(context) if context is not None else None,
        # The site prints "-" where the payload has 0 or null: no price, not a free model.
        "blended_price_usd_per_1m": price if price else None,
        "output_tokens_per_s": speed if speed else None,
        "open_weights": open_weights,
        "weights_url": weights_url,
        "provider_count": hosts if isinstance(hosts, int) and not isinstance(hosts, bool) else None,
        "release_date": release,
        "evaluations": _evaluations(record),
    }


def _parameters(record: Mapping[str, Any]) -> tuple[float | None, float | None, bool | None]:
    """Total and active parameters (billions), and whether the model is a mixture of experts."""
    total = _number(record.get("parameters"))
    active = _number(record.get("inferenceParametersActiveBillions"))
    if total is None:
        return total, active, None
    if active is None and "inferenceParametersActiveBillions" not in record:
        return total, None, None  # a record without the key says nothing of the active count
    if active is None or active == total:
        return total, total, False  # the site's records give a dense model's active count as null
    if active < total:
        return total, active, True
    # More active than total parameters: a unit slip, never a dense model. Kept as given, for
    # the board's checks to name and hold.
    return total, active, None


def _evaluations(record: Mapping[str, Any]) -> dict[str, float]:
    evaluations = {}
    for key in EVALUATION_KEYS:
        value = record.get(key)
        # Most records leave most scores null: no call for those (this runs for every record).
        if value is not None and (number := _number(value)) is not None:
            evaluations[key] = number
    breakdown = record.get("omniscienceBreakdown")
    if isinstance(breakdown, dict):
        for part in ("accuracy", "hallucinationRate"):
            if _number(breakdown.get(part)) is not None:
                evaluations["omniscience" + part[0].upper() + part[1:]] = float(breakdown[part])
    return evaluations


def _weights(record: Mapping[str, Any], warnings: list[str] | None) -> tuple[bool | None, str | None]:
    """Whether the weights are open, and their link. open_weights mirrors the board's Weights
    column: a download link, or "Not available" (an open-weights model whose weights source is
    given as null: none public yet). A record that does not carry the key at all says nothing
    about a link: the flag alone decides."""
    open_flag = record.get("isOpenWeights")
    given_url = record.get("modelWeightsSourceUrl") or None
    weights_url = web_url(given_url)
    if given_url is not None and weights_url is None and warnings is not None:
        warnings.append(f"{str(record.get('name', '')).strip()!r}: weights link {shown_url(given_url)} is not an "
                        "http(s) URL; left empty")
    if not isinstance(open_flag, bool):
        return None, weights_url
    if "modelWeightsSourceUrl" not in record:
        return open_flag, weights_url
    # A link of any kind says the weights are published; only an http(s) one is kept.
    return open_flag and given_url is not None, weights_url


def _creator(record: Mapping[str, Any], label: str, warnings: list[str] | None) -> str | None:
    creator = record.get("creator")
    if isinstance(creator, dict):
        return _text(creator, "name", label, warnings, key="creator.name")
    if creator is not None and warnings is not None:
        warnings.append(f"{label!r}: creator is {type(creator).__name__}, not an object; left empty")
    return None


def _licence(record: Mapping[str, Any]) -> dict[str, Any]:
    """The licence's name, and whether commercial use is restricted (by its category, else the flag)."""
    category = record.get("openSourceCategorization")
    commercial = record.get("commercialAllowed")
    if isinstance(category, str) and category in RESTRICTED_CATEGORIES:
        restricted: bool | None = RESTRICTED_CATEGORIES[category]
    elif isinstance(commercial, bool):
        restricted = not commercial
    else:
        restricted = None
    license_name = record.get("licenseName")
    return {"license_name": license_name.strip() or None if isinstance(license_name, str) else None,
            "commercial_use_restricted": restricted}


def payload_board(records: Iterable[Mapping[str, Any]], tier: str) -> list[Mapping[str, Any]]:
    """The tier's board as the site builds it: open weights, not deprecated, best first."""
    members = [
        r for r in records
        if r.get("sizeClass") == tier and r.get("isOpenWeights") is True and not r.get("deprecated")
    ]

    # The payload does not say how the site orders models whose index ties: name order
    # (case-folded) is our stated, stable rule; models without an index come last.
    def order(record: Mapping[str, Any]) -> tuple[bool, float, str]:
        score = _number(record.get("intelligenceIndex"))
        return (score is None, -(score or 0.0), str(record.get("name", "")).strip().casefold())

    return sorted(members, key=order)
