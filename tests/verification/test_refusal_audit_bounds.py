"""A refused request's audit entry is bounded, whatever the caller sent: the log keeps every
entry for ever, so one request must not be able to write most of a megabyte into it."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from verification.audit.models import AuditEvent
from verification.problem_handlers import AUDIT_LIST_MAX, AUDIT_TEXT_MAX, _bounded, _clipped

INVALID = 5_000  # household ids, each of them invalid: 5,000 invalid fields


async def test_a_request_with_thousands_of_invalid_fields_writes_a_small_entry(api) -> None:
    request_id = uuid.uuid4().hex
    response = await api.http.post(
        "/v1/batches",
        json={"household_ids": ["not-an-id"] * INVALID},
        headers={**api.auth(), "X-Request-ID": request_id},
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid-request"
    assert len(response.json()["errors"]) >= INVALID  # the caller is told every one

    await api.drain()
    async with api.sessions() as session:
        bodies = (
            await session.execute(
                select(AuditEvent.body).where(AuditEvent.body.contains(request_id))
            )
        ).scalars()
        (body,) = list(bodies)
    entry = json.loads(body)
    assert entry["action"] == "request_refused" and entry["code"] == "invalid-request"
    assert entry["fields_total"] >= INVALID
    assert len(entry["fields"]) == AUDIT_LIST_MAX
    assert all(field.startswith("body.household_ids.") for field in entry["fields"])
    assert len(body) < 8_000  # about 130 KB before (10,000 ids: 270 KB)


def test_texts_are_clipped_after_masking_and_lists_cut_with_their_count() -> None:
    id_number = "450105198706230312"
    long = id_number + "x" * (2 * AUDIT_TEXT_MAX)
    clipped = _clipped(long)
    assert len(clipped) == AUDIT_TEXT_MAX and clipped.endswith("…")
    fields = _bounded({"reason": long, "unknown": [id_number] * 60, "kept": ["a", "b"]})
    assert id_number not in json.dumps(fields)  # masked before it was cut
    assert len(fields["reason"]) == AUDIT_TEXT_MAX
    assert fields["unknown_total"] == 60 and len(fields["unknown"]) == AUDIT_LIST_MAX
    assert fields["kept"] == ["a", "b"] and "kept_total" not in fields
