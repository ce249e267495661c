"""405 Method Not Allowed: a problem whose ``Allow`` header names every method the path
has, exactly as the OpenAPI document lists them — on every path, concrete ones
(``/v1/households/due``) included."""

from __future__ import annotations

import re
import uuid

import pytest

from verification.app import create_app
from verification.settings import Settings

DOCUMENT = create_app(Settings()).openapi()
METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS")


def _concrete(template: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: str(uuid.uuid4()), template)


CASES = [
    (template, method)
    for template, operations in DOCUMENT["paths"].items()
    for method in METHODS
    if method.lower() not in operations
]


def test_every_path_has_a_method_it_lacks() -> None:
    assert {template for template, _ in CASES} == set(DOCUMENT["paths"])


@pytest.mark.parametrize(("template", "method"), CASES)
async def test_a_method_the_path_lacks_is_a_405_naming_every_method_it_has(
    api, template: str, method: str
) -> None:
    response = await api.http.request(method, _concrete(template), headers=api.auth())
    assert response.status_code == 405, response.text
    documented = sorted(m.upper() for m in DOCUMENT["paths"][template])
    assert response.headers["allow"] == ", ".join(documented)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "method-not-allowed"


async def test_a_concrete_path_is_matched_before_a_template(api) -> None:
    """``due`` is no household id: PATCH has no ``/v1/households/due`` to change."""
    response = await api.http.patch("/v1/households/due", json={}, headers=api.auth())
    assert response.status_code == 405, response.text
    assert response.headers["allow"] == "GET"
    household = await api.http.patch(
        f"/v1/households/{uuid.uuid4()}", json={"category": "stable"}, headers=api.auth()
    )
    assert household.status_code == 404
