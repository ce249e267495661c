"""The API's shapes of cross lists and their comparisons (no ID number in any of them)."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from verification.cross_lists.comparison import CrossingKind, IncomeBand
from verification.cross_lists.entries import MAX_ENTRIES
from verification.kit.money import Money

# a list of MAX_ENTRIES ID numbers as JSON, with room to spare (the route's own body limit)
MAX_BODY_BYTES = MAX_ENTRIES * 24 + 64 * 1024


class CrossListKind(StrEnum):
    POVERTY_ALLEVIATED = "poverty_alleviated"  # 脱贫人口 (已脱贫、返贫风险监测)
    EDGE_HOUSEHOLD = "edge_household"  # 低保边缘家庭 / 建档立卡边缘人口
    OTHER = "other"


class UploadCrossList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: CrossListKind
    region_prefix: Annotated[str, Field(pattern=r"^[0-9]{2,6}$")] = Field(
        description="the region-code prefix the list covers; one of the client's regions"
    )
    id_numbers: Annotated[
        list[Annotated[str, Field(max_length=32)]], Field(min_length=1, max_length=MAX_ENTRIES)
    ] = Field(
        description="the people on the list, one ID number an entry (GB 11643). Turned into "
        "blind indexes at once and never stored, logged or echoed; an invalid entry refuses "
        "the upload, named by its position (from 1), not its value"
    )


class CrossListView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: CrossListKind
    region_prefix: str
    version: int = Field(description="1 for the first upload of (kind, region_prefix); +1 each")
    status: Literal["current", "superseded"]
    entry_count: int = Field(description="distinct people on the list")
    duplicate_count: int = Field(description="entries repeating an earlier one, kept once")
    created_at: dt.datetime
    superseded_at: dt.datetime | None
    replaces: uuid.UUID | None = Field(
        default=None, description="the version this upload superseded, if any"
    )


class CrossListPage(BaseModel):
    items: list[CrossListView] = Field(
        description="the current version of each list, by kind and region prefix"
    )


class CrossListCounts(BaseModel):
    enrolled_households: int
    listed_people: int
    enrolled_not_listed: int
    listed_not_enrolled: int
    enrolled_at_or_above_standard: int
    listed_below_standard: int
    without_band: int = Field(
        description="enrolled households and listed people not enrolled with no stored "
        "income or no complete policy to compare it with"
    )


class CrossListEnrolledEntry(BaseModel):
    household_id: uuid.UUID
    region_code: str


class CrossListListedEntry(BaseModel):
    entry: int = Field(description="the position in the uploaded list, from 1")
    person_masked: str


class CrossListCrossingEntry(BaseModel):
    crossing: CrossingKind
    band: IncomeBand = Field(
        description="below_standard: per-capita < standard; edge: standard ≤ per-capita < "
        "edge line (低保边缘); above_edge_line: per-capita ≥ edge line"
    )
    household_id: uuid.UUID | None = Field(description="an enrolled household's")
    entry: int | None = Field(description="a listed person's position in the list")
    person_masked: str | None
    region_code: str
    area: str
    per_capita_monthly: Money
    standard_monthly: Money = Field(description="the 低保 standard in force on `as_of`")
    edge_line_monthly: Money = Field(
        description="`edge.income_multiple` × the standard in force on `as_of`"
    )
    verification_id: uuid.UUID = Field(description="the report the income is read from")
    assessed_on: dt.date


class CrossListComparisonSummary(BaseModel):
    id: uuid.UUID
    list_id: uuid.UUID
    trigger: Literal["on_demand", "scheduled"]
    scheduled_month: str | None = Field(description="YYYY-MM of a scheduled comparison")
    as_of: dt.date = Field(description="the Beijing date whose lines applied")
    created_at: dt.datetime
    counts: CrossListCounts


class CrossListComparison(CrossListComparisonSummary):
    kind: CrossListKind
    region_prefix: str
    list_version: int
    enrolled_not_listed: list[CrossListEnrolledEntry]
    listed_not_enrolled: list[CrossListListedEntry]
    crossing: list[CrossListCrossingEntry]


class CrossListComparisonList(BaseModel):
    items: list[CrossListComparisonSummary] = Field(description="newest first, at most 100")
