"""The shapes of a layer: its documents, its dated entries and their citations.

Frozen dataclasses built by ``loading`` once every field has been checked, so resolution and
its callers never see an unchecked value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def prefix_length(self) -> int:
        """Digits of the region code a layer of this level names (national: none)."""
        return {"national": 0, "province": 2, "city": 4, "county": 6}[self.value]


class ServiceSupport(StrEnum):
    """How this service stands to a rule it has no data for."""

    CASE_SYSTEM = "case_system"  # left to the case-management system that calls the service
    NOT_SUPPORTED = "not_supported"  # neither the service nor its callers do it yet


@dataclass(frozen=True, slots=True)
class Document:
    """A text that entries cite: a national measure, a regional notice, or a seed."""

    id: str
    title: str
    number: str | None = None  # 文号, e.g. 桂政办发〔2016〕9号
    issuer: str | None = None
    issued: dt.date | None = None
    in_force: dt.date | None = None
    seed: str | None = None  # the seed text it was read from (shared/seeds/NNN_…)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an entry's value comes from: a document (with the article or clause), or an
    example (with a note saying why there is no source)."""

    document: str | None  # a document id of the layer or of a layer it extends
    article: str | None = None  # 第十三条第二款第（三）项; a seed's clause: 二（二）1
    quote: str | None = None  # the words of the text, short
    example: bool = False  # not a published figure: stands in until one is entered
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated statement of a parameter: a value, or ``left_to_local`` with the reason."""

    valid_from: dt.date
    valid_until: dt.date | None  # inclusive; None: until a later entry or for good
    value: object  # checked against the parameter's type; None when left to local
    left_to_local: bool
    reason: str | None
    citation: Citation
    # the service has no data for the rule: who carries it out instead, and why
    service: ServiceSupport | None = None
    service_note: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def ended_before(self, day: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < day


@dataclass(frozen=True, slots=True)
class Layer:
    """One file: a level of government, the layer it extends, and what it states."""

    id: str
    level: Level
    name: str
    region_prefix: str  # "" for the national layer
    extends: str | None
    documents: Mapping[str, Document]
    params: Mapping[str, tuple[Entry, ...]]  # entries in date order, never overlapping
    file: str
