"""Building the 公示 from a stored report; only an eligible household is published."""

from __future__ import annotations

import datetime as dt
import uuid

from verification.clients.models import ApiClient
from verification.problems import Conflict, InvalidRequest
from verification.public_notice.content import NotPublishableError, public_notice
from verification.public_notice.schemas import PublicNotice
from verification.runtime import Runtime
from verification.verifications.models import Verification
from verification.verifications.read import read_report


class PublicNoticeService:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime

    async def read(
        self,
        client: ApiClient,
        verification_id: uuid.UUID,
        request_id: str,
        starts_on: dt.date | None = None,
    ) -> PublicNotice:
        """The notice posted on ``starts_on`` (default: today, a Beijing business date)."""
        posted = starts_on or self._rt.today()

        def publishable(row: Verification) -> None:
            if row.outcome != "eligible":
                raise Conflict(
                    "only a household verified as eligible may be published",
                    code="not-publishable",
                    audit={"verification_id": str(row.id)},
                )
            if posted < row.as_of:
                raise InvalidRequest(
                    f"the notice cannot start before the verification ({row.as_of.isoformat()})",
                    code="notice-before-verification",
                    audit={"verification_id": str(row.id)},
                )

        report = await read_report(
            self._rt,
            client,
            verification_id,
            request_id,
            audit_action="public_notice_read",
            allow=publishable,
        )
        try:
            return public_notice(
                report, self._rt.policies.effective(report.region_code, posted), posted
            )
        except NotPublishableError as exc:
            raise Conflict(
                str(exc), code="not-publishable", audit={"verification_id": str(report.id)}
            ) from None
