"""The insurance connector: policies and their cash value, annuity payments asked range by
range (at most 92 days each) and continued from ``jzrq``, and its guards against an agency
that never finishes a window."""

import datetime as dt
from decimal import Decimal

import httpx
import pytest

from connectors.insurance.connector import InsuranceConnector
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import (
    FinancialAsset,
    FinancialKind,
    IncomeCategory,
    IncomeItem,
    RecordRef,
    SourceStatus,
)
from connectors.sdk.testing import outcomes, query_context

# the look-back window of the test kit's context: 2025-11-01 .. 2026-04-30 (181 days)
WINDOW = query_context()


def _policy(bdh, xzdm, bdzt="1", xjjz="0.00"):
    return {"bdh": bdh, "xzdm": xzdm, "bdzt": bdzt, "cbrq": "20150301", "xjjz": xjjz}


def _policies(*policies, gzrq="20260430"):
    return httpx.Response(
        200, json={"code": "0000", "msg": "成功", "data": {"gzrq": gzrq, "bdxx": list(policies)}}
    )


def _payment(lsh, day, amount="300.00", bdh="P1"):
    return {"lsh": lsh, "bdh": bdh, "gfrq": day, "gfje": amount}


def _payments(qsrq, jzrq, *rows):
    return httpx.Response(
        200,
        json={
            "code": "0000",
            "msg": "成功",
            "data": {"qsrq": qsrq, "jzrq": jzrq, "jfjl": list(rows)},
        },
    )


