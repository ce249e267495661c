"""An obligor's agency that answers later (``pending``): the report says the answer is
awaited from the agency and not collected automatically (not "unavailable"), the
verification is not held awaiting it, and a retry asks that source again (ADR 0015)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import select

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import SourceResult, SourceStatus, Ticket
from tests.verification.helpers import supported, supported_body
from verification.verifications.models import ObligorSourceQuery


class TaxLaterFor:
    """The tax agency accepting the query about one person and answering later."""

    scope: ClassVar[str] = "tax"

    def __init__(self, real: Any, id_number: str) -> None:
        self.real, self.id_number, self.calls = real, id_number, 0

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        if person.id_number != self.id_number:
            return await self.real.query(person, context)
        self.calls += 1
        return SourceResult(
            "tax",
            SourceStatus.PENDING,
            reason="accepted; answers later",
            attempts=1,
            reason_code=ReasonCode.PENDING,
            reason_params={"reference": "T-0001"},
            ticket=Ticket("T-0001", dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)),
        )

    async def aclose(self) -> None:
        return None


async def test_an_obligors_later_answer_is_said_awaited_and_a_retry_asks_again(api) -> None:
    daughter = supported("elderly_supported").obligors[0].person
    real = api.runtime.connectors["tax"]
    later = TaxLaterFor(real, daughter.id_number)
    api.runtime.connectors["tax"] = later
    try:
        created = await api.http.post(
            "/v1/verifications", json=supported_body(api, "elderly_supported"), headers=api.auth()
        )
    finally:
        api.runtime.connectors["tax"] = real
    assert created.status_code == 201, created.text
    report = created.json()
    assert later.calls == 1
    # not held awaiting the obligor's agency: completed, not assessable, and it says why
    assert report["status"] == "completed"
    assert report["outcome"] == "review_required"
    (obligor,) = report["obligors"]["obligors"]
    tax = next(s for s in obligor["sources"] if s["scope"] == "tax")
    assert tax["status"] == "pending"
    rule = next(r for r in report["rules"] if r["rule"] == "obligor_support_assessed")
    assert rule["result"] == "not_assessable"
    assert "稍后答复" in rule["detail"] and "重新核对" in rule["detail"]
    english = await api.http.get(
        f"/v1/verifications/{report['id']}", params={"lang": "en"}, headers=api.auth()
    )
    rule_en = next(r for r in english.json()["rules"] if r["rule"] == "obligor_support_assessed")
    assert "answers later" in rule_en["detail"] and "not collected" in rule_en["detail"]

    # a retry asks her tax source again, and only it
    retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    again = retried.json()
    assert again["outcome"] == "ineligible"
    assert again["obligors"]["support_monthly"] == "525.01"
    async with api.sessions() as session:
        asked = (
            (
                await session.execute(
                    select(ObligorSourceQuery.scope).where(
                        ObligorSourceQuery.verification_id == uuid.UUID(report["id"]),
                        ObligorSourceQuery.revision == 1,
                    )
                )
            )
            .scalars()
            .all()
        )
    assert asked == ["tax"]
