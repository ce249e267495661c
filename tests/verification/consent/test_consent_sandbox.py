"""A sandbox client's authorization: its record is read from the sandbox's log, and the
family's openings of its link are audited there."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from sqlalchemy import select

from tests.verification.test_sandbox import (  # noqa: F401  (fixtures)
    Sandboxed,
    sandbox_mock,
    sandbox_settings,
    sb,
)
from verification.audit.models import PRODUCTION, SANDBOX, Stream


async def _opened(sb: Sandboxed, stream: Stream, authorization_id: str) -> int:  # noqa: F811
    events = stream.events
    async with sb.runtime.read_session_factory() as session:
        rows = await session.execute(
            select(events.seq).where(
                events.action == "consent_record_opened",
                events.authorization_id == authorization_id,
            )
        )
        return len(list(rows.scalars()))


async def test_a_sandbox_record_comes_from_the_sandbox_log(sb: Sandboxed) -> None:  # noqa: F811
    response = await sb.verify(sb.sandbox)
    assert response.status_code == 201, response.text
    authorization_id = response.json()["authorization_id"]
    uses = await sb.http.get(
        f"/v1/authorizations/{authorization_id}/uses", headers=sb.auth(sb.sandbox)
    )
    assert uses.status_code == 200, uses.text
    assert [u["purpose"] for u in uses.json()["uses"]] == ["first_verification"]
    assert uses.json()["uses"][0]["client"] == "vendor sandbox"
    production = await sb.http.get(
        f"/v1/authorizations/{authorization_id}/uses", headers=sb.auth(sb.production)
    )
    assert production.status_code == 404  # a production client never made a use of it

    link = await sb.http.post(
        f"/v1/authorizations/{authorization_id}/family-links",
        headers={**sb.auth(sb.sandbox), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert link.status_code == 201, link.text
    page = await sb.http.get(urlsplit(link.json()["url"]).path)
    assert page.status_code == 200 and page.json()["uses"][0]["purpose"] == "first_verification"
    await sb.runtime.drain()
    assert await _opened(sb, SANDBOX, authorization_id) == 1
    assert await _opened(sb, PRODUCTION, authorization_id) == 0
