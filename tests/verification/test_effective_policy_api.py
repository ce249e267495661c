"""The effective layered policy through the API: GET /v1/policies/effective."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from verification.app import create_app
from verification.audit.models import AuditEvent
from verification.policies.layered.loading import LayerFileError, default_layers_dir
from verification.policies.layered.params import PARAMS
from verification.settings import Settings

NANNING = "450102"


async def _effective(api, region: str, on: str | None = None, token: str | None = None) -> Any:
    params = {"region": region} | ({"on": on} if on else {})
    response = await api.http.get("/v1/policies/effective", params=params, headers=api.auth(token))
    assert response.status_code == 200, response.text
    return response.json()


def _by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {param["key"]: param for param in body["parameters"]}


async def test_nanning_inherits_the_rural_standard_and_overrides_the_urban_one(api) -> None:
    body = await _effective(api, NANNING, "2026-12-05")
    assert body["region"] == NANNING and body["on"] == "2026-12-05"
    assert [layer["id"] for layer in body["layers"]] == ["gx-nanning", "gx", "cn"]
    params = _by_key(body)
    rural = params["standard.rural"]
    assert rural["status"] == "in_force" and rural["value"] == "2500.00"
    assert rural["source"]["layer"] == "gx" and rural["source"]["valid_from"] == "2017-01-01"
    assert rural["source"]["citation"]["example"] is True  # the seeds give no later figure
    urban = params["standard.urban"]
    assert urban["status"] == "in_force" and urban["value"] == "10200.00"
    assert urban["source"]["layer"] == "gx-nanning" and urban["source"]["layer_name"] == "南宁市"
    assert urban["source"]["valid_from"] == "2025-01-01" and urban["source"]["valid_until"] is None
    overridden = {(o["layer"], o["value"]) for o in urban["overrides"]}
    assert ("gx", "6240.00") in overridden
    # every registered parameter is listed, each with a state
    assert set(params) == set(PARAMS) and {p["status"] for p in params.values()} <= {
        "in_force",
        "left_to_local",
        "lapsed",
        "unset",
    }


async def test_the_basic_pension_exclusion_is_in_force_in_2024(api) -> None:
    pension = _by_key(await _effective(api, NANNING, "2024-06-30"))["income.excluded.basic_pension"]
    assert pension["status"] == "in_force" and pension["value"] is True
    assert pension["lapsed_on"] is None
    source = pension["source"]
    assert source["layer"] == "cn" and source["level"] == "national"
    assert (source["valid_from"], source["valid_until"]) == ("2021-07-01", "2025-12-31")
    citation = source["citation"]
    assert citation["article"] == "第十三条第二款第（三）项" and citation["example"] is False
    assert "最低生活保障审核确认办法" in citation["title"]
    assert citation["title"] in citation["text"]


async def test_the_basic_pension_exclusion_lapsed_at_the_end_of_2025(api) -> None:
    pension = _by_key(await _effective(api, NANNING, "2026-12-05"))["income.excluded.basic_pension"]
    assert pension["status"] == "lapsed" and pension["lapsed_on"] == "2025-12-31"
    assert pension["value"] is None  # not applied
    assert pension["source"]["valid_until"] == "2025-12-31" and pension["source"]["value"] is True


async def test_a_region_without_a_layer_gets_the_national_baseline(api) -> None:
    for region in ("11", "110101", "110101001001"):
        body = await _effective(api, region, "2026-12-05", token=api.auditor_token)
        assert [layer["id"] for layer in body["layers"]] == ["cn"]
        params = _by_key(body)
        assert params["standard.rural"]["status"] == "left_to_local"
        assert params["standard.rural"]["source"]["reason"]
        assert params["deadline.total_working_days"]["status"] == "in_force"
    # a village code of Nanning reads Nanning's layers
    village = await _effective(api, "450102001001", "2026-12-05")
    assert [layer["id"] for layer in village["layers"]] == ["gx-nanning", "gx", "cn"]


async def test_the_date_defaults_to_todays_business_date(api) -> None:
    body = await _effective(api, NANNING)
    assert body["on"] == api.runtime.today().isoformat()


@pytest.mark.parametrize(
    "params",
    [
        {"region": "4"},
        {"region": "4501021234567"},
        {"region": "45a102"},
        {"region": "４５"},
        {"region": NANNING, "on": "2026-13-01"},
        {"region": NANNING, "on": "20261205"},
        {},
    ],
)
async def test_malformed_region_or_date_is_a_422_problem(api, params: dict[str, str]) -> None:
    response = await api.http.get("/v1/policies/effective", params=params, headers=api.auth())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422
    await api.drain()
    async with api.sessions() as session:  # the latest refusal (other tests' work may follow)
        last = (
            await session.execute(
                select(AuditEvent.body)
                .where(AuditEvent.action == "request_refused")
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            )
        ).scalar_one()
    event = json.loads(last)
    assert event["request_id"] == response.json()["request_id"]
    assert "/v1/policies/effective" in json.dumps(event)


async def test_effective_policy_needs_a_client(api) -> None:
    response = await api.http.get("/v1/policies/effective", params={"region": NANNING})
    assert response.status_code == 401


@pytest.fixture
def layers_copy(tmp_path: Path) -> Path:
    for path in default_layers_dir().glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


async def test_the_layers_directory_is_a_setting(api, layers_copy: Path) -> None:
    nanning = layers_copy / "gx-nanning.toml"
    nanning.write_text(
        nanning.read_text(encoding="utf-8").replace('"10200.00"', '"10800.00"'), encoding="utf-8"
    )
    settings = api.settings.model_copy(update={"layers_dir": layers_copy})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.get(
                "/v1/policies/effective",
                params={"region": NANNING, "on": "2026-12-05"},
                headers=api.auth(),
            )
    assert _by_key(response.json())["standard.urban"]["value"] == "10800.00"


def test_the_setting_is_read_from_the_environment(monkeypatch, layers_copy: Path) -> None:
    monkeypatch.setenv("VERIFICATION_LAYERS_DIR", str(layers_copy))
    assert Settings().layers_dir == layers_copy


async def test_a_bad_layer_file_stops_start_up_naming_file_and_field(
    api, layers_copy: Path
) -> None:
    gx = layers_copy / "gx.toml"
    gx.write_text(
        gx.read_text(encoding="utf-8").replace('value = "2028.00"', "value = 2028"),
        encoding="utf-8",
    )
    app = create_app(api.settings.model_copy(update={"layers_dir": layers_copy}))
    with pytest.raises(LayerFileError) as error:
        async with app.router.lifespan_context(app):
            pytest.fail("the service started with a bad layer file")
    message = str(error.value)
    assert message.startswith("gx.toml: standard.rural entry 1 (from 2015-01-01): value")
    assert "decimal string" in message
