from __future__ import annotations

import json

from connectors.sdk.discovery import installed_sources
from verification.app import create_app
from verification.settings import Settings


async def test_healthz_and_readyz(api) -> None:
    assert (await api.http.get("/healthz")).json() == {"status": "ok"}
    ready = await api.http.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["batch_workers"] == "in-process"
    assert set(body["checks"]["connectors"]) == set(installed_sources().scopes)


async def test_readyz_is_503_when_the_database_is_unreachable(tmp_path) -> None:
    import httpx

    settings = Settings(
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none", data_dir=tmp_path
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["checks"]["database"].startswith("unavailable")


async def test_metrics_are_prometheus_text(api) -> None:
    response = await api.http.get("/metrics")
    assert response.status_code == 200
    assert "python_info" in response.text


async def test_request_id_is_echoed_and_logged(api, capsys) -> None:
    request_id = "0b9e6f5c-2f1d-4c3e-9a8b-7d6c5b4a3f2e"
    response = await api.http.get("/healthz", headers={"X-Request-Id": request_id})
    assert response.headers["x-request-id"] == request_id
    lines = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")
    ]
    completed = [entry for entry in lines if entry.get("event") == "request_completed"]
    assert completed and completed[-1]["request_id"] == request_id
    assert completed[-1]["path"] == "/healthz" and completed[-1]["status"] == 200


async def test_unsafe_request_ids_are_replaced(api) -> None:
    # free text, even short and harmless-looking, is not kept: it would enter the audit log
    for unsafe in ("x" * 200, "case-42", "450102199001011234"):
        response = await api.http.get("/healthz", headers={"X-Request-Id": unsafe})
        assert len(response.headers["x-request-id"]) == 32
        assert response.headers["x-request-id"] != unsafe


async def test_unknown_route_is_a_problem(api) -> None:
    response = await api.http.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not-found"


async def test_production_refuses_to_invent_keys(tmp_path) -> None:
    import pytest

    from verification.kit.crypto import KeyRingError

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
        data_dir=tmp_path,
        mode="production",
    )
    assert settings.generate_missing_keys  # the default, and production ignores it
    app = create_app(settings)
    with pytest.raises(KeyRingError, match=r"key file .* is missing"):
        async with app.router.lifespan_context(app):
            pass
    assert not (tmp_path / "keys.json").exists()
    assert not (tmp_path / "audit-log-key.pem").exists()
