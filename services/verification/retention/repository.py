"""The SQL of the retention purge: which verifications are due, and the purge of one batch."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import and_, delete, exists, false, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.appeals.models import Appeal
from verification.batches.models import BatchItem
from verification.households.models import EnrolledHousehold
from verification.spot_checks.models import SpotCheckUnit
from verification.verifications.models import (
    ObligorSourceQuery,
    ReportRevision,
    SourceQuery,
    Verification,
    VerificationMember,
    VerificationObligor,
)


async def regions_kept(session: AsyncSession) -> list[str]:
    """The regions with completed verifications not purged yet: each is purged under its
    own policy."""
    rows = await session.execute(
        select(Verification.region_code)
        .where(Verification.purged_at.is_(None), Verification.status == "completed")
        .distinct()
        .order_by(Verification.region_code)
    )
    return list(rows.scalars())


async def due(
    session: AsyncSession,
    regions: Sequence[str],
    *,
    ended_before: dt.date | None,
    created_before: dt.datetime | None,
) -> list[tuple[uuid.UUID, str, str]]:
    """The completed, not yet purged verifications of ``regions`` due for the purge, oldest
    first, with why (``case_ended`` or ``never_enrolled``) and their region:

    - made under the authorization of a household whose case ended on or before
      ``ended_before``, no household under that authorization still active;
    - made under an authorization no household was ever enrolled under (a refused
      application, a one-off check), created before ``created_before``.

    A cut-off None (the regions' policy states no period): nothing is due for that reason.
    """
    same_authorization = EnrolledHousehold.authorization_id == Verification.authorization_id
    ended = (
        false()
        if ended_before is None
        else and_(
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
    )
    never_enrolled = (
        false()
        if created_before is None
        else and_(~exists().where(same_authorization), Verification.created_at < created_before)
    )
    rows = await session.execute(
        select(Verification.id, ended, Verification.region_code)
        .where(
            Verification.region_code.in_(regions),
            Verification.purged_at.is_(None),
            Verification.status == "completed",
            ended | never_enrolled,
        )
        .order_by(Verification.created_at, Verification.id)
    )
    return [(row[0], "case_ended" if row[1] else "never_enrolled", row[2]) for row in rows]


async def claim(
    session: AsyncSession, ids: Sequence[uuid.UUID], at: dt.datetime
) -> list[uuid.UUID]:
    """Mark these verifications purged (``purged_at``) where no run has yet, and return
    those this transaction marked: on PostgreSQL the rows another run holds are skipped
    (that run purges them), and a row it purged is no longer NULL once it committed; on
    SQLite the write transactions are serial."""
    free = (
        select(Verification.id)
        .where(
            Verification.id.in_(ids),
            Verification.purged_at.is_(None),
            Verification.status == "completed",  # not one a retry started meanwhile
        )
        .order_by(Verification.id)
        .with_for_update(skip_locked=True)
    )
    held = list((await session.execute(free)).scalars())
    if not held:
        return []
    rows = await session.execute(
        update(Verification)
        .where(Verification.id.in_(held), Verification.purged_at.is_(None))
        .values(purged_at=at)
        .returning(Verification.id)
    )
    return list(rows.scalars())


async def counts(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[str, int]:
    """How many rows of each kind of personal data these verifications hold."""

    async def count(column: object, where: object) -> int:
        return int(await session.scalar(select(func.count(column)).where(where)) or 0)  # type: ignore[arg-type]

    inside = Verification.id.in_(ids)
    return {
        "verifications": len(ids),
        "declarations": await count(Verification.declaration_enc, inside),
        "reports": await count(Verification.report_enc, inside),
        "replaced_reports": await count(
            ReportRevision.report_enc, ReportRevision.verification_id.in_(ids)
        ),
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


async def purge(session: AsyncSession, ids: Sequence[uuid.UUID]) -> None:
    """Purge these verifications' personal data: the declaration and report, and the
    report revisions it replaced (NULL), the
    members and support obligors (their rows: ID numbers, names, blind indexes), the agency
    answers' evidence and free-text reasons (NULL; status, reason code, attempts and dates
    stay for the statistics); what else holds words about the household, kept encrypted
    beside them (NULL): an appeal's evidence and the caseworker's reasons, a spot-check
    visit's note, a batch item's result (its decision and codes stay).  ``claim`` has set
    ``purged_at``."""
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
        update(ReportRevision)
        .where(ReportRevision.verification_id.in_(ids))
        .values(report_enc=None)
    )
    await session.execute(
        update(Verification)
        .where(Verification.id.in_(ids))
        .values(declaration_enc=None, report_enc=None)
    )
