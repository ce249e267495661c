"""The re-check after a member's death (rule 22; 2022 通知 一（三）).

"低保家庭成员死亡后，应当自其死亡之日起3个月内对其家庭状况进行核查"
(``review.recheck_after_death_months``, a ceiling a region may shorten).  When public
security reports a member deceased, the household is to be checked again by the date of
death plus that many months; an enrolled household's next review is brought forward to that
day if it falls earlier.  A death reported without its date is due at once (the day it was
reported): the period may already have run out.

Pure: no web, database or clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from verification.kit.months import add_months


class RecheckReason(StrEnum):
    MEMBER_DECEASED = "member_deceased"


@dataclass(frozen=True, slots=True)
class Death:
    member_index: int
    date_of_death: dt.date | None


@dataclass(frozen=True, slots=True)
class Recheck:
    due_on: dt.date
    reason: RecheckReason
    member_index: int
    date_of_death: dt.date | None
    months: int


def death_rechecks(deaths: Iterable[Death], months: int, reported_on: dt.date) -> list[Recheck]:
    """The re-check each death calls for, the earliest due first."""
    due = [
        Recheck(
            due_on=(
                reported_on if d.date_of_death is None else add_months(d.date_of_death, months)
            ),
            reason=RecheckReason.MEMBER_DECEASED,
            member_index=d.member_index,
            date_of_death=d.date_of_death,
            months=months,
        )
        for d in deaths
    ]
    return sorted(due, key=lambda r: (r.due_on, r.member_index))


def next_review(regular: dt.date, recheck_due: dt.date | None) -> dt.date:
    """The regular next review, brought forward to the re-check when that is earlier."""
    return regular if recheck_due is None else min(regular, recheck_due)
