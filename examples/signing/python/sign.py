"""Sign a 授权核对委托书 (the authorization) as an issuing office does: Python, with PyJWT.

    python sign.py --key issuer-key.json --household ../household.json [--valid-days 30]

prints the compact JWS (header.payload.signature) on standard output.

``--key`` is the office's key file as ``verification keys create-issuer`` writes it:
``{"issuer": "450102001", "kid": "…", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": "…",
"d": "…"}}`` (the private key as a JWK, RFC 8037). ``--household`` holds the case's part of
the payload: ``purpose``, ``region_code``, ``area``, ``members`` and ``scopes``; this script
adds ``authorization_id``, ``issuer`` and the times ``iat``, ``nbf``, ``exp``.

Needs PyJWT with its crypto extra (``pip install "pyjwt[crypto]"``). Contract:
openapi/authorization.schema.json; guide: docs/integrators/signing-authorizations.md.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt

SECONDS_PER_DAY = 86_400


def build_payload(issuer: str, household: dict[str, Any], valid_days: int) -> dict[str, Any]:
    now = int(time.time())  # a NumericDate: whole seconds since the epoch, UTC
    return {
        # unique per authorization, never an ID number: a UUID after a prefix
        "authorization_id": f"auth-{uuid.uuid4()}",
        "issuer": issuer,
        "purpose": household["purpose"],
        "region_code": household["region_code"],
        "area": household["area"],
        "members": household["members"],
        "scopes": household["scopes"],
        "iat": now,
        "nbf": now,
        "exp": now + valid_days * SECONDS_PER_DAY,
    }


def sign(key_file: dict[str, Any], payload: dict[str, Any]) -> str:
    private_key = jwt.PyJWK.from_dict(key_file["jwk"], algorithm="EdDSA").key
    # header: {"alg": "EdDSA", "kid": …} (PyJWT adds "typ": "JWT", which is ignored)
    return jwt.encode(payload, private_key, algorithm="EdDSA", headers={"kid": key_file["kid"]})


def main() -> None:
    parser = argparse.ArgumentParser(description="Sign a 授权核对委托书 (compact JWS, EdDSA)")
    parser.add_argument("--key", type=Path, required=True, help="the office's key file (JSON)")
    parser.add_argument("--household", type=Path, required=True, help="the case (JSON)")
    parser.add_argument("--valid-days", type=int, default=30, help="validity from now (days)")
    args = parser.parse_args()
    key_file = json.loads(args.key.read_text(encoding="utf-8"))
    household = json.loads(args.household.read_text(encoding="utf-8"))
    print(sign(key_file, build_payload(key_file["issuer"], household, args.valid_days)))


if __name__ == "__main__":
    main()
