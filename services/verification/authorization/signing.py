"""Issuer-side helpers: an Ed25519 key pair as JWKs, and signing an authorization.

The service itself only verifies; these serve the CLI (demo keys, demo
authorizations) and tests, and document exactly what an issuing office does.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from connectors.sdk.discovery import installed_sources


@dataclass(frozen=True)
class IssuerKeyPair:
    issuer: str
    kid: str
    private_jwk: dict[str, Any]

    @property
    def public_jwk(self) -> dict[str, Any]:
        return {k: v for k, v in self.private_jwk.items() if k in {"kty", "crv", "x"}}

    @classmethod
    def generate(cls, issuer: str, now: dt.datetime) -> IssuerKeyPair:
        private = Ed25519PrivateKey.generate()
        jwk = json.loads(OKPAlgorithm.to_jwk(private))
        kid = f"{issuer}-{now:%Y%m%d}-{secrets.token_hex(3)}"
        return cls(issuer=issuer, kid=kid, private_jwk=jwk)

    def to_json(self) -> str:
        return json.dumps(
            {"issuer": self.issuer, "kid": self.kid, "jwk": self.private_jwk}, indent=2
        )

    @classmethod
    def from_json(cls, text: str) -> IssuerKeyPair:
        raw = json.loads(text)
        return cls(issuer=raw["issuer"], kid=raw["kid"], private_jwk=raw["jwk"])

    def sign(self, payload: dict[str, Any]) -> str:
        key = jwt.PyJWK.from_dict(self.private_jwk).key
        return jwt.encode(payload, key, algorithm="EdDSA", headers={"kid": self.kid})


def authorization_payload(
    *,
    issuer: str,
    region_code: str,
    area: str,
    members: list[dict[str, Any]],
    now: dt.datetime,
    valid_days: int = 365,
    purpose: str = "dibao_application",
    scopes: list[str] | None = None,
    authorization_id: str | None = None,
) -> dict[str, Any]:
    issued = int(now.timestamp())
    return {
        "authorization_id": authorization_id or f"auth-{secrets.token_hex(12)}",
        "issuer": issuer,
        "purpose": purpose,
        "region_code": region_code,
        "area": area,
        "members": members,
        "scopes": scopes or list(installed_sources().scopes),
        "iat": issued,
        "nbf": issued,
        "exp": issued + valid_days * 86400,
    }


def obligor_consent_payload(
    *,
    issuer: str,
    supports_authorization_id: str,
    obligor: dict[str, Any],
    now: dt.datetime,
    valid_days: int = 365,
    scopes: list[str] | None = None,
    authorization_id: str | None = None,
) -> dict[str, Any]:
    """The payload of a support obligor's own consent (``authorization/obligor_consent.py``):
    ``obligor`` is ``{id_number, name, relation, consented}``; it supports the household's
    authorization ``supports_authorization_id``."""
    issued = int(now.timestamp())
    return {
        "kind": "obligor_consent",
        "authorization_id": authorization_id or f"obligor-{secrets.token_hex(12)}",
        "issuer": issuer,
        "supports_authorization_id": supports_authorization_id,
        "obligor": obligor,
        "scopes": scopes or list(installed_sources().scopes),
        "iat": issued,
        "nbf": issued,
        "exp": issued + valid_days * 86400,
    }
