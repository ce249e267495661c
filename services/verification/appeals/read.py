"""Reading an appeal, and the appeals of a verification; each read is audited."""

from __future__ import annotations

import uuid

from verification.appeals import events, repository
from verification.appeals.access import check_region
from verification.appeals.schemas import AppealList, AppealView
from verification.appeals.view import appeal_view
from verification.clients.models import ApiClient
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.runtime import Runtime
from verification.verifications import repository as verifications


async def read_appeal(
    rt: Runtime,
    client: ApiClient,
    appeal_id: uuid.UUID,
    request_id: str,
    *,
    locale: Locale = DEFAULT_LOCALE,
) -> AppealView:
    async with rt.transaction() as session:
        appeal = await repository.owned(session, client, appeal_id)
        check_region(client, appeal.region_code, audit={"appeal_id": str(appeal_id)})
        await rt.audit.append(session, [events.appeal_read(client, appeal, request_id)])
    return appeal_view(rt.keyring, appeal, today=rt.today(), locale=locale)


async def verification_appeals(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    request_id: str,
    *,
    locale: Locale = DEFAULT_LOCALE,
) -> AppealList:
    """The appeals of one of ``client``'s verifications, oldest first."""
    async with rt.transaction() as session:
        row = await verifications.owned(session, client, verification_id)
        check_region(client, row.region_code, audit={"verification_id": str(verification_id)})
        appeals = await repository.of_verification(session, verification_id)
        await rt.audit.append(
            session,
            [events.appeals_listed(client, str(verification_id), request_id, count=len(appeals))],
        )
    today = rt.today()
    return AppealList(
        items=[appeal_view(rt.keyring, a, today=today, locale=locale) for a in appeals]
    )
