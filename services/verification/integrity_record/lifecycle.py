"""The integrity record's lifecycle, pure: which step is allowed from which state, the
period of a confirmed entry, the state a reader sees on a day, and which findings of a
report are understatements.

    proposed ──notice──▶ notified ──explanation──▶ explained
       │                    │  └───────confirm────────┐  │
       │                    │                         ▼  ▼
       └──dismiss──┴────────┴──dismiss──▶ dismissed   confirmed ──withdraw──▶ withdrawn
                                                          │
                                          (its last day passed) expired — on read

Never automatic: every step is a caseworker's request.  A household is told before any
decision (confirm needs a notice), and may explain once; an entry is confirmed or dismissed
once; a confirmed entry ends by itself after its period (``expired`` is computed on read,
no job) or is withdrawn with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Final

from verification.kit.months import add_months
from verification.policies.layered.params import INTEGRITY_PERIOD_MONTHS
from verification.policies.layered.resolution import EffectivePolicy


class EntryStatus(StrEnum):
    PROPOSED = "proposed"
    NOTIFIED = "notified"
    EXPLAINED = "explained"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"  # never stored: a confirmed entry after its last day


class Step(StrEnum):
    NOTICE = "notice"
    EXPLANATION = "explanation"
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    WITHDRAW = "withdraw"


class NoticeChannel(StrEnum):
    """How the notice reached the household."""

    IN_PERSON = "in_person"  # 当面送达
    POST = "post"  # 邮寄
    SMS = "sms"  # 短信
    PHONE = "phone"  # 电话
    ONLINE = "online"  # 网上（政务平台）
    PUBLIC_NOTICE = "public_notice"  # 公告送达


class ClosingReason(StrEnum):
    """Why an entry was dismissed or withdrawn (audited: a code, never free text)."""

    EXPLANATION_ACCEPTED = "explanation_accepted"  # 说明理由成立
    SOURCE_DATA_WRONG = "source_data_wrong"  # 部门数据有误
    APPEAL_UPHELD = "appeal_upheld"  # 复议（申诉）成立
    RECORDED_IN_ERROR = "recorded_in_error"  # 记录有误
    OTHER = "other"


# the state each step is allowed from, and the state it leads to
TRANSITIONS: Final[Mapping[Step, tuple[frozenset[EntryStatus], EntryStatus]]] = {
    Step.NOTICE: (frozenset({EntryStatus.PROPOSED}), EntryStatus.NOTIFIED),
    Step.EXPLANATION: (frozenset({EntryStatus.NOTIFIED}), EntryStatus.EXPLAINED),
    Step.CONFIRM: (frozenset({EntryStatus.NOTIFIED, EntryStatus.EXPLAINED}), EntryStatus.CONFIRMED),
    Step.DISMISS: (
        frozenset({EntryStatus.PROPOSED, EntryStatus.NOTIFIED, EntryStatus.EXPLAINED}),
        EntryStatus.DISMISSED,
    ),
    Step.WITHDRAW: (frozenset({EntryStatus.CONFIRMED}), EntryStatus.WITHDRAWN),
}

# the report's subjects whose figures a declaration states (assessment/findings.py)
_DECLARED_SUBJECTS: Final = frozenset(
    {"income", "financial_assets", "insurance_cash_value", "vehicles", "residences", "businesses"}
)


class TransitionRefusedError(Exception):
    """The step is not allowed from the entry's state (``409``)."""

    def __init__(self, step: Step, status: EntryStatus) -> None:
        allowed = sorted(s.value for s in TRANSITIONS[step][0])
        super().__init__(
            f"an entry that is {status.value} cannot take the step {step.value} "
            f"(allowed from: {', '.join(allowed)})"
        )
        self.step = step
        self.status = status


def status_on(stored: str, listed_until: dt.date | None, today: dt.date) -> EntryStatus:
    """The state a reader sees on ``today``: a confirmed entry past its last day is expired."""
    status = EntryStatus(stored)
    if status is EntryStatus.CONFIRMED and listed_until is not None and today > listed_until:
        return EntryStatus.EXPIRED
    return status


def next_status(
    step: Step, stored: str, listed_until: dt.date | None, today: dt.date
) -> EntryStatus:
    """The state ``step`` leads to from the entry's state on ``today``; ``TransitionRefusedError``
    when it is not allowed (an expired entry can no longer be withdrawn: it ended)."""
    current = status_on(stored, listed_until, today)
    allowed, target = TRANSITIONS[step]
    if current not in allowed:
        raise TransitionRefusedError(step, current)
    return target


def period(confirmed_on: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The first and last day (both inclusive) on the record of an entry confirmed on
    ``confirmed_on`` for ``months`` months: from that day to the day before the same day
    ``months`` later (the end of the month when it has no such day)."""
    return confirmed_on, add_months(confirmed_on, months) - dt.timedelta(days=1)


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value))
    except InvalidOperation:
        return None


def is_understatement(finding: Mapping[str, Any]) -> bool:
    """A finding of a report (``FindingView`` as JSON) that says the household declared less
    income or fewer assets than the sources show, beyond the policy's tolerance (the report
    lists only differences beyond it: ``declaration.*`` parameters)."""
    if finding.get("subject") not in _DECLARED_SUBJECTS:
        return False
    declared, verified = _decimal(finding.get("declared")), _decimal(finding.get("verified"))
    return declared is not None and verified is not None and declared < verified


def understatements(findings: Sequence[Mapping[str, Any]]) -> list[int]:
    """The positions (0-based) of a report's findings that are understatements."""
    return [i for i, finding in enumerate(findings) if is_understatement(finding)]


def policy_period(effective: EffectivePolicy) -> tuple[int, bool]:
    """The period (months) of an entry confirmed under ``effective``, and whether it is the
    service's example value rather than a policy's."""
    source = effective[INTEGRITY_PERIOD_MONTHS].source
    return effective.value(INTEGRITY_PERIOD_MONTHS), bool(source is not None and source.example)
