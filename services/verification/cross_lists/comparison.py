"""The comparison itself, pure: the enrolled households of a region against an uploaded
list, and who crosses the lines.

Three findings (粤民发〔2020〕49号 二（一）一 and 三（一）: 每月开展…信息比对，找出未纳入
农村低保…的人员; 每月一比对):

- households enrolled and with no member on the list (``enrolled_not_listed``);
- people on the list in none of the enrolled households (``listed_not_enrolled``);
- crossings (``crossing``): an enrolled household whose latest assessed per-capita income
  is at or above the 低保 standard now in force (it no longer passes the income rule,
  ``per_capita < standard``, 办法 第八条: 低于当地最低生活保障标准), and a listed person
  not enrolled whose household's latest verified per-capita income is below it (a
  candidate for 低保).  Each crossing carries its band against both lines: below the
  standard, the 低保边缘 band (standard ≤ per-capita < edge line, the engine's
  ``low_income_edge`` test), or at or above the edge line (``edge.income_multiple`` ×
  the standard, 1.5 under 办法 第八条第二款).

No ID number reaches this module: people are blind indexes, shown as masked ID numbers and
the entry's position in the uploaded list.  Money is ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class IncomeBand(StrEnum):
    BELOW_STANDARD = "below_standard"  # per-capita < standard: the 低保 income rule passes
    EDGE = "edge"  # standard ≤ per-capita < edge line: 低保边缘
    ABOVE_EDGE_LINE = "above_edge_line"  # per-capita ≥ edge line


class CrossingKind(StrEnum):
    ENROLLED_AT_OR_ABOVE_STANDARD = "enrolled_at_or_above_standard"
    LISTED_BELOW_STANDARD = "listed_below_standard"


@dataclass(frozen=True, slots=True)
class Lines:
    """The lines in force for a region and area on the comparison's date (monthly, yuan a
    person): the 低保 standard and the edge line."""

    standard_monthly: Decimal
    edge_line_monthly: Decimal


@dataclass(frozen=True, slots=True)
class Income:
    """A household's latest assessed per-capita income, the report it comes from, and the
    lines of its region and area on the comparison's date (None: the policy in force there
    is incomplete, so no band is given)."""

    per_capita_monthly: Decimal
    verification_id: uuid.UUID
    assessed_on: dt.date
    region_code: str
    area: str
    lines: Lines | None


@dataclass(frozen=True, slots=True)
class Enrolled:
    household_id: uuid.UUID
    region_code: str
    people: frozenset[str]  # blind indexes
    income: Income | None  # None: no stored report to read


@dataclass(frozen=True, slots=True)
class Listed:
    entry: int  # position in the uploaded list, from 1
    person_index: str
    person_masked: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One crossing: an enrolled household (``household_id``) or a listed person (``entry``,
    ``person_masked``)."""

    crossing: CrossingKind
    band: IncomeBand
    income: Income
    lines: Lines  # the income's lines (a finding has them)
    household_id: uuid.UUID | None = None
    entry: int | None = None
    person_masked: str | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    enrolled_households: int
    listed_people: int
    enrolled_not_listed: tuple[Enrolled, ...]
    listed_not_enrolled: tuple[Listed, ...]
    crossing: tuple[Finding, ...]
    without_band: int  # enrolled or listed-not-enrolled with no income or no lines to compare

    def counts(self) -> dict[str, int]:
        """The figures, no personal data: what the audit entry and the summary carry."""
        by = {c: sum(1 for f in self.crossing if f.crossing is c) for c in CrossingKind}
        return {
            "enrolled_households": self.enrolled_households,
            "listed_people": self.listed_people,
            "enrolled_not_listed": len(self.enrolled_not_listed),
            "listed_not_enrolled": len(self.listed_not_enrolled),
            CrossingKind.ENROLLED_AT_OR_ABOVE_STANDARD.value: by[
                CrossingKind.ENROLLED_AT_OR_ABOVE_STANDARD
            ],
            CrossingKind.LISTED_BELOW_STANDARD.value: by[CrossingKind.LISTED_BELOW_STANDARD],
            "without_band": self.without_band,
        }


def band(per_capita: Decimal, lines: Lines) -> IncomeBand:
    """Where a per-capita income lies: the engine's tests (``per_capita < standard`` passes
    the income rule; ``standard ≤ per_capita < edge line`` is 低保边缘)."""
    if per_capita < lines.standard_monthly:
        return IncomeBand.BELOW_STANDARD
    if per_capita < lines.edge_line_monthly:
        return IncomeBand.EDGE
    return IncomeBand.ABOVE_EDGE_LINE


def not_enrolled(enrolled: Iterable[Enrolled], listed: Iterable[Listed]) -> list[Listed]:
    """The listed people in none of the enrolled households, in list order."""
    held = frozenset().union(*(e.people for e in enrolled))
    return [person for person in listed if person.person_index not in held]


def compare(
    enrolled: Sequence[Enrolled],
    listed: Sequence[Listed],
    listed_incomes: Mapping[str, Income],
) -> Comparison:
    """The comparison of ``enrolled`` with ``listed``; ``listed_incomes``: the latest
    verified income of listed people's households, by blind index (those not enrolled
    are read; others are ignored)."""
    on_list = frozenset(person.person_index for person in listed)
    outside = not_enrolled(enrolled, listed)
    crossing: list[Finding] = []
    without_band = 0
    for household in enrolled:
        income = household.income
        if income is None or income.lines is None:
            without_band += 1
            continue
        where = band(income.per_capita_monthly, income.lines)
        if where is not IncomeBand.BELOW_STANDARD:
            crossing.append(
                Finding(
                    CrossingKind.ENROLLED_AT_OR_ABOVE_STANDARD,
                    where,
                    income,
                    income.lines,
                    household_id=household.household_id,
                )
            )
    for person in outside:
        found = listed_incomes.get(person.person_index)
        if found is None or found.lines is None:
            without_band += 1
            continue
        where = band(found.per_capita_monthly, found.lines)
        if where is IncomeBand.BELOW_STANDARD:
            crossing.append(
                Finding(
                    CrossingKind.LISTED_BELOW_STANDARD,
                    where,
                    found,
                    found.lines,
                    entry=person.entry,
                    person_masked=person.person_masked,
                )
            )
    return Comparison(
        enrolled_households=len(enrolled),
        listed_people=len(listed),
        enrolled_not_listed=tuple(e for e in enrolled if not (e.people & on_list)),
        listed_not_enrolled=tuple(outside),
        crossing=tuple(crossing),
        without_band=without_band,
    )
