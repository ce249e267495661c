"""The effective policy for a region on a date, with where every value came from.

For each parameter, the layers that apply to the region are read most specific first (city,
province, national); the first whose entry covers the date decides:

``in_force``
    the entry has a value: it applies.
``left_to_local``
    the entry says the value is for a lower level to set, and no lower layer set one.
``lapsed``
    no entry covers the date, but one ended before it: the latest such entry is reported
    with its end date (``lapsed_on``) and its value is *not* applied.
``unset``
    nothing is stated for the date (every entry starts later, or none exists).

Provenance is kept with the decision: the deciding ``Source`` (layer, entry, citation, the
document cited), the values of less specific layers it ``overrides``, a more specific
layer's value that lapsed before it (``after_lapse``: the province's value applies because
the city's ended), and for a parameter with a ceiling, the less specific value it
``exceeds``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar, cast

from verification.policies.layered.loading import LayerSet
from verification.policies.layered.model import Document, Entry, Layer, Level
from verification.policies.layered.params import PARAMS, Param

T = TypeVar("T")


class Status(StrEnum):
    IN_FORCE = "in_force"
    LEFT_TO_LOCAL = "left_to_local"
    LAPSED = "lapsed"
    UNSET = "unset"


@dataclass(frozen=True, slots=True)
class Source:
    """A dated entry of one layer, with the document it cites."""

    layer_id: str
    level: Level
    layer_name: str
    entry: Entry
    document: Document | None

    @property
    def example(self) -> bool:
        return self.entry.citation.example

    def citation_text(self) -> str:
        """The citation as a caseworker reads it (Chinese)."""
        parts: list[str] = []
        doc = self.document
        if doc is not None:
            if doc.seed is not None:
                parts.append(f"种子文本 {doc.seed}")
            parts.append(f"《{doc.title}》" + (f"（{doc.number}）" if doc.number else ""))
            if self.entry.citation.article:
                parts.append(self.entry.citation.article)
        if self.example:  # said once, though the note may say it too (cn.toml's do)
            note = (
                (self.entry.citation.note or "").removeprefix("示例值，").removeprefix("示例值：")
            )
            parts.append(f"示例值：{note}")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Resolved(Generic[T]):
    """One parameter's effective state on the date."""

    param: Param[T]
    status: Status
    value: T | None  # only when in force
    source: Source | None  # the deciding entry (for ``lapsed``: the one that ended)
    overrides: tuple[Source, ...] = ()
    after_lapse: Source | None = None
    exceeds: Source | None = None

    @property
    def lapsed_on(self) -> dt.date | None:
        if self.status is Status.LAPSED and self.source is not None:
            return self.source.entry.valid_until
        return None


class NotInForceError(LookupError):
    """A value was asked for that is not in force on the date (lapsed, local or unset)."""

    def __init__(self, resolved: Resolved[Any]) -> None:
        self.resolved = resolved
        ended = f" (ended {resolved.lapsed_on.isoformat()})" if resolved.lapsed_on else ""
        super().__init__(f"{resolved.param.key} is {resolved.status.value}{ended}")


@dataclass(frozen=True, slots=True)
class EffectivePolicy:
    region_code: str
    on: dt.date
    chain: tuple[Layer, ...]  # most specific first
    resolved: Mapping[str, Resolved[Any]]

    def __getitem__(self, param: Param[T]) -> Resolved[T]:
        return cast(Resolved[T], self.resolved[param.key])

    def value(self, param: Param[T]) -> T:
        """The value in force; ``NotInForceError`` when the parameter is lapsed, local or unset."""
        resolved = self[param]
        if resolved.status is not Status.IN_FORCE:
            raise NotInForceError(resolved)
        return cast(T, resolved.value)

    def with_status(self, status: Status) -> list[Resolved[Any]]:
        return [r for r in self.resolved.values() if r.status is status]

    def examples(self) -> list[Resolved[Any]]:
        """Values in force that are examples, not published figures."""
        return [
            r
            for r in self.resolved.values()
            if r.status is Status.IN_FORCE and r.source is not None and r.source.example
        ]


def resolve(layers: LayerSet, region_code: str, on: dt.date) -> EffectivePolicy:
    """Every registered parameter's effective state for ``region_code`` on ``on``."""
    chain = layers.chain(region_code)
    documents = {layer.id: layers.documents(layer) for layer in chain}
    resolved = {key: _resolve(param, chain, documents, on) for key, param in sorted(PARAMS.items())}
    return EffectivePolicy(region_code=region_code, on=on, chain=chain, resolved=resolved)


def _source(layer: Layer, entry: Entry, documents: Mapping[str, Mapping[str, Document]]) -> Source:
    cited = entry.citation.document
    return Source(
        layer_id=layer.id,
        level=layer.level,
        layer_name=layer.name,
        entry=entry,
        document=documents[layer.id][cited] if cited is not None else None,
    )


def _resolve(
    param: Param[T],
    chain: tuple[Layer, ...],
    documents: Mapping[str, Mapping[str, Document]],
    on: dt.date,
) -> Resolved[T]:
    covering: list[Source] = []
    ended: list[tuple[int, Source]] = []  # (position in the chain, entry that ended before ``on``)
    for position, layer in enumerate(chain):
        for entry in layer.params.get(param.key, ()):
            if entry.covers(on):
                covering.append(_source(layer, entry, documents))
            elif entry.ended_before(on):
                ended.append((position, _source(layer, entry, documents)))
    if not covering:
        if not ended:
            return Resolved(param, Status.UNSET, None, None)
        # the latest end date; on a tie, the more specific layer
        _, last = max(ended, key=lambda item: (item[1].entry.valid_until, -item[0]))
        return Resolved(param, Status.LAPSED, None, last)
    decider, *overridden = covering
    position = next(i for i, layer in enumerate(chain) if layer.id == decider.layer_id)
    lapsed_below = [source for at, source in ended if at < position]
    after_lapse = (
        max(lapsed_below, key=lambda source: cast(dt.date, source.entry.valid_until))
        if lapsed_below
        else None
    )
    if decider.entry.left_to_local:
        return Resolved(param, Status.LEFT_TO_LOCAL, None, decider, tuple(overridden), after_lapse)
    exceeds = None
    if param.ceiling:
        exceeds = next(
            (
                other
                for other in overridden
                if not other.entry.left_to_local and _above(decider.entry.value, other.entry.value)
            ),
            None,
        )
    return Resolved(
        param,
        Status.IN_FORCE,
        cast(T, decider.entry.value),
        decider,
        tuple(overridden),
        after_lapse,
        exceeds,
    )


def _above(value: object, ceiling: object) -> bool:
    numbers = (int, Decimal)
    if isinstance(value, bool) or isinstance(ceiling, bool):
        return False
    if isinstance(value, numbers) and isinstance(ceiling, numbers):
        return value > ceiling
    return False
