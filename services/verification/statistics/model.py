"""The supervisor's view (监督统计): counts for a region prefix and a period, in sections.

A section is computed by one function (``sections.py``) from a ``StatisticsScope`` (the
region prefix, the half-open period of Beijing dates, today) into a ``RawSection``: named
groups of counts, and for some groups figures that are not counts (an agency's latency).
Nothing in a section names a household or a person: it holds keys and numbers only, and
``publish.py`` turns it into what is served (``SectionView``) with small counts suppressed
(``suppression.py``) and every label in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field


@dataclass(frozen=True, slots=True)
class Period:
    """Beijing dates (the deployment's time zone): ``starts_on`` included, ``ends_before``
    excluded."""

    starts_on: dt.date
    ends_before: dt.date

    def instants(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """The period as UTC instants: midnight of each bound in ``zone``."""
        start, end = (
            dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)
            for day in (self.starts_on, self.ends_before)
        )
        return start, end


@dataclass(frozen=True, slots=True)
class StatisticsScope:
    """What every section is computed for."""

    region_prefix: str  # 2 to 6 digits of the administrative division code
    period: Period
    today: dt.date  # the business date the statistics are read on
    zone: ZoneInfo
    sources: tuple[str, ...]  # the installed sources' scopes, in catalogue order

    @property
    def state_on(self) -> dt.date:
        """The day a current state (a review overdue) is judged on: the period's end, or
        today when the period has not ended."""
        return min(self.period.ends_before, self.today)


@dataclass(frozen=True, slots=True)
class Counts:
    """One group of counts.  ``parts``: the cells are the parts of one whole (each record
    counted in exactly one cell), so the page shows their total — unless a part is
    suppressed, when the total would give it away.  ``measures`` are figures that are no
    counts (milliseconds), resting on ``basis`` records: withheld when those are fewer
    than the threshold."""

    key: str
    cells: tuple[tuple[str, int], ...]
    parts: bool = False
    # the ``LABELS`` table that names the group's key (``scope`` for a source)
    label_table: str = "stats_group"
    measures: tuple[tuple[str, int | None], ...] = ()
    basis: int = 0


@dataclass(frozen=True, slots=True)
class RawSection:
    key: str
    groups: tuple[Counts, ...]
    as_of: dt.date | None = None  # the day a state is judged on, for a section of states


class CellView(BaseModel):
    key: str = Field(description="what is counted (`eligible`, `ok`, `enrolled`, …)")
    label: str = Field(description="its name in the requested language")
    count: int | None = Field(
        description="the count; `null` when suppressed (fewer than the threshold, or a "
        "total that would give a suppressed part away)"
    )
    shown: str = Field(description='as the page shows it: "12", "<5", or "—" for a withheld total')
    suppressed: bool


class MeasureView(BaseModel):
    key: str = Field(description="`latency_median_ms`, `latency_p95_ms`")
    label: str
    value: int | None = Field(description="`null` when withheld (too few answers, or none)")
    unit: Literal["ms"] = "ms"
    shown: str
    suppressed: bool


class GroupView(BaseModel):
    key: str = Field(description="the group (`application`, a source's scope, …)")
    label: str
    cells: list[CellView]
    total: CellView | None = Field(
        description="the cells' total, when they are the parts of one whole"
    )
    measures: list[MeasureView] = Field(default_factory=list)


class SectionView(BaseModel):
    key: str = Field(description="`verifications`, `households`, `reviews`, `sharing`, …")
    title: str
    note: str = Field(description="what the section counts, and on which dates")
    as_of: dt.date | None = Field(
        default=None, description="the day a state (overdue) is judged on, where it matters"
    )
    groups: list[GroupView]


class PeriodView(BaseModel):
    starts_on: dt.date = Field(description="the first day (Beijing date), included")
    ends_before: dt.date = Field(description="the day after the last (Beijing date), excluded")


class SuppressionView(BaseModel):
    threshold: int = Field(description="counts from 1 to threshold − 1 are shown as `<threshold`")
    rule: str = Field(description="the rule, in the requested language")


class StatisticsView(BaseModel):
    """Counts for a region and a period; no personal data (no id, name or ID number)."""

    region: str = Field(description="the region-code prefix (2 to 6 digits)")
    period: PeriodView
    today: dt.date = Field(description="the business date the statistics were read on")
    language: str = Field(description="the language of the labels: `zh-CN` or `en`")
    suppression: SuppressionView
    sections: list[SectionView]
