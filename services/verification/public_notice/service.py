"""Building the 公示 from a stored report; only an eligible household is published."""

from __future__ import annotations

import uuid

from verification.clients.models import ApiClient
from verification.problems import Conflict
from verification.public_notice.schemas import PublicNotice
from verification.runtime import Runtime
from verification.verifications.models import Verification
from verification.verifications.schemas import MemberView, VerificationReport
from verification.verifications.service import VerificationService

HEAD_RELATION = "self"  # the applicant; the other members are named relative to them


def public_notice(report: VerificationReport) -> PublicNotice:
    """The publishable part of an eligible household's report."""
    return PublicNotice(
        head_of_household=_named_member(report).name_masked,
        region_code=report.region_code,
        household_size=report.household_size,
        monthly_allowance=report.suggested_allowance_monthly,
        policy_id=report.policy.id,
        verified_on=report.as_of,
    )


def _named_member(report: VerificationReport) -> MemberView:
    by_index = {m.index: m for m in report.members}
    if report.household_basis == "single_person" and report.single_person_member in by_index:
        return by_index[report.single_person_member]
    heads = [m for m in report.members if m.relation == HEAD_RELATION]
    return heads[0] if heads else report.members[0]


def _publishable(row: Verification) -> None:
    if row.outcome != "eligible":
        raise Conflict(
            "only a household verified as eligible may be published",
            code="not-publishable",
            audit={"verification_id": str(row.id)},
        )


class PublicNoticeService:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime

    async def read(
        self, client: ApiClient, verification_id: uuid.UUID, request_id: str
    ) -> PublicNotice:
        report = await VerificationService(self._rt).read(
            client,
            verification_id,
            request_id,
            audit_action="public_notice_read",
            allow=_publishable,
        )
        return public_notice(report)
