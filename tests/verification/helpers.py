"""Test helpers: request bodies for scenario households, and a counting connector wrapper."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
from typing import Any
from zoneinfo import ZoneInfo

import jwt
from sqlalchemy import select

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import SourceResult, SourceStatus
from mock_sources.records import HukouStatus, PersonRecords
from mock_sources.scenarios import HOUSEHOLDS, SUPPORTED, SupportedHousehold, household
from mock_sources.synthetic import synthetic_records
from social_insurance_source.mock import insured_record
from verification.audit.models import AuditEvent, SandboxAuditEvent
from verification.authorization.issuer_keys import register_key
from verification.authorization.signing import (
    IssuerKeyPair,
    authorization_payload,
    obligor_consent_payload,
)
from verification.batches.models import BatchItem
from verification.db import utcnow
from verification.kit.business_date import DEFAULT_ZONE, business_date
from verification.kit.id_number import check_character

BEIJING = ZoneInfo(DEFAULT_ZONE)


async def integrated_report(api: Any, report: dict[str, Any]) -> dict[str, Any]:
    """``report`` as a GET returns it once its audit entry is integrated (the POST answers
    before: ``audit.status`` pending, no ``seq``): the log drained, the report read again
    (``api``: the suite's ``tests.conftest.Api``)."""
    audit = report["audit"]
    assert (audit["status"], audit["seq"], audit["leaf_hash"]) == ("pending", None, None)
    assert isinstance(audit["entry"], int)
    await api.drain()
    response = await api.http.get(f"/v1/verifications/{report['id']}", headers=api.auth())
    assert response.status_code == 200, response.text
    again: dict[str, Any] = response.json()
    assert again["audit"]["status"] == "integrated" and again["audit"]["seq"] > 0
    assert again["audit"]["entry"] == audit["entry"]
    return again


async def entries_of(
    api: Any, request_id: str, *, model: type[AuditEvent | SandboxAuditEvent] = AuditEvent
) -> list[dict[str, Any]]:
    """The audit entries one request (``request_id``, as a problem or the ``X-Request-ID``
    header gives it) recorded, in the log's order, once integrated into the log of
    ``model``."""
    await api.drain()
    async with api.sessions() as session:
        bodies = (
            await session.scalars(
                select(model.body).where(model.body.contains(request_id)).order_by(model.seq)
            )
        ).all()
    return [e for e in map(json.loads, bodies) if e.get("request_id") == request_id]


async def entry_of(
    api: Any, request_id: str, *, model: type[AuditEvent | SandboxAuditEvent] = AuditEvent
) -> dict[str, Any]:
    """The one audit entry of the request ``request_id`` — never "the log's last entry":
    background work of the suite's shared database (another test's batch, a poll) may have
    followed it."""
    entries = await entries_of(api, request_id, model=model)
    assert len(entries) == 1, entries
    return entries[0]


async def stored_item(api: Any, batch_id: Any, household_id: Any) -> BatchItem:
    """The batch item of ``household_id`` in batch ``batch_id`` as stored now."""
    async with api.sessions() as session:
        item: BatchItem = (
            await session.execute(
                select(BatchItem).where(
                    BatchItem.batch_id == batch_id, BatchItem.household_id == household_id
                )
            )
        ).scalar_one()
    return item


def business_today() -> dt.date:
    """Today in Beijing: the business date the service (default time zone) gives now."""
    return business_date(dt.datetime.now(dt.UTC), BEIJING)


def scenario_members(name: str) -> list[dict[str, Any]]:
    found = household(name)
    assert found is not None, name
    return [
        {"id_number": m.id_number, "name": m.name, "relation": m.relation.value, "consented": True}
        for m in found.members
    ]


def scenario_payload(key: IssuerKeyPair, name: str, **overrides: Any) -> dict[str, Any]:
    payload = authorization_payload(
        issuer=key.issuer,
        region_code="450102",
        area="rural",
        members=scenario_members(name),
        now=dt.datetime.now(dt.UTC),
    )
    payload.update(overrides)
    return payload


def scenario_body(key: IssuerKeyPair, name: str, **overrides: Any) -> dict[str, Any]:
    return {"authorization": key.sign(scenario_payload(key, name, **overrides))}


_SCENARIO_IDS = frozenset(m.id_number for h in HOUSEHOLDS for m in h.members)
_SERIAL = itertools.count()  # shared by every fresh person of this process: none repeats
_ADULTS_BORN_FROM = dt.date(1970, 1, 1)
_CHILDREN_BORN_FROM = dt.date(2010, 1, 1)


def _nothing_on_record(records: PersonRecords) -> bool:
    return (
        records.hukou is not None
        and records.hukou.status is HukouStatus.ACTIVE
        and not records.tax
        and records.bank is None
        and not records.vehicles
        and not records.properties
        and records.provident_fund is None
        and records.securities is None
        and not records.insurance
        and not records.market_entities
    )


def fresh_id_number(*, child: bool = False) -> str:
    """A valid ID number (region 450102) no other call of this process returns, of a person
    the mock agencies know only from their synthetic generator: registered and alive, with
    no income, deposits, vehicles or property on record."""
    born_from = _CHILDREN_BORN_FROM if child else _ADULTS_BORN_FROM
    while True:
        serial = next(_SERIAL)
        born = born_from + dt.timedelta(days=serial // 1000)
        first17 = f"450102{born:%Y%m%d}{serial % 1000:03d}"
        id_number = first17 + check_character(first17)
        if (
            id_number not in _SCENARIO_IDS
            and _nothing_on_record(synthetic_records(id_number))
            and insured_record(id_number) is None
        ):
            return id_number


def fresh_members() -> list[dict[str, Any]]:
    """A household no other test uses — two adults and a child with nothing on record, so
    it is ``eligible`` (allowance: the standard x 3) — as authorization members."""
    return [
        {"id_number": fresh_id_number(), "name": "覃测甲", "relation": "self", "consented": True},
        {"id_number": fresh_id_number(), "name": "蒙测乙", "relation": "spouse", "consented": True},
        {
            "id_number": fresh_id_number(child=True),
            "name": "覃测丙",
            "relation": "child",
            "consented": True,
        },
    ]


def fresh_body(key: IssuerKeyPair, **overrides: Any) -> dict[str, Any]:
    """A signed request for a household of ``fresh_members()`` (``members`` overrides)."""
    overrides.setdefault("members", fresh_members())
    return scenario_body(key, "eligible", **overrides)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def raw_jws(key: IssuerKeyPair, header: dict[str, Any], payload: dict[str, Any]) -> str:
    """A compact JWS signed with ``key``, header and claims exactly as given (PyJWT's
    encode would refuse some of them)."""
    private_key = jwt.PyJWK.from_dict(key.private_jwk).key
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{_b64(private_key.sign(signing_input.encode()))}"


class Counting:
    """Wraps a connector and counts the queries that reach it."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, 0

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        self.calls += 1
        result: SourceResult = await self.inner.query(person, context)
        return result

    async def aclose(self) -> None:
        return None


async def registered_key(api: Any, issuer: str = "450102001") -> IssuerKeyPair:
    """A new signing key of ``issuer``, registered as the admin API would."""
    pair = IssuerKeyPair.generate(issuer, utcnow())
    async with api.sessions() as session, session.begin():
        await register_key(
            session,
            issuer_code=issuer,
            issuer_name="test office",
            kid=pair.kid,
            jwk=pair.public_jwk,
            actor="test",
        )
    return pair


# ---- support obligors (mock_sources.scenarios.SUPPORTED) -----------------------------------


def supported(name: str) -> SupportedHousehold:
    return next(s for s in SUPPORTED if s.household.name == name)


def household_payload(api: Any, supported: SupportedHousehold) -> dict[str, Any]:
    return authorization_payload(
        issuer=api.issuer_key.issuer,
        region_code=supported.household.region,
        area=supported.household.area,
        members=[
            {
                "id_number": m.id_number,
                "name": m.name,
                "relation": m.relation.value,
                "consented": True,
            }
            for m in supported.household.members
        ],
        now=dt.datetime.now(dt.UTC),
    )


def obligor_consent(api: Any, supports: str, person: dict[str, Any], **overrides: Any) -> str:
    payload = obligor_consent_payload(
        issuer=api.issuer_key.issuer,
        supports_authorization_id=supports,
        obligor={"consented": True, **person},
        now=dt.datetime.now(dt.UTC),
    )
    payload.update(overrides)
    return api.issuer_key.sign(payload)


def supported_body(api: Any, name: str) -> dict[str, Any]:
    """A signed request for a ``SUPPORTED`` scenario household with each obligor's own
    consent for it."""
    found = supported(name)
    household = household_payload(api, found)
    return {
        "authorization": api.issuer_key.sign(household),
        "obligors": [
            {
                "authorization": obligor_consent(
                    api,
                    household["authorization_id"],
                    {
                        "id_number": o.person.id_number,
                        "name": o.person.name,
                        "relation": o.relation,
                    },
                ),
                "household_size": o.household_size,
            }
            for o in found.obligors
        ],
    }


class BankDown:
    """The bank does not answer: the report is ``review_required``, and a retry makes its
    next revision."""

    scope = "bank"

    def __init__(self) -> None:
        self.calls = 0

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        self.calls += 1
        return SourceResult(
            "bank",
            SourceStatus.UNAVAILABLE,
            reason="HTTP 503; gave up",
            attempts=3,
            reason_code=ReasonCode.GAVE_UP,
            reason_params={"attempts": 3, "cause": "http_503"},
        )

    async def aclose(self) -> None:
        return None


async def bank_down_verification(api: Any) -> dict[str, Any]:
    """A new verification whose bank did not answer (``BankDown``; revision 0,
    ``review_required``): the POST's answer.  ``api``: the suite's ``tests.conftest.Api``."""
    real = dict(api.runtime.connectors)
    api.runtime.connectors["bank"] = BankDown()
    try:
        first = await api.http.post(
            "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
        )
    finally:
        api.runtime.connectors.update(real)
    assert first.status_code == 201, first.text
    report: dict[str, Any] = first.json()
    return report
