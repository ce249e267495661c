"""An upheld appeal asks the household's support obligors again about its ``requery_scopes``
too, under their own consent while it is valid, and names them in ``appeal_requery`` before
any agency is asked; a consent that has expired leaves their earlier answers standing."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import select, update

from tests.verification.appeals.test_appeals_api import _file
from tests.verification.helpers import supported
from tests.verification.test_obligors import verified_with_her_tax_down
from verification.audit.models import AuditEvent
from verification.kit.masking import mask_id_number
from verification.verifications.models import ObligorSourceQuery, VerificationObligor


async def _upheld(api: Any, vid: str) -> dict[str, Any]:
    filed = await _file(
        api,
        vid,
        {
            "disputed": {"scopes": ["tax"], "figures": ["per_capita_monthly"]},
            "requery_scopes": ["tax"],
        },
    )
    assert filed.status_code == 201, filed.text
    decided = await api.http.post(
        f"/v1/appeals/{filed.json()['id']}/decision",
        json={"decision": "upheld", "reason_codes": ["requery_changed_answer"]},
        headers=api.auth(),
    )
    assert decided.status_code == 200, decided.text
    current = await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())
    assert current.status_code == 200 and current.json()["revision"] == 1
    return current.json()


async def _asked_again(api: Any, vid: str) -> list[tuple[int, str]]:
    async with api.sessions() as session:
        rows = await session.execute(
            select(ObligorSourceQuery.obligor_index, ObligorSourceQuery.scope).where(
                ObligorSourceQuery.verification_id == uuid.UUID(vid),
                ObligorSourceQuery.revision == 1,
            )
        )
        return sorted(tuple(row) for row in rows)


async def _events(api: Any, vid: str) -> list[dict[str, Any]]:
    """The verification's audit entries, in the log's order."""
    await api.drain()
    async with api.sessions() as session:
        rows = (await session.execute(select(AuditEvent).order_by(AuditEvent.seq))).scalars()
        return [json.loads(e.body) for e in rows if vid in e.body]


async def test_an_upheld_appeal_asks_the_obligor_again_and_records_it_first(api) -> None:
    report = await verified_with_her_tax_down(api)
    vid = report["id"]
    again = await _upheld(api, vid)
    # her income is known now: support counted, the household ineligible (as when the tax
    # agency answered at once: tests/verification/test_obligors.py)
    assert again["obligors"]["support_status"] == "capable"
    assert again["obligors"]["support_monthly"] == "525.01"
    assert again["outcome"] == "ineligible"
    assert await _asked_again(api, vid) == [(0, "tax")]

    events = await _events(api, vid)
    requery = next(e for e in events if e["action"] == "appeal_requery")
    daughter = supported("elderly_supported").obligors[0].person
    (obligor,) = requery["obligors"]
    assert obligor["obligor_index"] == 0 and obligor["scopes"] == ["tax"]
    assert obligor["authorization_id"] != report["authorization_id"]  # her own consent
    assert obligor["person_masked"] == mask_id_number(daughter.id_number)
    assert requery["pairs"] == ["0:tax"]  # the member's tax, asked again as before
    # recorded before the agency was asked about her
    asked = [
        i
        for i, e in enumerate(events)
        if e["action"] == "source_query" and e.get("subject") == "obligor" and e["revision"] == 1
    ]
    assert asked and events.index(requery) < min(asked)
    text = json.dumps(events, ensure_ascii=False)
    assert daughter.id_number not in text and daughter.name not in text


async def test_an_obligor_whose_consent_expired_is_not_asked_again(api) -> None:
    report = await verified_with_her_tax_down(api)
    vid = report["id"]
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(VerificationObligor)
            .where(VerificationObligor.verification_id == uuid.UUID(vid))
            .values(consent_expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
    again = await _upheld(api, vid)
    assert await _asked_again(api, vid) == []
    assert again["obligors"]["support_status"] == "not_assessable"  # her answer still missing
    requery = next(e for e in await _events(api, vid) if e["action"] == "appeal_requery")
    assert "obligors" not in requery and requery["pairs"] == ["0:tax"]
