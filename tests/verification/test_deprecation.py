"""A route marked ``Deprecated`` (deprecation.py) says so on every response and in the OpenAPI
document: ``Deprecation`` (RFC 9745), ``Sunset`` (RFC 8594), ``Link`` rel="deprecation".

The marked routes are added to the service's own app (its middleware, problem handlers and
document), as a later version of an endpoint would be; the service has none deprecated
today, and the exported document says so.
"""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from fastapi import APIRouter, Depends

from verification.app import create_app
from verification.deprecation import Deprecated
from verification.problems import NotFound
from verification.settings import REPO_ROOT, Settings

SINCE = dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)
SUNSET = dt.datetime(2027, 6, 30, 16, 0, tzinfo=dt.UTC)
NOTICE = "https://verification.example.cn/docs/integrators/versioning#deprecations"


def _router() -> APIRouter:
    router = APIRouter()
    old = Deprecated(since=SINCE, sunset=SUNSET, link=NOTICE)
    undated = Deprecated(since=SINCE, link=NOTICE)

    @router.get(
        "/v1/test-old/{thing}",
        operation_id="getOldThing",
        summary="an old operation",
        description="kept for old clients",
        dependencies=[Depends(old)],
    )
    async def old_thing(thing: str) -> dict[str, str]:
        if thing == "missing":
            raise NotFound("no such thing")
        return {"thing": thing}

    @router.get("/v1/test-undated", operation_id="getUndated", dependencies=[Depends(undated)])
    async def undated_thing() -> dict[str, str]:
        return {}

    @router.get("/v1/test-current", operation_id="getCurrent")
    async def current() -> dict[str, str]:
        return {}

    return router


@pytest.fixture
async def http(settings: Settings):
    app = create_app(settings)
    app.include_router(_router())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client


async def test_every_response_of_a_deprecated_route_carries_the_headers(http) -> None:
    ok = await http.get("/v1/test-old/a")
    refused = await http.get("/v1/test-old/missing")  # a problem, from the handlers
    assert ok.status_code == 200 and refused.status_code == 404
    for response in (ok, refused):
        assert response.headers["Deprecation"] == "@1796083200"  # 2026-12-01T00:00:00Z
        assert response.headers["Sunset"] == "Wed, 30 Jun 2027 16:00:00 GMT"
        assert response.headers["Link"] == f'<{NOTICE}>; rel="deprecation"; type="text/html"'
    undated = await http.get("/v1/test-undated")
    assert undated.headers["Deprecation"] == "@1796083200" and "Sunset" not in undated.headers
    current = await http.get("/v1/test-current")
    assert current.status_code == 200
    assert not {"Deprecation", "Sunset"} & set(current.headers)


async def test_the_document_marks_it_deprecated(http) -> None:
    document = (await http.get("/openapi.json")).json()
    old = document["paths"]["/v1/test-old/{thing}"]["get"]
    assert old["deprecated"] is True
    assert old["description"].startswith(
        "**Deprecated** since 2026-12-01T00:00:00+00:00, sunset 2027-06-30T16:00:00+00:00"
    )
    assert old["description"].endswith("kept for old clients")
    for status in ("200", "422"):
        assert set(old["responses"][status]["headers"]) >= {"Deprecation", "Sunset", "Link"}
    undated = document["paths"]["/v1/test-undated"]["get"]
    assert "Sunset" not in undated["responses"]["200"]["headers"]
    assert "deprecated" not in document["paths"]["/v1/test-current"]["get"]


def test_no_operation_is_deprecated_today() -> None:
    document = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    deprecated = [
        op["operationId"]
        for item in document["paths"].values()
        for op in item.values()
        if op.get("deprecated")
    ]
    assert deprecated == []


def test_a_deprecation_needs_offsets_and_half_a_year_of_notice() -> None:
    with pytest.raises(ValueError, match="offset"):
        Deprecated(since=dt.datetime(2026, 12, 1), link=NOTICE)
    with pytest.raises(ValueError, match="180 days after"):
        Deprecated(since=SUNSET, sunset=SINCE, link=NOTICE)
    with pytest.raises(ValueError, match="180 days after"):
        Deprecated(since=SINCE, sunset=SINCE + dt.timedelta(days=179), link=NOTICE)
