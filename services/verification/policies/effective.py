"""The effective policy for a region and a date, as the API and the CLI show it.

``effective_policy`` resolves the layered national policy (``policies.layered``) and writes
every parameter with its state, its value (money as decimal strings), the layer and dated
entry that set it and its citation.  What the engine applies is taken from the same
resolution by ``policies.in_force``.

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Final

from pydantic import BaseModel, Field

from verification.kit.money import format_yuan
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet
from verification.policies.layered.resolution import EffectivePolicy, Resolved, Source, Status
from verification.policies.layered.resolution import resolve as resolve_layers

REGION_PATTERN: Final = r"^[0-9]{2,12}$"
_REGION = re.compile(REGION_PATTERN)

Value = str | int | bool | list[str] | list[dict[str, str]] | None


class CitationView(BaseModel):
    document: str | None = Field(description="the cited document's id; null for an example")
    title: str | None = Field(description="the document's title")
    number: str | None = Field(description="文号, when the text has one")
    seed: str | None = Field(description="the seed text the document was read from")
    article: str | None = Field(description="the article or clause")
    quote: str | None = Field(description="the text's own words, short")
    example: bool = Field(description="not a published figure: an example standing in for one")
    note: str | None
    text: str = Field(description="the citation as a caseworker reads it (Chinese)")


class EntryView(BaseModel):
    """A dated entry of one layer."""

    layer: str = Field(description="the layer's id (`cn`, `gx`, `gx-nanning`, …)")
    layer_name: str
    level: str = Field(description="national | province | city | county")
    valid_from: dt.date
    valid_until: dt.date | None = Field(description="inclusive; null: open-ended")
    value: Value = Field(description="null when the entry leaves the value to local government")
    left_to_local: bool
    reason: str | None = Field(description="why it is left to local government")
    citation: CitationView
    service: str | None = Field(
        default=None,
        description="the service has no data for this rule: `case_system` (left to the "
        "case-management system that calls it) or `not_supported`; null: not marked",
    )
    service_note: str | None = Field(default=None, description="why, and who does it (Chinese)")


class ParameterView(BaseModel):
    key: str
    label: str = Field(description="the parameter's Chinese name")
    kind: str = Field(
        description="yuan (money: a decimal string) | ratio | fraction (decimal strings) | "
        "count | flag | choice | choices | texts | tiers"
    )
    rules: list[int] = Field(description="the national rules it encodes (docs/national-rules.md)")
    status: Status = Field(
        description="in_force: the value applies; left_to_local: left to a lower level that "
        "set none; lapsed: ended on `lapsed_on` with no successor, not applied; unset"
    )
    value: Value = Field(description="the value in force; null unless `status` is in_force")
    source: EntryView | None = Field(
        description="the entry that decides (for `lapsed`: the one that ended)"
    )
    lapsed_on: dt.date | None = Field(description="the last day of a lapsed value")
    overrides: list[EntryView] = Field(description="less specific layers' entries it displaced")
    after_lapse: EntryView | None = Field(
        description="a more specific layer's value that ended before this one took over"
    )
    exceeds: EntryView | None = Field(
        description="for a ceiling (deadline, period): the less specific value it is above"
    )


class LayerView(BaseModel):
    id: str
    level: str
    name: str
    region_prefix: str
    file: str


class EffectivePolicyView(BaseModel):
    """Every registered parameter's effective state for a region on a date."""

    region: str
    on: dt.date
    layers: list[LayerView] = Field(description="the layers that apply, most specific first")
    parameters: list[ParameterView]


def valid_region(region: str) -> bool:
    return _REGION.fullmatch(region) is not None


def resolve(layers: LayerSet, region: str, on: dt.date) -> EffectivePolicy:
    """The layered policy for a region code of 2–12 digits: its province, city or county
    (the first 2, 4 or 6 digits) decides which layers apply."""
    if not valid_region(region):
        raise ValueError(f"region code {region!r} is not 2 to 12 digits")
    depth = max(n for n in (2, 4, 6) if n <= len(region))
    return resolve_layers(layers, region[:depth], on)


def effective_policy(layers: LayerSet, region: str, on: dt.date) -> EffectivePolicyView:
    effective = resolve(layers, region, on)
    return EffectivePolicyView(
        region=region,
        on=on,
        layers=[
            LayerView(
                id=layer.id,
                level=layer.level.value,
                name=layer.name,
                region_prefix=layer.region_prefix,
                file=layer.file,
            )
            for layer in effective.chain
        ],
        parameters=[_parameter(r) for _key, r in sorted(effective.resolved.items())],
    )


def write_value(param: p.Param[Any], value: object) -> Value:
    """A value as JSON: money with two places and decimals as strings, lists as lists."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        return format_yuan(value) if param.kind == "yuan" else str(value)
    if isinstance(value, tuple):
        if param.kind == "tiers":
            return [
                {key: str(v) for key, v in tier.model_dump().items()}
                for tier in value
                if isinstance(tier, p.AllowanceTier)
            ]
        return [str(item) for item in value]
    return str(value)


def _entry(param: p.Param[Any], source: Source | None) -> EntryView | None:
    if source is None:
        return None
    entry, document, citation = source.entry, source.document, source.entry.citation
    return EntryView(
        layer=source.layer_id,
        layer_name=source.layer_name,
        level=source.level.value,
        valid_from=entry.valid_from,
        valid_until=entry.valid_until,
        value=write_value(param, entry.value),
        left_to_local=entry.left_to_local,
        reason=entry.reason,
        service=entry.service.value if entry.service else None,
        service_note=entry.service_note,
        citation=CitationView(
            document=citation.document,
            title=document.title if document else None,
            number=document.number if document else None,
            seed=document.seed if document else None,
            article=citation.article,
            quote=citation.quote,
            example=citation.example,
            note=citation.note,
            text=source.citation_text(),
        ),
    )


def _parameter(resolved: Resolved[Any]) -> ParameterView:
    param = resolved.param
    return ParameterView(
        key=param.key,
        label=param.label,
        kind=param.kind,
        rules=list(param.rules),
        status=resolved.status,
        value=write_value(param, resolved.value),
        source=_entry(param, resolved.source),
        lapsed_on=resolved.lapsed_on,
        overrides=[e for e in (_entry(param, s) for s in resolved.overrides) if e is not None],
        after_lapse=_entry(param, resolved.after_lapse),
        exceeds=_entry(param, resolved.exceeds),
    )
