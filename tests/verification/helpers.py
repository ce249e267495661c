"""Test helpers: request bodies for scenario households, and a counting connector wrapper."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import jwt

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.evidence import SourceResult
from mock_sources.scenarios import household
from verification.authorization.signing import IssuerKeyPair, authorization_payload


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
