"""Reading the consent-use record of an authorization (the case system's read, audited)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import stream_for
from verification.authorization.models import AuthorizationRecord
from verification.clients.models import ApiClient
from verification.consent import repository
from verification.consent.record import ConsentRecord, revocation_of, uses_of
from verification.problems import Forbidden, NotFound
from verification.runtime import Runtime


async def readable(
    session: AsyncSession, client: ApiClient, authorization_id: str
) -> AuthorizationRecord:
    """The authorization, if ``client`` may read its record: it made a verification under it
    (``404`` otherwise, as a verification of another client's), and its region and issuer are
    still the client's (``403``)."""
    found = await repository.authorization(session, authorization_id)
    if found is None or not await repository.used_by(session, client, authorization_id):
        raise NotFound(
            "no authorization with this id used by this client",
            audit={"authorization_id": authorization_id[:128]},
        )
    audit = {"authorization_id": authorization_id}
    if not client.may_use_region(found.region_code):
        raise Forbidden(
            "this client may not read authorizations of this region",
            code="region-not-permitted",
            audit=audit,
        )
    if not client.may_use_issuer(found.issuer_code):
        raise Forbidden(
            "this client may not read authorizations of this issuer",
            code="issuer-not-permitted",
            audit=audit,
        )
    return found


async def consent_record(
    session: AsyncSession, authorization: AuthorizationRecord, *, sandbox: bool
) -> ConsentRecord:
    """The record of ``authorization`` from the audit log its uses were recorded in."""
    entries = await repository.entries(
        session, stream_for(sandbox=sandbox), authorization.authorization_id
    )
    uses = uses_of(entries)
    names = await repository.client_names(session, {u.client_id or "" for u in uses})
    return ConsentRecord(
        authorization_id=authorization.authorization_id,
        purpose=authorization.purpose,
        region_code=authorization.region_code,
        not_before=authorization.not_before,
        expires_at=authorization.expires_at,
        uses=uses,
        revocation=revocation_of(entries),
        clients=names,
    )


async def read_record(
    rt: Runtime, client: ApiClient, authorization_id: str, request_id: str
) -> ConsentRecord:
    """The record of an authorization ``client`` used; the read is audited
    (``consent_record_read``)."""
    async with rt.transaction() as session:
        found = await readable(session, client, authorization_id)
        record = await consent_record(session, found, sandbox=client.sandbox)
        await rt.audit.append(
            session,
            [
                {
                    "action": "consent_record_read",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "authorization_id": authorization_id,
                    "uses": len(record.uses),
                }
            ],
        )
    return record
