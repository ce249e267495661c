"""The 公示 of an eligible household's report, from the layered policy (rules 18, 19).

``publication.fields`` says what is published (办法 第二十四条: the applicant's name, the number
of members and the amount, "不得公开无关信息"), ``publicity.notice_days`` how long (办法 第十九条
第一款: 7 days).  The content is exactly the listed fields; the period runs from the day the
notice is posted, both ends included.

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from verification.policies.layered import params as p
from verification.policies.layered.params import PublishedField
from verification.policies.layered.resolution import EffectivePolicy, Status
from verification.public_notice.schemas import NoticePeriod, PublicNotice, Published
from verification.reports.model import MemberView, ReportContent

HEAD_RELATION = "self"  # the applicant; the other members are named relative to them


class NotPublishableError(ValueError):
    """No publication rule is in force on the date."""


def _named_member(report: ReportContent) -> MemberView:
    by_index = {m.index: m for m in report.members}
    if report.household_basis == "single_person" and report.single_person_member in by_index:
        return by_index[report.single_person_member]
    heads = [m for m in report.members if m.relation == HEAD_RELATION]
    return heads[0] if heads else report.members[0]


def _field(report: ReportContent, field: PublishedField) -> Any:
    match field:
        case PublishedField.APPLICANT_NAME:
            return _named_member(report).name_masked
        case PublishedField.HOUSEHOLD_SIZE:
            return report.household_size
        case PublishedField.HOUSEHOLD_MEMBERS:
            return [m.name_masked for m in report.members if m.status != "deceased"]
        case PublishedField.INCOME:
            return report.income.household_monthly
        case PublishedField.ALLOWANCE_AMOUNT:
            return report.suggested_allowance_monthly


def public_notice(
    report: ReportContent, effective: EffectivePolicy, starts_on: dt.date
) -> PublicNotice:
    """The notice of ``report`` posted on ``starts_on`` under ``effective`` (that day's
    policy for the report's region)."""
    fields = effective[p.PUBLISHED_FIELDS]
    if fields.status is not Status.IN_FORCE or fields.value is None or fields.source is None:
        raise NotPublishableError(f"no publication rule is in force on {starts_on.isoformat()}")
    days = effective[p.PUBLICITY_DAYS]
    period = None
    if days.status is Status.IN_FORCE and days.value and days.source is not None:
        period = NoticePeriod(
            days=days.value,
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=days.value - 1),
            basis=days.source.citation_text(),
        )
    return PublicNotice(
        published=Published(**{f.value: _field(report, f) for f in fields.value}),
        fields=list(fields.value),
        fields_basis=fields.source.citation_text(),
        notice_period=period,
    )
