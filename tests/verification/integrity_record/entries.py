"""Test helpers of the integrity record: households whose declaration understates their
assets, and entries proposed and confirmed through the API."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from mock_sources.records import HukouStatus
from mock_sources.synthetic import synthetic_records
from tests.verification.helpers import business_today, fresh_members, scenario_body
from verification.kit.id_number import check_character

ENTRIES = "/v1/integrity-entries"
_SERIAL = itertools.count()
EXPLANATION = "孩子上学借的亲戚的钱存在卡里，不是家庭收入"
EVIDENCE = "借条复印件一份"


def depositor() -> str:
    """An adult (region 450102, born in the 1950s: no other helper's people) whom the mock
    agencies know with bank deposits above the tolerance's floor and nothing else of note."""
    while True:
        serial = next(_SERIAL)
        first17 = f"450102{dt.date(1950, 1, 1) + dt.timedelta(days=serial // 1000):%Y%m%d}"
        first17 += f"{serial % 1000:03d}"
        id_number = first17 + check_character(first17)
        records = synthetic_records(id_number)
        if (
            records.bank is None
            or records.hukou is None
            or records.hukou.status is not HukouStatus.ACTIVE
        ):
            continue
        total = sum((a.balance for a in records.bank.accounts), Decimal(0))
        if total > Decimal(2000):
            return id_number


def household() -> list[dict[str, Any]]:
    members = fresh_members()[:2]
    members[0] = {**members[0], "id_number": depositor()}
    return members


async def verify(api, members: list[dict[str, Any]], declaration: dict | None = None) -> dict:
    body = scenario_body(api.issuer_key, "eligible", members=members)
    if declaration is not None:
        body["declaration"] = declaration
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    return response.json()


async def understated(api) -> tuple[dict, list[dict[str, Any]], int]:
    """A verification whose household declared no financial assets though it has some."""
    members = household()
    report = await verify(api, members, {"financial_assets_total": "0.00"})
    (index,) = [
        i for i, f in enumerate(report["findings"]) if f["code"] == "finding.financial_assets"
    ]
    return report, members, index


async def post(api, path: str, body: dict | None = None, token: str | None = None):
    return await api.http.post(path, json=body, headers=api.auth(token))


async def proposed_entry(api) -> tuple[dict, list[dict[str, Any]], dict]:
    report, members, index = await understated(api)
    response = await post(api, ENTRIES, {"verification_id": report["id"], "finding_index": index})
    assert response.status_code == 201, response.text
    return report, members, response.json()


async def confirmed_entry(api) -> tuple[dict, list[dict[str, Any]], dict]:
    today = business_today()  # at the test's time, not the import's
    report, members, entry = await proposed_entry(api)
    base = f"{ENTRIES}/{entry['id']}"
    notice = {"notified_on": today.isoformat(), "channel": "in_person"}
    assert (await post(api, f"{base}/notice", notice)).status_code == 200
    confirmed = await post(api, f"{base}/confirm")
    assert confirmed.status_code == 200, confirmed.text
    return report, members, confirmed.json()
