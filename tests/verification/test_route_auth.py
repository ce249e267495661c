"""Every /v1 route refuses callers without a valid token of an admitted role.

The routes come from the app itself and each route's admitted roles from its
``require_role`` dependencies, so a route added later is checked without
touching this file.
"""

from __future__ import annotations

import httpx
import pytest

from tests.verification.helpers import scenario_body
from tests.verification.route_access import api_routes, example_path, new_client, route_roles
from verification.app import create_app
from verification.clients.models import Role


@pytest.fixture(scope="module")
async def tokens(api) -> dict[str, str]:
    """A valid and a revoked token of each role."""
    found: dict[str, str] = {}
    for role in Role:
        found[role.value] = (await new_client(api.runtime, role))[1]
        found[f"revoked {role.value}"] = (await new_client(api.runtime, role, revoked=True))[1]
    return found


def _routes(api) -> list:
    routes = api_routes(create_app(api.settings))
    assert len(routes) >= 10, "the route enumeration found too little"
    return routes


# a valid body for the routes that need one, so that the check reaches the resource: a
# missing body is a 422 before the route looks the verification up
_BODIES = {
    ("POST", "/v1/verifications/{verification_id}/appeals"): {"disputed": {"scopes": ["bank"]}}
}


async def _calls(api, route, path: str, headers: dict[str, str]) -> list[httpx.Response]:
    return [
        await api.http.request(
            method, path, headers=headers, json=_BODIES.get((method, route.path))
        )
        for method in sorted(route.methods)
    ]


async def test_every_v1_route_requires_a_role(api) -> None:
    unguarded = [f"{sorted(r.methods)} {r.path}" for r in _routes(api) if not route_roles(r)]
    assert unguarded == []


async def test_every_v1_route_refuses_missing_wrong_and_revoked_tokens(api, tokens) -> None:
    failures = []
    for route in _routes(api):
        roles = route_roles(route)
        assert roles, route.path
        path = example_path(route)
        attempts = {
            "no token": ({}, 401),
            "not a bearer token": ({"Authorization": f"Basic {tokens['admin']}"}, 401),
            "unknown token": ({"Authorization": "Bearer vt_not-a-token"}, 401),
            **{
                f"revoked {role.value}": (
                    {"Authorization": f"Bearer {tokens[f'revoked {role.value}']}"},
                    401,
                )
                for role in Role
            },
            **{
                f"wrong role {role.value}": (
                    {"Authorization": f"Bearer {tokens[role.value]}"},
                    403,
                )
                for role in Role
                if role not in roles
            },
        }
        for name, (headers, expected) in attempts.items():
            for response in await _calls(api, route, path, headers):
                problem = response.json()
                if (
                    response.status_code != expected
                    or response.headers["content-type"] != "application/problem+json"
                    or problem.get("status") != expected
                ):
                    failures.append(
                        f"{response.request.method} {route.path} {name}: "
                        f"{response.status_code} {problem.get('code')}"
                    )
                elif expected == 401:
                    assert response.headers["www-authenticate"] == "Bearer"
    assert failures == []


async def test_a_case_system_cannot_reach_another_ones_verification(api) -> None:
    created = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    verification_id = created.json()["id"]
    routes = [
        r for r in _routes(api) if (r.path or "").startswith("/v1/verifications/{verification_id}")
    ]
    assert len(routes) >= 4
    for route in routes:
        path = example_path(route, verification_id=verification_id)
        for other in await _calls(api, route, path, api.auth(api.other_token)):
            assert other.status_code == 404, (route.path, other.status_code, other.text)
            assert other.json()["code"] == "not-found"
        for owner in await _calls(api, route, path, api.auth()):
            assert owner.status_code != 404, (route.path, owner.text)
