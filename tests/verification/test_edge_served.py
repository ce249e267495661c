"""Issue #15's edge cases against the real server, as a caller meets them: ``verification
serve`` in a subprocess (SQLite, or PostgreSQL when the suite runs there), plain httpx.

Each was a 500 (or, for a NUL on SQLite, stored) before; each is now a 4xx problem.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.verification.helpers import raw_jws, scenario_payload
from tests.verification.served import Served, serve
from verification.authorization.signing import IssuerKeyPair
from verification.batches.schemas import MAX_EXPLICIT
from verification.db import utcnow

NUL = "\x00"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("edge")) as running:
        yield running


def _now(hours: int = 0) -> int:
    return int((dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)).timestamp())


def _jws(served: Served, header: dict[str, Any] | None = None, **claims: Any) -> str:
    key = served.issuer_key
    full = {"alg": "EdDSA", "kid": key.kid, **(header or {})}
    return raw_jws(key, full, scenario_payload(key, "eligible", **claims))


AUTHORIZATIONS: dict[str, tuple[dict[str, Any], dict[str, Any], int, str]] = {
    # case → (header members, claims, status, code)
    "kid a number": ({"kid": 7}, {}, 400, "malformed-authorization"),
    "kid null": ({"kid": None}, {}, 400, "malformed-authorization"),
    "crit": ({"crit": ["b64"], "b64": True}, {}, 400, "unsupported-critical-header"),
    "exp 10^30": ({}, {"exp": 10**30}, 400, "malformed-authorization"),
    "exp in the year 10000": ({}, {"exp": 253402300800}, 400, "malformed-authorization"),
    "iat negative": ({}, {"iat": -1}, 400, "malformed-authorization"),
    "iat in the future": ({}, {"iat": _now(6)}, 422, "issued-in-future"),
    "valid for 400 days": ({}, {"exp": _now(24 * 400)}, 422, "lifetime-too-long"),
    "NUL in the kid": ({"kid": f"k{NUL}"}, {}, 422, "nul-character"),
    "NUL in the authorization id": (
        {},
        {"authorization_id": f"a{NUL}bcdefgh"},
        422,
        "nul-character",
    ),
}


@pytest.mark.parametrize("case", sorted(AUTHORIZATIONS))
def test_an_authorization_out_of_bounds_is_a_4xx(served: Served, case: str) -> None:
    header, claims, status, code = AUTHORIZATIONS[case]
    response = httpx.post(
        f"{served.url}/v1/verifications",
        json={"authorization": _jws(served, header, **claims)},
        headers=served.auth("case_system"),
        timeout=30,
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("role", "method", "path", "arguments"),
    [
        ("admin", "POST", "/v1/clients", {"json": {"name": f"ops{NUL}", "role": "auditor"}}),
        (
            "admin",
            "POST",
            "/v1/issuers/450199002/keys",
            {
                "json": {
                    "kid": "edge-k1",
                    "jwk": IssuerKeyPair.generate("450199002", utcnow()).public_jwk,
                    "issuer_name": f"测试{NUL}",
                }
            },
        ),
        ("auditor", "GET", "/v1/audit/events", {"params": {"authorization_id": f"a{NUL}"}}),
        ("auditor", "GET", "/v1/audit/events", {"params": {"action": f"x{NUL}"}}),
        ("admin", "POST", "/v1/issuers/45%00/keys/k1/revoke", {"json": {"reason": "lost"}}),
    ],
)
def test_a_nul_is_a_422(served: Served, role: str, method: str, path: str, arguments) -> None:
    response = httpx.request(
        method, f"{served.url}{path}", headers=served.auth(role), timeout=30, **arguments
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "nul-character"


def test_the_batch_maximum_goes_through_http(served: Served) -> None:
    ids = [str(uuid.uuid4()) for _ in range(MAX_EXPLICIT)]
    body = json.dumps({"household_ids": ids}, indent=2).encode()
    response = httpx.post(
        f"{served.url}/v1/batches",
        content=body,
        headers={**served.auth("case_system"), "Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 404, response.text  # read, validated, none enrolled
    assert response.json()["code"] == "unknown-households"


def test_a_405_names_every_method_of_the_path(served: Served) -> None:
    household = httpx.put(
        f"{served.url}/v1/households/{uuid.uuid4()}", headers=served.auth("case_system")
    )
    assert household.status_code == 405
    assert household.headers["allow"] == "GET, PATCH"
    due = httpx.patch(f"{served.url}/v1/households/due", headers=served.auth("case_system"))
    assert due.status_code == 405
    assert due.headers["allow"] == "GET"
