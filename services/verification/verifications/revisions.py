"""A verification's report revisions: the current one on its row, the ones it replaced kept
in ``report_revisions`` (issue #22 item 4: each report, and each revision, can be read and
signed; docs/decisions/0022-signed-reports.md, amendment 2).

A revision is replaced by a retry, by the answers an awaiting verification waited for, and
by an upheld appeal — always through ``repository.write_round``, which calls
``keep_replaced`` in the same transaction, before it writes the new revision: the report it
replaces is re-encrypted under the revision's own place and kept.  A first report replaces
nothing, so the path of a new verification is unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import AuditRef, current_stream
from verification.data_keys.columns import REPORT_REVISION, VERIFICATION_REPORT
from verification.db import dialect_insert, table
from verification.kit.crypto import KeyRing
from verification.problems import NotFound
from verification.reports.model import ReportContent
from verification.verifications.models import ReportRevision, Verification


async def keep_replaced(
    session: AsyncSession,
    keyring: KeyRing,
    verification_id: uuid.UUID,
    *,
    new_revision: int,
    awaited_revision: int | None,
    at: dt.datetime,
) -> None:
    """Keep the report that revision ``new_revision`` is about to replace, in the caller's
    transaction, before the replacing UPDATE.  The row is read ``FOR UPDATE`` on PostgreSQL
    (SQLite's writers are serial): what is kept is what the UPDATE then replaces.  Nothing
    when there is no earlier report, or when the UPDATE will not happen (the current
    revision is not the one before ``new_revision``: another writer came first; an awaited
    round whose verification no longer awaits at ``awaited_revision``).  Two writers of the same
    revision keep the one before once (the insert does nothing on a conflict)."""
    verifications = table(Verification)
    row = (
        await session.execute(
            select(
                verifications.c.revision,
                verifications.c.status,
                verifications.c.outcome,
                verifications.c.completed_at,
                verifications.c.report_enc,
            )
            .where(verifications.c.id == verification_id)
            .with_for_update()
        )
    ).first()
    if row is None or row.report_enc is None or row.revision != new_revision - 1:
        return  # the UPDATE writes revision N over N - 1 only
    if awaited_revision is not None and (
        row.status != "awaiting_sources" or row.revision != awaited_revision
    ):
        return
    report = VERIFICATION_REPORT.decrypt(
        keyring, {"id": verification_id, "report_enc": row.report_enc}
    )
    revisions = table(ReportRevision)
    statement = dialect_insert(session.get_bind().dialect.name, revisions)
    await session.execute(
        statement.values(
            verification_id=verification_id,
            revision=row.revision,
            status=row.status,
            outcome=row.outcome,
            completed_at=row.completed_at,
            superseded_at=at,
            report_enc=REPORT_REVISION.encrypt(
                keyring, report, verification_id=verification_id, revision=row.revision
            ),
        ).on_conflict_do_nothing(index_elements=[revisions.c.verification_id, revisions.c.revision])
    )


@dataclass(frozen=True, slots=True)
class RevisionSummary:
    """One revision of a verification's report, without its content."""

    revision: int
    status: str | None  # None: not kept, and its audit entry does not say
    outcome: str | None
    completed_at: dt.datetime | None
    superseded_at: dt.datetime | None  # None: the current one
    kept: bool  # its report can be read (False: replaced before revisions were kept)


async def summaries(session: AsyncSession, row: Verification) -> list[RevisionSummary]:
    """Every revision of ``row``'s report, oldest first: the ones kept, each replaced before
    revisions were kept as its ``report_created`` entry records it (outcome, when), and the
    current one."""
    kept = {
        r.revision: r
        for r in (
            await session.execute(
                select(ReportRevision).where(ReportRevision.verification_id == row.id)
            )
        ).scalars()
    }
    logged = (
        {entry.revision: entry for entry in await _report_entries(session, row.id)}
        if len(kept) < row.revision
        else {}
    )
    answer = []
    for n in range(row.revision):
        if n in kept:
            k = kept[n]
            answer.append(
                RevisionSummary(n, k.status, k.outcome, k.completed_at, k.superseded_at, True)
            )
        else:
            entry = logged.get(n)
            answer.append(
                RevisionSummary(
                    n,
                    None,
                    entry.outcome if entry else None,
                    entry.recorded_at if entry else None,
                    None,
                    False,
                )
            )
    answer.append(
        RevisionSummary(
            revision=row.revision,
            status=row.status,
            outcome=row.outcome,
            completed_at=row.completed_at,
            superseded_at=None,
            kept=row.report_enc is not None,
        )
    )
    return answer


def revision_not_found(row: Verification, revision: int) -> NotFound:
    """``404 report-revision-not-found``: no such revision, or one replaced before
    replaced revisions were kept."""
    if revision > row.revision:
        detail = f"the report has no revision {revision}; its current revision is {row.revision}"
    else:
        detail = (
            f"revision {revision} was replaced before this service kept replaced revisions; "
            "only its audit entry remains"
        )
    return NotFound(
        detail,
        code="report-revision-not-found",
        audit={"verification_id": str(row.id), "revision": revision},
    )


async def replaced(session: AsyncSession, row: Verification, revision: int) -> ReportRevision:
    """The kept row of a revision ``row``'s report replaced (``404
    report-revision-not-found`` for none, or one replaced before revisions were kept)."""
    kept = (
        await session.get(ReportRevision, (row.id, revision))
        if 0 <= revision < row.revision
        else None
    )
    if kept is None or kept.report_enc is None:
        raise revision_not_found(row, revision)
    return kept


async def replaced_report(
    session: AsyncSession, keyring: KeyRing, row: Verification, revision: int
) -> tuple[ReportContent, dt.datetime]:
    """The report of a revision ``row``'s report replaced (the caller has refused a purged
    verification), and when the next revision replaced it."""
    kept = await replaced(session, row, revision)
    report = ReportContent.model_validate(REPORT_REVISION.decrypt_json(keyring, kept))
    if report.id != row.id or report.revision != revision:  # pragma: no cover - bound by its place
        raise ValueError(f"report_revisions row ({row.id}, {revision}) holds another report")
    return report, kept.superseded_at


async def audit_ref_of(
    session: AsyncSession, verification_id: uuid.UUID, revision: int
) -> AuditRef | None:
    """The ``report_created`` entry of a replaced ``revision`` once it is in the log (None
    while it is not)."""
    for entry in await _report_entries(session, verification_id):
        if entry.revision == revision:
            return entry.ref
    return None


@dataclass(frozen=True, slots=True)
class _ReportEntry:
    revision: int
    outcome: str | None
    recorded_at: dt.datetime
    ref: AuditRef


async def _report_entries(session: AsyncSession, verification_id: uuid.UUID) -> list[_ReportEntry]:
    """The verification's ``report_created`` entries in the log, one per revision: a
    verification has a few, each is read and its body says its revision and outcome."""
    events = current_stream().events
    rows = await session.execute(
        select(
            events.pending_id, events.seq, events.leaf_hash, events.recorded_at, events.body
        ).where(
            events.verification_id == str(verification_id),
            events.action == "report_created",
        )
    )
    found = []
    for pending_id, seq, leaf_hash, recorded_at, body in rows:
        fields = json.loads(body)
        found.append(
            _ReportEntry(
                revision=int(fields.get("revision", 0)),
                outcome=fields.get("outcome"),
                recorded_at=recorded_at,
                ref=AuditRef(entry=pending_id, seq=seq, leaf_hash=leaf_hash),
            )
        )
    return found
