"""Support obligors outside the household, end to end through the API and the real mock
agencies: each named with their own signed consent, queried through the same sources under
it, assessed by the policy's (example) values and shown in the report's own section.

Figures by hand (WIRE.md, "Support obligors"): 南宁 rural standard 208.33 a month; an
obligor is able to support above 2 × 208.33 × their household size; 30 % of the excess
counts as the household's support income.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, ClassVar

import pytest
from sqlalchemy import func, select

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import SourceResult, SourceStatus
from tests.verification.helpers import (
    household_payload as _household_payload,
)
from tests.verification.helpers import (
    obligor_consent as _consent,
)
from tests.verification.helpers import (
    scenario_payload,
    supported_body,
)
from tests.verification.helpers import (
    supported as _supported,
)
from verification.audit.models import AuditEvent
from verification.authorization.models import AuthorizationRecord
from verification.kit.masking import mask_id_number
from verification.verifications.models import (
    ObligorSourceQuery,
    SourceQuery,
    Verification,
    VerificationMember,
    VerificationObligor,
)

STORED = (
    Verification,
    VerificationMember,
    SourceQuery,
    AuthorizationRecord,
    VerificationObligor,
    ObligorSourceQuery,
)


async def _audit_events(api: Any) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = (await session.execute(select(AuditEvent).order_by(AuditEvent.seq))).scalars()
        return [json.loads(row.body) for row in rows]


async def test_a_daughter_earning_well_makes_her_mother_ineligible(api) -> None:
    supported = _supported("elderly_supported")
    response = await api.http.post(
        "/v1/verifications", json=supported_body(api, "elderly_supported"), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["outcome"] == "ineligible" == supported.household.expected_outcome.value
    # line 2 × 208.33 × 3 = 1249.98; excess 3000.00 − 1249.98 = 1750.02;
    # 1750.02 × 12 × 0.30 = 6300.072 over the window; ÷ 12 = 525.006 → 525.01
    section = report["obligors"]
    assert section["support_monthly"] == "525.01"
    assert section["support_status"] == "capable"
    (daughter,) = section["obligors"]
    person = supported.obligors[0].person
    assert daughter == {
        **daughter,
        "index": 0,
        "relation": "adult_child",
        "id_number_masked": mask_id_number(person.id_number),
        "household_size": 3,
        "assessed": True,
        "income_monthly": "3000.00",
        "line_monthly": "1249.98",
        "excess_monthly": "1750.02",
        "capable": True,
        "support_monthly": "525.01",
        "status": "active",
    }
    assert {s["status"] for s in daughter["sources"]} <= {"ok", "not_found"}
    installed = len(api.runtime.sources(sandbox=False))
    assert len(daughter["sources"]) == installed
    # never a member: one member, her sources are not the household's
    assert report["household_size"] == 1 and len(report["members"]) == 1
    assert {s["member_index"] for s in report["sources"]} == {0}
    assert len(report["sources"]) == installed
    assert report["income"]["per_capita_monthly"] == "525.01"
    rule = next(r for r in report["rules"] if r["rule"] == "obligor_support_assessed")
    assert rule["result"] == "passed" and rule["figures"] == {"support_monthly": "525.01"}
    failed = {r["rule"] for r in report["rules"] if r["result"] == "failed"}
    assert failed == {"income_below_standard"}
    assert person.id_number not in response.text and person.name not in response.text

    # audited under her own consent, by blind index and masked ID: never her ID or name
    events = await _audit_events(api)
    mine = [e for e in events if e.get("verification_id") == report["id"]]
    queries = [e for e in mine if e.get("subject") == "obligor"]
    assert {e["scope"] for e in queries} == {s["scope"] for s in daughter["sources"]}
    assert all(e["authorization_id"] != report["authorization_id"] for e in queries)
    assert all(e["supports_authorization_id"] == report["authorization_id"] for e in queries)
    assert all(e["person_masked"] == mask_id_number(person.id_number) for e in queries)
    accepted = next(e for e in mine if e["action"] == "authorization_accepted")
    assert accepted["obligors"][0]["relation"] == "adult_child"
    text = json.dumps(mine, ensure_ascii=False)
    assert person.id_number not in text and person.name not in text

    english = await api.http.get(
        f"/v1/verifications/{report['id']}", params={"lang": "en"}, headers=api.auth()
    )
    assert "able to support" in english.json()["obligors"]["statement"]["text"]


async def test_a_daughter_without_capacity_counts_nothing_and_the_report_says_so(api) -> None:
    response = await api.http.post(
        "/v1/verifications",
        json=supported_body(api, "elderly_no_capable_obligor"),
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["outcome"] == "eligible"
    assert report["suggested_allowance_monthly"] == "208.33"
    section = report["obligors"]
    assert section["support_status"] == "none_capable"
    # line 2 × 208.33 × 2 = 833.32 > 600.00
    (daughter,) = section["obligors"]
    assert (daughter["line_monthly"], daughter["capable"], daughter["support_monthly"]) == (
        "833.32",
        False,
        "0.00",
    )
    assert "三无" in section["statement"]["text"]


async def test_a_request_without_obligors_has_no_obligors_section(api) -> None:
    payload = scenario_payload(api.issuer_key, "eligible")
    response = await api.http.post(
        "/v1/verifications",
        json={"authorization": api.issuer_key.sign(payload)},
        headers=api.auth(),
    )
    assert response.status_code == 201
    assert response.json()["obligors"] is None


def _hour(hours: int) -> int:
    return int((dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)).timestamp())


def _refused(change: str):
    def build(api: Any) -> dict[str, Any]:
        supported = _supported("elderly_supported")
        household = _household_payload(api, supported)
        member = supported.household.members[0]
        obligor = supported.obligors[0].person
        person = {"id_number": obligor.id_number, "name": obligor.name, "relation": "adult_child"}
        supports = household["authorization_id"]
        consents = {
            "member": lambda: [
                _consent(
                    api,
                    supports,
                    {"id_number": member.id_number, "name": member.name, "relation": "parent"},
                )
            ],
            "unbound": lambda: [_consent(api, "auth-another-household", person)],
            "not consented": lambda: [
                _consent(api, supports, person, obligor={**person, "consented": False})
            ],
            "expired": lambda: [_consent(api, supports, person, nbf=_hour(-48), exp=_hour(-24))],
            "twice": lambda: [_consent(api, supports, person), _consent(api, supports, person)],
            "relation outside the vocabulary": lambda: [
                _consent(api, supports, {**person, "relation": "neighbour"})
            ],
            "a household authorization": lambda: [api.issuer_key.sign(household)],
        }
        return {
            "authorization": api.issuer_key.sign(household),
            "obligors": [{"authorization": c} for c in consents[change]()],
        }

    return build


REFUSALS = {
    "member": "obligor-is-member",
    "unbound": "obligor-consent-unbound",
    "not consented": "obligor-consent-invalid",
    "expired": "obligor-consent-invalid",
    "twice": "obligor-listed-twice",
    "relation outside the vocabulary": "obligor-consent-invalid",
    "a household authorization": "obligor-consent-invalid",
}


async def _counts(api: Any) -> dict[str, int]:
    await api.drain()
    async with api.sessions() as session:
        counts = {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in STORED
        }
        counts["audit"] = await session.scalar(select(func.count()).select_from(AuditEvent))
    return counts


@pytest.mark.parametrize("case", sorted(REFUSALS))
async def test_an_obligor_refusal_is_a_problem_audited_and_stores_nothing(api, case) -> None:
    body = _refused(case)(api)
    before = await _counts(api)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == REFUSALS[case]
    assert problem["type"].endswith("/" + REFUSALS[case])
    assert "obligor_index" in problem
    after = await _counts(api)
    assert after == {**before, "audit": before["audit"] + 1}
    event = (await _audit_events(api))[-1]
    assert event["code"] == REFUSALS[case]
    assert event["action"] == "authorization_refused"
    assert "obligor_index" in event
    supported = _supported("elderly_supported")
    text = json.dumps(event, ensure_ascii=False) + response.text
    for person in (*supported.household.members, supported.obligors[0].person):
        assert person.id_number not in text and person.name not in text


class TaxDownFor:
    """The tax source unavailable for one person (by ID number), the real one for others."""

    scope: ClassVar[str] = "tax"

    def __init__(self, real: Any, id_number: str) -> None:
        self.real, self.id_number, self.calls = real, id_number, 0

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        if person.id_number != self.id_number:
            return await self.real.query(person, context)
        self.calls += 1
        return SourceResult(
            "tax",
            SourceStatus.UNAVAILABLE,
            reason="HTTP 503; gave up",
            attempts=3,
            reason_code=ReasonCode.GAVE_UP,
            reason_params={"attempts": 3, "cause": "http_503"},
        )

    async def aclose(self) -> None:
        return None


async def verified_with_her_tax_down(api: Any) -> dict[str, Any]:
    """``elderly_supported``'s verification whose tax agency could not answer about the
    daughter, the obligor (asked once); the report."""
    daughter = _supported("elderly_supported").obligors[0].person
    real = api.runtime.connectors["tax"]
    down = TaxDownFor(real, daughter.id_number)
    api.runtime.connectors["tax"] = down
    try:
        created = await api.http.post(
            "/v1/verifications", json=supported_body(api, "elderly_supported"), headers=api.auth()
        )
    finally:
        api.runtime.connectors["tax"] = real
    assert created.status_code == 201, created.text
    assert down.calls == 1
    report = created.json()
    # her income is not known: her support is not assessable, so neither is the household
    assert report["outcome"] == "review_required"
    assert report["obligors"]["support_status"] == "not_assessable"
    return report


async def test_an_obligors_failed_source_is_stored_encrypted_and_asked_again_on_retry(
    api,
) -> None:
    daughter = _supported("elderly_supported").obligors[0].person
    report = await verified_with_her_tax_down(api)
    rule = next(r for r in report["rules"] if r["rule"] == "obligor_support_assessed")
    assert rule["result"] == "not_assessable"

    async with api.sessions() as session:
        stored = (
            (
                await session.execute(
                    select(VerificationObligor).where(
                        VerificationObligor.verification_id == uuid.UUID(report["id"])
                    )
                )
            )
            .scalars()
            .all()
        )
        answers = await session.scalar(
            select(func.count())
            .select_from(ObligorSourceQuery)
            .where(ObligorSourceQuery.verification_id == uuid.UUID(report["id"]))
        )
    (row,) = stored
    assert row.relation == "adult_child" and row.household_size == 3
    assert daughter.id_number not in row.id_number_enc and daughter.name not in row.name_enc
    assert answers == len(report["sources"]) == len(api.runtime.sources(sandbox=False))

    retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    again = retried.json()
    assert again["revision"] == 1
    assert again["outcome"] == "ineligible"
    assert again["obligors"]["support_monthly"] == "525.01"
    async with api.sessions() as session:
        revisions = (
            await session.execute(
                select(ObligorSourceQuery.revision, ObligorSourceQuery.scope).where(
                    ObligorSourceQuery.verification_id == uuid.UUID(report["id"]),
                    ObligorSourceQuery.revision == 1,
                )
            )
        ).all()
    assert revisions == [(1, "tax")]  # only her failed source was asked again
    # recorded before the agency was asked about her again: the retry's entry names her
    events = [e for e in await _audit_events(api) if e.get("verification_id") == report["id"]]
    retried_event = next(e for e in events if e["action"] == "verification_retried")
    assert retried_event["pairs"] == []  # no member's source failed
    (obligor,) = retried_event["obligors"]
    assert obligor["obligor_index"] == 0 and obligor["scopes"] == ["tax"]
    assert obligor["authorization_id"] != report["authorization_id"]  # her own consent
    assert obligor["person_masked"] == mask_id_number(daughter.id_number)
    asked = [
        i
        for i, e in enumerate(events)
        if e["action"] == "source_query" and e.get("subject") == "obligor" and e["revision"] == 1
    ]
    assert asked and events.index(retried_event) < min(asked)
