"""Recording a home visit's result against a drawn household: only a household of the
sample may be recorded (``422 not-in-sample``), on a date not before the draw's and not
after today; recording again replaces the result (each recording is audited)."""

from __future__ import annotations

import uuid

from verification.clients.models import ApiClient
from verification.data_keys.columns import SPOT_CHECK_NOTE
from verification.db import utcnow
from verification.kit.masking import mask_text
from verification.problems import InvalidRequest
from verification.runtime import Runtime
from verification.spot_checks import events, repository
from verification.spot_checks.draw import ensure_drawn
from verification.spot_checks.read import checkpoint_pending, owned_spot_check, spot_check_view
from verification.spot_checks.schemas import RecordVisit, SpotCheckView


async def record_visit(
    runtime: Runtime,
    client: ApiClient,
    spot_check_id: uuid.UUID,
    body: RecordVisit,
    request_id: str,
) -> SpotCheckView:
    async with runtime.read_session_factory() as session:
        row = await owned_spot_check(session, client, spot_check_id)
    if not await ensure_drawn(runtime, spot_check_id, request_id):
        raise checkpoint_pending(runtime, row)
    audit = {"spot_check_id": str(spot_check_id), "verification_id": str(body.verification_id)}
    async with runtime.transaction() as session:
        row = await owned_spot_check(session, client, spot_check_id)
        unit = await repository.unit(session, spot_check_id, body.verification_id)
        if unit is None or not unit.drawn:
            raise InvalidRequest(
                "this household is not in the spot check's sample",
                code="not-in-sample",
                audit=audit,
            )
        today = runtime.today()
        drawn_on = runtime.business_date(row.drawn_at) if row.drawn_at else today
        if not drawn_on <= body.visited_on <= today:
            raise InvalidRequest(
                "the visit's date is between the draw's and today",
                code="visit-date-invalid",
                audit={**audit, "visited_on": body.visited_on.isoformat()},
            )
        unit.visited_on = body.visited_on
        unit.visit_outcome = body.outcome
        unit.visited_at = utcnow()
        unit.visit_note_enc = (
            None
            if body.note is None
            else SPOT_CHECK_NOTE.encrypt(
                runtime.keyring,
                mask_text(body.note).encode("utf-8"),
                spot_check_id=spot_check_id,
                verification_id=body.verification_id,
            )
        )
        await runtime.audit.append(
            session,
            [
                events.visit_recorded(
                    client,
                    row,
                    request_id,
                    verification_id=str(body.verification_id),
                    visited_on=body.visited_on.isoformat(),
                    outcome=body.outcome,
                    noted=body.note is not None,
                )
            ],
        )
    return await spot_check_view(runtime, spot_check_id)
