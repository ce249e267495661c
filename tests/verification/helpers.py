"""Test helpers: request bodies for scenario households, and a counting connector wrapper."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.evidence import SourceResult
from mock_sources.scenarios import household
from verification.authorization.signing import IssuerKeyPair, authorization_payload
from verification.kit.business_date import DEFAULT_ZONE, business_date

BEIJING = ZoneInfo(DEFAULT_ZONE)


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
