import datetime as dt
from decimal import Decimal

import httpx

from connectors.sdk.evidence import IncomeCategory, IncomeItem, RecordRef, SourceStatus
from connectors.sdk.testing import query_context
from connectors.tax.connector import TaxConnector

WIRE_ROW = {
    "ssq": "202510",
    "sdxm": "0101",
    "sre": "3500.00",
    "ynse": "0.00",
    "pzxh": "T202510000123",
}


def _row(month, item, amount, ref):
    return {"ssq": month, "sdxm": item, "sre": amount, "ynse": "0.00", "pzxh": ref}


async def test_wire_example_follows_the_cursor(agency, person):
    stub = agency("tax")
    context = query_context(period_start=dt.date(2025, 5, 1), period_end=dt.date(2026, 4, 30))
    route = stub.router.get("income-records")
    route.side_effect = [
        httpx.Response(200, json={"rows": [WIRE_ROW], "next_cursor": "eyJvIjo2fQ"}),
        httpx.Response(200, json={"rows": [], "next_cursor": None}),
    ]

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert (result.attempts, result.requests) == (1, 2)  # a second page is no retry
    first, second = (dict(call.request.url.params) for call in route.calls)
    assert first == {"nsrsbh": person.id_number, "from": "202505", "to": "202604"}
    assert second == {**first, "cursor": "eyJvIjo2fQ"}
    assert str(route.calls[0].request.url).startswith("http://agency.test/tax/income-records?")
    assert result.evidence.incomes == (
        IncomeItem(
            category=IncomeCategory.WAGES,
            month="2025-10",
            amount=Decimal("3500.00"),
            ref=RecordRef("tax", "T202510000123"),
        ),
    )
    assert str(result.evidence.incomes[0].amount) == "3500.00"


async def test_pages_of_six_rows_and_categories(agency, person, context):
    stub = agency("tax")
    months = ["202511", "202512", "202601", "202602", "202603", "202604"]
    labour = [_row(month, "0400", "300.00", f"L{month}") for month in months]
    others = [
        _row("202604", "0500", "1200.5", "B202604"),
        _row("202604", "0999", "10", "O202604"),
    ]
    route = stub.router.get("income-records")
    route.side_effect = [
        httpx.Response(200, json={"rows": labour, "next_cursor": "c1"}),
        httpx.Response(200, json={"rows": others, "next_cursor": None}),
    ]

    result = await stub.connector(TaxConnector).query(person, context)

    assert route.call_count == 2
    assert dict(route.calls[0].request.url.params)["from"] == "202511"
    incomes = result.evidence.incomes
    assert len(incomes) == 8
    assert [item.month for item in incomes[:6]] == [
        "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04",
    ]  # fmt: skip
    assert {item.category for item in incomes[:6]} == {IncomeCategory.LABOUR}
    assert incomes[6].category is IncomeCategory.BUSINESS
    assert str(incomes[6].amount) == "1200.50"
    assert incomes[7].category is IncomeCategory.OTHER
    assert str(incomes[7].amount) == "10.00"


async def test_unknown_taxpayer_is_an_ok_empty_answer(agency, person, context):
    stub = agency("tax")
    stub.router.get("income-records").respond(json={"rows": [], "next_cursor": None})

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.evidence.incomes == ()


async def test_malformed_amount_and_month_are_rejected(agency, person, context):
    stub = agency("tax")
    bad = {**WIRE_ROW, "sre": "3,500.00", "ssq": "202513"}
    stub.router.get("income-records").respond(json={"rows": [bad], "next_cursor": None})

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "rows.0.sre" in (result.reason or "")
    assert "rows.0.ssq" in (result.reason or "")


async def test_missing_cursor_field_is_rejected(agency, person, context):
    stub = agency("tax")
    stub.router.get("income-records").respond(json={"rows": [WIRE_ROW]})

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "next_cursor" in (result.reason or "")


async def test_repeating_cursor_is_rejected(agency, person, context):
    stub = agency("tax")
    route = stub.router.get("income-records").respond(
        json={"rows": [WIRE_ROW], "next_cursor": "same"}
    )

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == "malformed response: next_cursor: repeats an earlier cursor"
    assert route.call_count == 2
