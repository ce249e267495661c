"""Rows for the supervisor's view, written straight into the tables (no agency asked): a
region of its own per test, so that the session's other rows never count."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from verification.appeals.models import Appeal
from verification.authorization.models import AuthorizationRecord
from verification.clients.models import ApiClient, Role
from verification.db import table
from verification.households.models import EnrolledHousehold
from verification.spot_checks.models import SpotCheck, SpotCheckUnit
from verification.verifications.models import ObligorSourceQuery, SourceQuery, Verification

_SERIAL = itertools.count(10)  # 6110, 6111, …: a prefix per seeded region
NOW = dt.datetime(2026, 11, 15, 4, 0, tzinfo=dt.UTC)
LONG_AGO = dt.date(2020, 1, 1)


def fresh_prefix() -> str:
    """A 4-digit region prefix no other seeded test uses (in this process)."""
    return f"61{next(_SERIAL):02d}"


@dataclass
class Seeder:
    session: AsyncSession
    client_id: uuid.UUID = field(default_factory=uuid.uuid4)
    authorization_id: str = field(default_factory=lambda: f"AUTH-STATS-{uuid.uuid4().hex[:12]}")

    async def start(self) -> Seeder:
        await self.session.execute(
            insert(table(ApiClient)).values(
                id=self.client_id,
                name="seeded case system",
                role=Role.CASE_SYSTEM.value,
                token_hash=uuid.uuid4().hex + uuid.uuid4().hex,
                issuers=["*"],
                region_prefixes=["6"],
                created_at=NOW,
            )
        )
        await self.session.execute(
            insert(table(AuthorizationRecord)).values(
                authorization_id=self.authorization_id,
                content_hash="0" * 64,
                issuer_code="seed",
                kid="seed-key",
                purpose="dibao_application",
                region_code="610101",
                scopes=["hukou"],
                member_count=1,
                not_before=NOW,
                expires_at=NOW + dt.timedelta(days=365),
                first_seen_at=NOW,
            )
        )
        return self

    async def verification(
        self,
        region: str,
        as_of: dt.date,
        *,
        outcome: str | None = "eligible",
        status: str = "completed",
        review: bool = False,
        sandbox: bool = False,
    ) -> uuid.UUID:
        vid = uuid.uuid4()
        await self.session.execute(
            insert(table(Verification)).values(
                id=vid,
                client_id=self.client_id,
                authorization_id=self.authorization_id,
                purpose="dibao_application",
                region_code=region,
                area="urban",
                status=status,
                outcome=outcome,
                policy_id="seed",
                policy_version="1",
                created_at=NOW,
                completed_at=NOW if status == "completed" else None,
                as_of=as_of,
                accepted_on=None if review else as_of,
                revision=0,
                sandbox=sandbox,
                obligor_count=0,
            )
        )
        return vid

    async def household(
        self,
        region: str,
        *,
        enrolled_on: dt.date,
        next_review_on: dt.date,
        category: str = "stable",
        ended_on: dt.date | None = None,
        recheck_due_on: dt.date | None = None,
        sandbox: bool = False,
    ) -> uuid.UUID:
        # the verification it was enrolled from, assessed long before any period tested
        vid = await self.verification(region, LONG_AGO, sandbox=sandbox)
        hid = uuid.uuid4()
        await self.session.execute(
            insert(table(EnrolledHousehold)).values(
                id=hid,
                client_id=self.client_id,
                verification_id=vid,
                authorization_id=self.authorization_id,
                region_code=region,
                area="urban",
                category=category,
                monthly_allowance=Decimal("500.00"),
                status="ended" if ended_on else "active",
                enrolled_on=enrolled_on,
                last_reviewed_on=enrolled_on,
                next_review_on=next_review_on,
                last_verification_id=vid,
                recheck_due_on=recheck_due_on,
                recheck_reason="member_deceased" if recheck_due_on else None,
                ended_on=ended_on,
                sandbox=sandbox,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        return hid

    async def answers(
        self,
        verification_id: uuid.UUID,
        scope: str,
        answers: list[tuple[str, int, dt.datetime]],
        *,
        obligor: bool = False,
        revision: int = 0,
    ) -> None:
        """(status, duration_ms, queried_at) per member (or obligor) in order."""
        rows: list[dict[str, Any]] = [
            {
                "verification_id": verification_id,
                "revision": revision,
                ("obligor_index" if obligor else "member_index"): index,
                "scope": scope,
                "status": status,
                "attempts": 1,
                "duration_ms": duration,
                "queried_at": at,
                "evidence_enc": "seeded",
            }
            for index, (status, duration, at) in enumerate(answers)
        ]
        model = ObligorSourceQuery if obligor else SourceQuery
        await self.session.execute(insert(table(model)), rows)

    async def appeal(
        self,
        verification_id: uuid.UUID,
        region: str,
        filed_on: dt.date,
        *,
        decision_due_on: dt.date,
        decision: str | None = None,
        decided_on: dt.date | None = None,
        sandbox: bool = False,
    ) -> None:
        await self.session.execute(
            insert(table(Appeal)).values(
                id=uuid.uuid4(),
                verification_id=verification_id,
                client_id=self.client_id,
                region_code=region,
                sandbox=sandbox,
                report_revision=0,
                status="filed" if decision is None else "decided",
                filed_at=NOW,
                filed_on=filed_on,
                filing_due_on=filed_on,
                decision_due_on=decision_due_on,
                decision_due_provisional=False,
                decision_working_days=10,
                disputed={"scopes": ["bank"]},
                requery_scopes=[],
                evidence_count=0,
                decision=decision,
                decided_on=decided_on,
            )
        )

    async def spot_check(
        self,
        prefix: str,
        period: tuple[dt.date, dt.date],
        units: list[tuple[str, bool, bool]],
        *,
        sandbox: bool = False,
    ) -> None:
        """A drawn spot check of ``period`` (both days included) with ``units``: (region
        code, drawn, visited) each."""
        spot_check_id = uuid.uuid4()
        await self.session.execute(
            insert(table(SpotCheck)).values(
                id=spot_check_id,
                client_id=self.client_id,
                region_prefix=prefix,
                period_from=period[0],
                period_to=period[1],
                rate=Decimal("0.3"),
                rate_basis="service_default",
                policy="seed",
                frame_digest="0" * 64,
                frame_count=len(units),
                frame_entry=0,
                status="drawn",
                sandbox=sandbox,
                created_at=NOW,
            )
        )
        for region, drawn, visited in units:
            await self.session.execute(
                insert(table(SpotCheckUnit)).values(
                    spot_check_id=spot_check_id,
                    verification_id=uuid.uuid4(),
                    region_code=region,
                    outcome="eligible",
                    drawn=drawn,
                    visited_on=period[1] if visited else None,
                )
            )