async def test_cash_values_and_no_payment_query_without_an_annuity(agency, person, context):
    stub = agency("insurance")
    policies = stub.router.get("v2/policies").mock(
        return_value=_policies(
            _policy("P-WL", "01", xjjz="18000.00"),
            _policy("P-MED", "04"),  # a pure risk cover: no cash value
            _policy("P-GONE", "01", bdzt="3", xjjz="500.00"),  # terminated: nothing held
        )
    )
    payments = stub.router.get("v2/annuity-payments")

    result = await stub.connector(InsuranceConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert dict(policies.calls[0].request.url.params) == {
        "zjhm": person.id_number,
        "gzrq": "20260430",  # the last day of the window
    }
    assert payments.call_count == 0  # no annuity or endowment policy: nothing to pay
    assert result.evidence.financial_assets == (
        FinancialAsset(
            FinancialKind.INSURANCE_CASH_VALUE, Decimal("18000.00"), RecordRef("insurance", "P-WL")
        ),
    )
    assert result.evidence.incomes == ()


async def test_payments_walk_ranges_of_92_days_and_continue_from_jzrq(agency, person):
    stub = agency("insurance")
    context = query_context(period_start=dt.date(2025, 5, 1), period_end=dt.date(2026, 4, 30))
    stub.router.get("v2/policies").mock(return_value=_policies(_policy("P1", "02", "4", "2000.00")))
    route = stub.router.get("v2/annuity-payments")
    # 2025-05-01 + 91 days = 2025-07-31; the first answer stops short at 2025-06-30, and the
    # next range starts the day after, again 92 days long
    route.side_effect = [
        _payments("20250501", "20250630", _payment("A", "20250515"), _payment("B", "20250615")),
        _payments("20250701", "20250930", _payment("C", "20250715")),
        _payments("20251001", "20251231"),
        _payments("20260101", "20260402", _payment("D", "20260115", "200.50")),
        _payments("20260403", "20260430"),
    ]

    result = await stub.connector(InsuranceConnector).query(person, context)

    assert result.status is SourceStatus.OK
    asked = [(c.request.url.params["qsrq"], c.request.url.params["zzrq"]) for c in route.calls]
    assert asked == [
        ("20250501", "20250731"),  # 92 days, both ends included
        ("20250701", "20250930"),  # from the day after jzrq
        ("20251001", "20251231"),
        ("20260101", "20260402"),  # 31 + 28 + 31 + 2 = 92 days
        ("20260403", "20260430"),  # never past the window
    ]
    assert (result.attempts, result.requests) == (1, 6)  # a further range is no retry
    assert [(i.month, i.amount) for i in result.evidence.incomes] == [
        ("2025-05", Decimal("300.00")),
        ("2025-06", Decimal("300.00")),
        ("2025-07", Decimal("300.00")),
        ("2026-01", Decimal("200.50")),
    ]
    assert result.evidence.incomes[0] == IncomeItem(
        IncomeCategory.ANNUITY, "2025-05", Decimal("300.00"), RecordRef("insurance", "A")
    )
    assert result.evidence.financial_assets[0].value == Decimal("2000.00")


async def test_no_policy_is_not_found(agency, person, context):
    stub = agency("insurance")
    stub.answer_all(httpx.Response(200, json={"code": "1001", "msg": "无保单记录", "data": None}))

    result = await stub.connector(InsuranceConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert outcomes(result) == ["not_found"]


async def test_a_refusal_names_only_the_code(agency, person, context):
    stub = agency("insurance")
    stub.answer_all(httpx.Response(200, json={"code": "9001", "msg": "参数错误", "data": None}))

    result = await stub.connector(InsuranceConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.REFUSED_WITH_CODE
    assert result.reason_params == {"agency_code": "9001"}
    assert outcomes(result) == ["rejected"]


async def test_a_span_refusal_on_a_range_is_rejected(agency, person, context):
    stub = agency("insurance")
    stub.router.get("v2/policies").mock(return_value=_policies(_policy("P1", "03", xjjz="10.00")))
    stub.router.get("v2/annuity-payments").mock(
        return_value=httpx.Response(200, json={"code": "2001", "msg": "超过92天", "data": None})
    )

    result = await stub.connector(InsuranceConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_params == {"agency_code": "2001"}
    assert result.evidence.financial_assets == ()  # nothing of a failed query is kept


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        # jzrq before the range's first day: the window would never advance
        (_payments("20251101", "20251031"), "jzrq"),
        # jzrq past the range asked
        (_payments("20251101", "20260430"), "jzrq"),
        # an answer for another range
        (_payments("20251001", "20251231"), "jzrq"),
        # a payment outside the days answered
        (_payments("20251101", "20251130", _payment("X", "20251215")), "jfjl.gfrq"),
    ],
)
async def test_broken_ranges_are_malformed(agency, person, context, answer, field):
    stub = agency("insurance")
    stub.router.get("v2/policies").mock(return_value=_policies(_policy("P1", "02")))
    stub.router.get("v2/annuity-payments").mock(return_value=answer)

    result = await stub.connector(InsuranceConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.MALFORMED
    assert result.reason_params == {"field": field}
    assert outcomes(result)[-1] == "malformed"


async def test_an_agency_that_never_finishes_a_window_is_stopped(agency, person):
    stub = agency("insurance")
    # a 36-month window, and an agency that answers one day at a time: the guard stops it
    context = query_context(period_start=dt.date(2023, 5, 1), period_end=dt.date(2026, 4, 30))
    stub.router.get("v2/policies").mock(return_value=_policies(_policy("P1", "02")))
    route = stub.router.get("v2/annuity-payments")

    def one_day(request):
        day = request.url.params["qsrq"]
        return _payments(day, day)

    route.side_effect = one_day

    result = await stub.connector(InsuranceConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.MALFORMED
    assert result.reason_params == {"field": "jzrq"}
    assert route.call_count == 60  # MAX_PAYMENT_REQUESTS, then no more
    assert result.requests == 61  # with the policy list


async def test_a_retried_range_keeps_its_request_number(agency, person, context):
    stub = agency("insurance")
    stub.router.get("v2/policies").mock(return_value=_policies(_policy("P1", "02")))
    stub.router.get("v2/annuity-payments").side_effect = [
        httpx.Response(503),
        _payments("20251101", "20260131", _payment("A", "20251115")),
        _payments("20260201", "20260430"),
    ]

    result = await stub.connector(InsuranceConnector, max_attempts=3).query(person, context)

    assert result.status is SourceStatus.OK
    assert outcomes(result) == ["ok", "http_503", "ok", "ok"]
    assert [a.request for a in result.attempt_log] == [1, 2, 2, 3]
    assert len(result.evidence.incomes) == 1


def test_declarations():
    assert InsuranceConnector.scope == "insurance"
    assert InsuranceConnector.registers == ("commercial_insurance",)
    assert {k.value for k in InsuranceConnector.evidence_kinds} == {
        "insurance_cash_value",
        "other_income",
    }
