"""The report's language over the API: Chinese by default, English on request, same codes."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.verification.helpers import scenario_body
from verification.audit.models import AuditEvent


async def _created(api, scenario: str, **headers: str) -> dict:
    response = await api.http.post(
        "/v1/verifications",
        json=scenario_body(api.issuer_key, scenario),
        headers={**api.auth(), **headers},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _texts(report: dict) -> list[str]:
    return [
        *(r["detail"] for r in report["rules"]),
        *(m["text"] for r in report["rules"] for m in r["messages"]),
        *(f["detail"] for f in report["findings"]),
        *(s["reason"] for s in report["sources"] if s["reason"]),
        *(reason["text"] for reason in report["reasons"]),
    ]


def _codes(report: dict) -> list[object]:
    return [
        [(m["code"], m["params"]) for r in report["rules"] for m in r["messages"]],
        [(s["reason_code"], s["reason_params"]) for s in report["sources"]],
        [(r["code"], r["params"]) for r in report["reasons"]],
    ]


async def test_chinese_by_default_english_on_request(api) -> None:
    report = await _created(api, "unknown_person")
    url = f"/v1/verifications/{report['id']}"
    assert report["outcome"] == "review_required"
    identity = next(r for r in report["rules"] if r["rule"] == "identity_confirmed")
    assert identity["detail"] == "成员2在公安户籍中查无此人"

    english = await api.http.get(url, headers={**api.auth(), "Accept-Language": "en-US,en;q=0.9"})
    assert english.headers["content-language"] == "en"
    data = english.json()
    identity = next(r for r in data["rules"] if r["rule"] == "identity_confirmed")
    assert identity["detail"] == "member 2 unknown to public security"
    assert _codes(data) == _codes(report)
    assert all(text.isascii() for text in _texts(data))

    # the query parameter wins over the header; the default needs neither
    chinese = await api.http.get(
        f"{url}?lang=zh-CN", headers={**api.auth(), "Accept-Language": "en"}
    )
    assert chinese.headers["content-language"] == "zh-CN"
    assert chinese.json()["rules"] == report["rules"]
    plain = (await api.http.get(url, headers=api.auth())).json()
    assert plain["reasons"] == report["reasons"]


async def test_the_post_answers_in_the_language_asked_for(api) -> None:
    report = await _created(api, "deceased_member", **{"Accept-Language": "en"})
    composition = next(r for r in report["rules"] if r["rule"] == "household_composition")
    assert composition["detail"] == (
        "household changed, update the application; member 2 deceased (2026-03-15)"
    )
    assert report["suggested_allowance_monthly"] is None


async def test_the_printable_report_in_english(api) -> None:
    report = await _created(api, "private_car")
    page = await api.http.get(
        f"/v1/verifications/{report['id']}/report.html?lang=en", headers=api.auth()
    )
    assert page.status_code == 200 and page.headers["content-language"] == "en"
    assert '<html lang="en">' in page.text
    assert "non-exempt vehicles held: 小型轿车 (private, valued at" in page.text
    assert "Suggested monthly allowance: <strong>not applicable</strong>" in page.text
    chinese = await api.http.get(
        f"/v1/verifications/{report['id']}/report.html", headers=api.auth()
    )
    assert "持有非豁免车辆：小型轿车（非营运，估值" in chinese.text
    assert "建议月保障金额：<strong>不适用</strong>" in chinese.text


async def test_an_unknown_language_is_a_problem_and_audited(api) -> None:
    report = await _created(api, "eligible")
    response = await api.http.get(
        f"/v1/verifications/{report['id']}/report.html?lang=fr", headers=api.auth()
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid-request"
    assert [e["location"] for e in problem["errors"]] == ["query.lang"]
    await api.drain()
    async with api.sessions() as session:
        body = (
            await session.execute(
                select(AuditEvent.body)
                .where(AuditEvent.action == "request_refused")
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            )
        ).scalar_one()
    event = json.loads(body)
    assert event["fields"] == ["query.lang"] and event["request_id"] == problem["request_id"]
    # an Accept-Language we do not speak is no error: the default
    fallback = await api.http.get(
        f"/v1/verifications/{report['id']}", headers={**api.auth(), "Accept-Language": "fr-FR"}
    )
    assert fallback.status_code == 200 and fallback.headers["content-language"] == "zh-CN"
