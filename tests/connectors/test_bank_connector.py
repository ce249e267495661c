import datetime as dt
import json
from decimal import Decimal

import pytest

from connectors.bank.connector import BankConnector
from connectors.bank.wire import months_ending
from connectors.sdk.evidence import (
    FinancialAsset,
    FinancialKind,
    IncomeCategory,
    RecordRef,
    SourceStatus,
)

QUERY = "gateway/deposit-query"
WIRE_EXAMPLE = {
    "respCode": "000000",
    "respMsg": "success",
    "accounts": [
        {
            "acctNoMasked": "6222****1234",
            "acctType": "D",
            "balanceCents": 300000,
            "interest12mCents": 1050,
        }
    ],
    "investments": [{"productCode": "WMP2023001", "kind": "WMP", "marketValue": "10000.00"}],
}


async def test_wire_example_becomes_assets_and_monthly_interest(agency, person, context):
    stub = agency("bank")
    route = stub.router.post(QUERY).respond(json=WIRE_EXAMPLE)

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert json.loads(route.calls.last.request.content) == {
        "certType": "01",
        "certNo": person.id_number,
        "custName": person.name,
    }
    assert result.evidence.financial_assets == (
        FinancialAsset(
            FinancialKind.DEMAND_DEPOSIT, Decimal("3000.00"), RecordRef("bank", "6222****1234")
        ),
        FinancialAsset(
            FinancialKind.WEALTH_PRODUCT, Decimal("10000.00"), RecordRef("bank", "WMP2023001")
        ),
    )
    assert [str(asset.value) for asset in result.evidence.financial_assets] == [
        "3000.00",
        "10000.00",
    ]
    incomes = result.evidence.incomes
    # 10.50 yuan over the 12 months ending 2026-04: 87.5 fen a month, cent-exact.
    assert [item.month for item in incomes] == [
        "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
        "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04",
    ]  # fmt: skip
    assert [str(item.amount) for item in incomes] == ["0.88"] * 6 + ["0.87"] * 6
    assert sum(item.amount for item in incomes) == Decimal("10.50")
    assert {item.category for item in incomes} == {IncomeCategory.PROPERTY}
    assert {item.ref for item in incomes} == {RecordRef("bank", "6222****1234")}


async def test_time_deposits_and_no_securities(agency, person, context):
    # a gateway still sending its custody view of securities (STOCK, FUND) is not refused,
    # but the bank does not report them: the securities register does (ADR 0014), and a
    # holding counted from both would be counted twice
    stub = agency("bank")
    body = {
        "respCode": "000000",
        "respMsg": "success",
        "accounts": [
            {
                "acctNoMasked": "6228****0001",
                "acctType": "T",
                "balanceCents": 5000000,
                "interest12mCents": 120000,
            }
        ],
        "investments": [
            {"productCode": "600000", "kind": "STOCK", "marketValue": "1234.5"},
            {"productCode": "WMP2023002", "kind": "WMP", "marketValue": "800.00"},
            {"productCode": "110011", "kind": "FUND", "marketValue": "0.10"},
        ],
    }
    stub.router.post(QUERY).respond(json=body)

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.evidence.financial_assets == (
        FinancialAsset(
            FinancialKind.TIME_DEPOSIT, Decimal("50000.00"), RecordRef("bank", "6228****0001")
        ),
        FinancialAsset(
            FinancialKind.WEALTH_PRODUCT, Decimal("800.00"), RecordRef("bank", "WMP2023002")
        ),
    )
    assert {str(item.amount) for item in result.evidence.incomes} == {"100.00"}


def test_the_bank_answers_deposits_not_securities():
    assert BankConnector.registers == ("bank_deposits",)


async def test_no_interest_means_no_income_items(agency, person, context):
    stub = agency("bank")
    account = {**WIRE_EXAMPLE["accounts"][0], "interest12mCents": 0}
    stub.router.post(QUERY).respond(json={**WIRE_EXAMPLE, "accounts": [account]})

    result = await stub.connector(BankConnector).query(person, context)

    assert result.evidence.incomes == ()
    assert len(result.evidence.financial_assets) == 2


async def test_customer_not_found_is_not_found_and_not_retried(agency, person, context):
    stub = agency("bank")
    route = stub.router.post(QUERY).respond(
        404, json={"respCode": "404001", "respMsg": "customer not found"}
    )

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert route.call_count == 1
    assert result.attempts == 1


async def test_other_404_is_rejected(agency, person, context):
    stub = agency("bank")
    stub.router.post(QUERY).respond(404, json={"respCode": "404999", "respMsg": "no route"})

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "404999" in (result.reason or "")


async def test_error_resp_code_is_rejected(agency, person, context):
    stub = agency("bank")
    stub.router.post(QUERY).respond(json={"respCode": "100002", "respMsg": "bad cert"})

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "100002" in (result.reason or "")


@pytest.mark.parametrize(
    ("field", "value"),
    [("balanceCents", "300000"), ("balanceCents", -1), ("acctType", "X"), ("balanceCents", 3.5)],
)
async def test_malformed_account_is_rejected(agency, person, context, field, value):
    stub = agency("bank")
    account = {**WIRE_EXAMPLE["accounts"][0], field: value}
    stub.router.post(QUERY).respond(json={**WIRE_EXAMPLE, "accounts": [account]})

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert f"accounts.0.{field}" in (result.reason or "")


async def test_missing_investments_list_is_rejected(agency, person, context):
    stub = agency("bank")
    body = {key: value for key, value in WIRE_EXAMPLE.items() if key != "investments"}
    stub.router.post(QUERY).respond(json=body)

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "investments" in (result.reason or "")


def test_months_ending_crosses_the_year():
    assert months_ending(dt.date(2026, 2, 28), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]
