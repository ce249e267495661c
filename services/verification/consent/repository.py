"""Every SQL statement of the consent package: an authorization's audit entries, its record,
who may read it, its revocation, and the family's links."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable

from sqlalchemy import BigInteger, cast, exists, null, or_, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.models import Stream
from verification.authorization.models import AuthorizationRecord, ConsentLink
from verification.clients.models import ApiClient
from verification.consent.record import Entry
from verification.households.models import EnrolledHousehold
from verification.verifications.models import PendingSource, Verification, VerificationObligor


async def authorization(session: AsyncSession, authorization_id: str) -> AuthorizationRecord | None:
    return await session.get(AuthorizationRecord, authorization_id)


async def authorization_for_update(
    session: AsyncSession, authorization_id: str
) -> AuthorizationRecord | None:
    return await session.scalar(
        select(AuthorizationRecord)
        .where(AuthorizationRecord.authorization_id == authorization_id)
        .with_for_update()
    )


async def used_by(session: AsyncSession, client: ApiClient, authorization_id: str) -> bool:
    """Whether ``client`` made a verification under ``authorization_id`` (a household's
    authorization, or a support obligor's consent it named)."""
    obligor = select(VerificationObligor.verification_id).where(
        VerificationObligor.consent_id == authorization_id
    )
    return bool(
        await session.scalar(
            select(
                exists().where(
                    Verification.client_id == client.id,
                    or_(
                        Verification.authorization_id == authorization_id,
                        Verification.id.in_(obligor),
                    ),
                )
            )
        )
    )


async def entries(session: AsyncSession, stream: Stream, authorization_id: str) -> list[Entry]:
    """The audit entries naming ``authorization_id``, integrated and pending, read in one
    statement (one snapshot: an entry the integrator moves meanwhile is read once), in the
    order they were recorded: by time, then by entry (the entries of one append share their
    time, and their ids are in the append's order), then by ``seq`` (the entries integrated
    before the sequencer have no entry id)."""
    events, pending = stream.events, stream.pending
    integrated = select(
        events.pending_id.label("entry"),
        events.seq.label("seq"),
        events.recorded_at.label("at"),
        events.body.label("body"),
    ).where(events.authorization_id == authorization_id)
    waiting = select(
        pending.id.label("entry"),
        cast(null(), BigInteger).label("seq"),
        pending.recorded_at.label("at"),
        pending.template.label("body"),
    ).where(pending.authorization_id == authorization_id)
    both = union_all(integrated, waiting).subquery()
    rows = (
        await session.execute(
            select(both.c.entry, both.c.at, both.c.body).order_by(
                both.c.at, both.c.entry, both.c.seq
            )
        )
    ).all()
    seen: set[int] = set()
    found: list[Entry] = []
    for entry, at, body in rows:
        if entry is not None and entry in seen:
            continue
        if entry is not None:
            seen.add(entry)
        found.append(Entry(at=_aware(at), body=json.loads(body)))
    return found


def _aware(at: dt.datetime | str) -> dt.datetime:
    """A timestamp a UNION read back (SQLite hands the column's text)."""
    value = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


async def client_names(session: AsyncSession, ids: Iterable[str]) -> dict[str, str]:
    wanted = {uuid.UUID(i) for i in ids if i}
    if not wanted:
        return {}
    rows = await session.execute(
        select(ApiClient.id, ApiClient.name).where(ApiClient.id.in_(wanted))
    )
    return {str(client_id): name for client_id, name in rows.all()}


async def close_tickets(session: AsyncSession, authorization_id: str, now: dt.datetime) -> int:
    """Close the open tickets asked under ``authorization_id`` — of the verifications made
    under it, or about the support obligor whose consent it is: no agency is asked for their
    answers any more (resolved, with no revision); how many."""
    under = select(Verification.id).where(Verification.authorization_id == authorization_id)
    obligor = exists().where(
        VerificationObligor.verification_id == PendingSource.verification_id,
        VerificationObligor.obligor_index == PendingSource.member_index,
        VerificationObligor.consent_id == authorization_id,
    )
    result = await session.execute(
        update(PendingSource)
        .where(
            PendingSource.resolved_at.is_(None),
            or_(
                PendingSource.verification_id.in_(under),
                (PendingSource.subject == "obligor") & obligor,
            ),
        )
        .values(resolved_at=now, resolved_revision=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def mark_households(
    session: AsyncSession, authorization_id: str, withdrawn_on: dt.date
) -> int:
    """Mark the enrolled households whose reviews use ``authorization_id``: they need a new
    authorization (``households/reauthorize.py``); how many."""
    result = await session.execute(
        update(EnrolledHousehold)
        .where(
            EnrolledHousehold.authorization_id == authorization_id,
            EnrolledHousehold.authorization_withdrawn_on.is_(None),
        )
        .values(authorization_withdrawn_on=withdrawn_on)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def add_link(session: AsyncSession, link: ConsentLink) -> None:
    session.add(link)


async def link_for_update(session: AsyncSession, token_hash: str) -> ConsentLink | None:
    return await session.scalar(
        select(ConsentLink).where(ConsentLink.token_hash == token_hash).with_for_update()
    )
