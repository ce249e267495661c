"""The consent-use record in the reader's language (``ConsentUseRecord``), pure."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from verification.consent.record import ConsentRecord, beijing_time
from verification.consent.schemas import (
    AgencyOutcomeView,
    ConsentUseRecord,
    RevocationView,
    UseView,
)
from verification.messages.locale import Locale
from verification.messages.render import label


def mask_authorization_id(authorization_id: str) -> str:
    """What a family's page shows of the authorization's id: its last four characters."""
    return "********" + authorization_id[-4:]


def record_view(
    record: ConsentRecord,
    locale: Locale,
    zone: ZoneInfo,
    now: dt.datetime,
    *,
    family: bool = False,
) -> ConsentUseRecord:
    """``record`` as served: to the case system in full; to a ``family`` with the
    authorization's id masked and no verification ids."""
    status = record.status(now)
    revocation = record.revocation
    return ConsentUseRecord(
        authorization_id=(
            mask_authorization_id(record.authorization_id) if family else record.authorization_id
        ),
        purpose=record.purpose,
        purpose_text=label("purpose", record.purpose, locale),
        region_code=record.region_code,
        not_before=record.not_before,
        expires_at=record.expires_at,
        valid_from=record.not_before.astimezone(zone).date(),
        valid_until=record.expires_at.astimezone(zone).date(),
        status=status,
        status_text=label("consent_status", status, locale),
        revocation=(
            None
            if revocation is None
            else RevocationView(
                withdrawn_on=revocation.withdrawn_on,
                reason=revocation.reason,
                reason_text=label("revocation_reason", revocation.reason, locale),
                recorded_at=revocation.recorded_at,
                recorded_at_beijing=beijing_time(revocation.recorded_at, zone),
            )
        ),
        uses=[
            UseView(
                at=use.at,
                at_beijing=beijing_time(use.at, zone),
                purpose=use.purpose,
                purpose_text=label("consent_purpose", use.purpose, locale),
                client=record.clients.get(use.client_id or "", "—"),
                verification_id=None if family else use.verification_id,
                agencies=[
                    AgencyOutcomeView(
                        scope=agency.scope,
                        name=label("scope", agency.scope, locale),
                        outcome=agency.outcome,
                        outcome_text=label("consent_outcome", agency.outcome, locale),
                    )
                    for agency in use.agencies
                ],
            )
            for use in record.uses
        ],
    )
