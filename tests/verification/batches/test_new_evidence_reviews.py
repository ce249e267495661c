"""A batch review finds issue #20's evidence that the household's last verification did not:
an insurance policy's cash value, an annuity being paid, a 个体工商户 and an enterprise
employee's pension.  The mock agencies (served in this process) answer the household's
first member from their synthetic generator — nothing on record — for the first
verification, and with those records for the review's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from mock_sources import scenarios
from mock_sources.records import (
    EntityRole,
    EntityStatus,
    EntityType,
    InsurancePolicy,
    InsuranceProduct,
    MarketEntity,
    PolicyStatus,
)
from mock_sources.synthetic import synthetic_records
from social_insurance_source import mock as social_insurance_mock
from tests.verification.batches.test_batch_edges import _held_item
from tests.verification.helpers import fresh_body, fresh_members, stored_item
from verification.batches.review import review_item
from verification.data_keys.columns import BATCH_ITEM_RESULT

_POLICY = InsurancePolicy(
    "P8800012345",
    InsuranceProduct.ANNUITY,
    PolicyStatus.PAYING_OUT,
    dt.date(2012, 3, 1),
    Decimal("36000.00"),
    monthly_annuity=Decimal("300.00"),
    annuity_from=dt.date(2020, 1, 1),
)
_BUSINESS = MarketEntity(
    "NB4501022024009901",
    EntityType.INDIVIDUAL,
    EntityRole.OPERATOR,
    EntityStatus.IN_BUSINESS,
    registered_capital=None,
    subscribed=None,
    report_year=2025,
    turnover=Decimal("96000.00"),  # the policy's 10 % margin: 800.00 a month
)


async def _enrolled(api: Any) -> tuple[uuid.UUID, str]:
    members = fresh_members()
    body = fresh_body(api.issuer_key, members=members)
    created = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert created.status_code == 201, created.text
    first = created.json()
    assert first["outcome"] == "eligible"
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": first["id"], "category": "stable"},
        headers=api.auth(),
    )
    assert enrolled.status_code == 201, enrolled.text
    return uuid.UUID(enrolled.json()["id"]), members[0]["id_number"]


def _serve_new_evidence(monkeypatch: pytest.MonkeyPatch, id_number: str) -> None:
    """From now on the agencies hold the policy, the business and a pension on the person."""
    records = dataclasses.replace(
        synthetic_records(id_number), insurance=(_POLICY,), market_entities=(_BUSINESS,)
    )
    member = scenarios.Member(id_number, "覃测甲", scenarios.Relation.SELF, records)
    monkeypatch.setattr(scenarios, "_BY_ID", {**scenarios._BY_ID, id_number: member})
    pension = social_insurance_mock._Insured(
        "SI450102999",
        "3",
        social_insurance_mock._FORMER_EMPLOYER,
        "202401",
        None,
        (social_insurance_mock._Benefit("21", 200000),),  # 2,000.00 a month
    )
    monkeypatch.setitem(social_insurance_mock.RECORDS, id_number, pension)


async def test_a_review_recommends_stopping_on_a_pension_a_business_and_a_policy(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    household_id, id_number = await _enrolled(api)
    _serve_new_evidence(monkeypatch, id_number)
    batch_id = await _held_item(api, household_id)

    assert await review_item(api.runtime, batch_id, household_id) == "done"

    item = await stored_item(api, batch_id, household_id)
    result = BATCH_ITEM_RESULT.decrypt_json(api.runtime.keyring, item)
    assert isinstance(result, dict)
    changes = {
        (c["subject"], c.get("member_index"), c.get("category")): (c["previous"], c["current"])
        for c in result["changes"]
    }
    # the review's own evidence, each from its agency
    assert changes[("insurance_cash_value", None, None)] == ("0.00", "36000.00")
    assert changes[("annuity_income", None, None)] == ("0.00", "300.00")
    assert changes[("businesses", None, None)] == ("0", "1")
    assert changes[("member_income", 0, "employee_pension")] == ("0.00", "2000.00")
    assert changes[("outcome", None, None)] == ("eligible", "ineligible")
    assert item.recommendation == "stop"
