"""The SQL of the retention purge: which verifications are due, and the purge of one batch."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.appeals.models import Appeal
from verification.batches.models import BatchItem
from verification.households.models import EnrolledHousehold
from verification.spot_checks.models import SpotCheckUnit
from verification.verifications.models import (
    ObligorSourceQuery,
    SourceQuery,
    Verification,
    VerificationMember,
    VerificationObligor,
)


async def due(
    session: AsyncSession, *, ended_before: dt.date, created_before: dt.datetime
) -> list[tuple[uuid.UUID, str]]:
    """The completed, not yet purged verifications due for the purge, oldest first, with
    why (``case_ended`` or ``never_enrolled``):

    - made under the authorization of a household whose case ended on or before
      ``ended_before``, no household under that authorization still active;
    - made under an authorization no household was ever enrolled under (a refused
      application, a one-off check), created before ``created_before``.
    """
    same_authorization = EnrolledHousehold.authorization_id == Verification.authorization_id
    ended = and_(
        exists().where(
            same_authorization,
            EnrolledHousehold.status == "ended",
            EnrolledHousehold.ended_on <= ended_before,
        ),
        ~exists().where(
            same_authorization,
            (EnrolledHousehold.status != "ended")
            | (EnrolledHousehold.ended_on > ended_before)
            | EnrolledHousehold.ended_on.is_(None),
        ),
    )
    never_enrolled = and_(
        ~exists().where(same_authorization), Verification.created_at < created_before
    )
    rows = await session.execute(
        select(Verification.id, ended)
        .where(
            Verification.purged_at.is_(None),
            Verification.status == "completed",
            ended | never_enrolled,
        )
        .order_by(Verification.created_at, Verification.id)
    )
    return [(row[0], "case_ended" if row[1] else "never_enrolled") for row in rows]


async def counts(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[str, int]:
    """How many rows of each kind of personal data these verifications hold."""

    async def count(column: object, where: object) -> int:
        return int(await session.scalar(select(func.count(column)).where(where)) or 0)  # type: ignore[arg-type]

    inside = Verification.id.in_(ids)
    return {
        "verifications": len(ids),
        "declarations": await count(Verification.declaration_enc, inside),
        "reports": await count(Verification.report_enc, inside),
        "members": await count(VerificationMember.id, VerificationMember.verification_id.in_(ids)),
        "obligors": await count(
            VerificationObligor.id, VerificationObligor.verification_id.in_(ids)
        ),
        "source_answers": await count(
            SourceQuery.evidence_enc, SourceQuery.verification_id.in_(ids)
        ),
        "obligor_answers": await count(
            ObligorSourceQuery.evidence_enc, ObligorSourceQuery.verification_id.in_(ids)
        ),
        "appeal_evidence": await count(Appeal.evidence_enc, Appeal.verification_id.in_(ids)),
        "appeal_reasons": await count(Appeal.reasons_enc, Appeal.verification_id.in_(ids)),
        "spot_check_visit_notes": await count(
            SpotCheckUnit.visit_note_enc, SpotCheckUnit.verification_id.in_(ids)
        ),
        "batch_item_results": await count(BatchItem.result_enc, BatchItem.verification_id.in_(ids)),
    }


async def purge(session: AsyncSession, ids: Sequence[uuid.UUID], at: dt.datetime) -> None:
    """Purge these verifications' personal data: the declaration and report (NULL), the
    members and support obligors (their rows: ID numbers, names, blind indexes), the agency
    answers' evidence and free-text reasons (NULL; status, reason code, attempts and dates
    stay for the statistics); what else holds words about the household, kept encrypted
    beside them (NULL): an appeal's evidence and the caseworker's reasons, a spot-check
    visit's note, a batch item's result (its decision and codes stay); ``purged_at`` set."""
    await session.execute(
        delete(VerificationMember).where(VerificationMember.verification_id.in_(ids))
    )
    await session.execute(
        delete(VerificationObligor).where(VerificationObligor.verification_id.in_(ids))
    )
    for model in (SourceQuery, ObligorSourceQuery):
        await session.execute(
            update(model)
            .where(model.verification_id.in_(ids))
            .values(evidence_enc=None, reason=None)
        )
    await session.execute(
        update(Appeal)
        .where(Appeal.verification_id.in_(ids))
        .values(evidence_enc=None, reasons_enc=None)
    )
    await session.execute(
        update(SpotCheckUnit)
        .where(SpotCheckUnit.verification_id.in_(ids))
        .values(visit_note_enc=None)
    )
    await session.execute(
        update(BatchItem).where(BatchItem.verification_id.in_(ids)).values(result_enc=None)
    )
    await session.execute(
        update(Verification)
        .where(Verification.id.in_(ids), Verification.purged_at.is_(None))
        .values(declaration_enc=None, report_enc=None, purged_at=at)
    )
