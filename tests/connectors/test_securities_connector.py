"""The securities register (中国结算 style): accounts under the 一码通, then each account's
holdings, market values in fen, valued at a date on or before the window's end."""

from decimal import Decimal

import httpx
import pytest

from connectors.sdk.evidence import FinancialAsset, FinancialKind, RecordRef, SourceStatus
from connectors.sdk.testing import FAILURE_MODES, answers, outcomes, server_error
from connectors.securities.connector import SecuritiesConnector

ACCOUNTS = "csdc/v1/investor-accounts"
SHANGHAI = "csdc/v1/accounts/A123456789/holdings"
SHENZHEN = "csdc/v1/accounts/0123456789/holdings"
CLOSED = "csdc/v1/accounts/F00000000001/holdings"
# the window of query_context() ends on Thursday 2026-04-30
ACCOUNTS_EXAMPLE = {
    "rtncode": "0000",
    "rtnmsg": "成功",
    "ymth": "180123456789",
    "zhlist": [
        {"zqzh": "A123456789", "zhlb": "11", "zhzt": "0"},
        {"zqzh": "0123456789", "zhlb": "21", "zhzt": "1"},
        {"zqzh": "F00000000001", "zhlb": "41", "zhzt": "9"},
    ],
}
SHANGHAI_HOLDINGS = {
    "rtncode": "0000",
    "rtnmsg": "成功",
    "zqzh": "A123456789",
    "gzrq": "20260430",
    "cyjl": [
        {"zqdm": "600000", "zqlb": "GP", "cysl": "1000", "szfen": 1234500},
        {"zqdm": "019547", "zqlb": "ZQ", "cysl": "10", "szfen": 1},
    ],
}
SHENZHEN_HOLDINGS = {
    "rtncode": "0000",
    "rtnmsg": "成功",
    "zqzh": "0123456789",
    "gzrq": "20260429",
    "cyjl": [{"zqdm": "159919", "zqlb": "JJ", "cysl": "2000.50", "szfen": 780000}],
}


@pytest.fixture
def stub(agency):
    return agency("securities")


async def test_accounts_then_holdings_of_each_open_account(stub, person, context):
    accounts = stub.router.get(ACCOUNTS).respond(json=ACCOUNTS_EXAMPLE)
    shanghai = stub.router.get(SHANGHAI).respond(json=SHANGHAI_HOLDINGS)
    shenzhen = stub.router.get(SHENZHEN).respond(json=SHENZHEN_HOLDINGS)
    closed = stub.router.get(CLOSED).respond(json={"rtncode": "0000"})

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.OK, result.reason
    assert dict(accounts.calls.last.request.url.params) == {
        "zjlb": "00",
        "zjhm": person.id_number,
    }
    for route in (shanghai, shenzhen):
        assert dict(route.calls.last.request.url.params) == {
            "zjhm": person.id_number,
            "cxrq": "20260430",
        }
    assert not closed.called  # a closed account holds nothing: not asked
    assert (result.requests, result.attempts) == (3, 1)  # three requests, none retried
    assert result.evidence.financial_assets == (
        FinancialAsset(
            FinancialKind.SECURITIES,
            Decimal("12345.00"),
            RecordRef("securities", "A1****6789/600000"),
        ),
        FinancialAsset(
            FinancialKind.SECURITIES, Decimal("0.01"), RecordRef("securities", "A1****6789/019547")
        ),
        # a frozen account's holdings are still the investor's
        FinancialAsset(
            FinancialKind.SECURITIES,
            Decimal("7800.00"),
            RecordRef("securities", "01****6789/159919"),
        ),
    )
    assert [str(a.value) for a in result.evidence.financial_assets] == [
        "12345.00",
        "0.01",
        "7800.00",
    ]
    assert result.evidence.incomes == ()
    for asset in result.evidence.financial_assets:
        assert "A123456789" not in asset.ref.reference and "0123456789" not in asset.ref.reference


async def test_no_investor_is_not_found(stub, person, context):
    stub.router.get(ACCOUNTS).respond(
        json={"rtncode": "1001", "rtnmsg": "无此投资者", "ymth": None, "zhlist": []}
    )

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert outcomes(result) == ["not_found"]


async def test_an_investor_with_no_open_account_holds_nothing(stub, person, context):
    closed_only = {**ACCOUNTS_EXAMPLE, "zhlist": [ACCOUNTS_EXAMPLE["zhlist"][2]]}
    stub.router.get(ACCOUNTS).respond(json=closed_only)

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.evidence.financial_assets == ()
    assert result.requests == 1


async def test_a_refused_account_rejects_the_whole_answer(stub, person, context):
    stub.router.get(ACCOUNTS).respond(json=ACCOUNTS_EXAMPLE)
    stub.router.get(SHANGHAI).respond(json=SHANGHAI_HOLDINGS)
    stub.router.get(SHENZHEN).respond(json={"rtncode": "2001", "rtnmsg": "账户与投资者不符"})

    result = await stub.connector(SecuritiesConnector).query(person, context)

    # part of the holdings is no answer about them
    assert result.status is SourceStatus.REJECTED
    assert result.reason_params == {"agency_code": "2001"}
    assert result.evidence.financial_assets == ()
    assert outcomes(result) == ["ok", "ok", "rejected"]


async def test_a_refused_investor_query_is_rejected_with_its_code(stub, person, context):
    stub.router.get(ACCOUNTS).respond(json={"rtncode": "9001", "rtnmsg": "参数错误"})

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == "the securities register refused the query (rtncode 9001)"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"zqzh": "A999999999"}, "zqzh: not the account asked for"),
        ({"gzrq": "20260501"}, "gzrq: valued after the date asked"),
        ({"gzrq": "20260414"}, "gzrq: valued too long before the date asked"),
        ({"gzrq": None}, "gzrq: missing from a successful answer"),
    ],
)
async def test_a_holdings_answer_not_about_the_account_or_date_is_malformed(
    stub, person, context, change, reason
):
    stub.router.get(ACCOUNTS).respond(json=ACCOUNTS_EXAMPLE)
    stub.router.get(SHANGHAI).respond(json={**SHANGHAI_HOLDINGS, **change})
    stub.router.get(SHENZHEN).respond(json=SHENZHEN_HOLDINGS)

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == f"malformed response: {reason}"
    assert outcomes(result) == ["ok", "malformed"]


async def test_a_valuation_fifteen_days_old_is_accepted(stub, person, context):
    stub.router.get(ACCOUNTS).respond(json=ACCOUNTS_EXAMPLE)
    stub.router.get(SHANGHAI).respond(json={**SHANGHAI_HOLDINGS, "gzrq": "20260415"})
    stub.router.get(SHENZHEN).respond(json=SHENZHEN_HOLDINGS)

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.OK


@pytest.mark.parametrize(
    ("holding", "field"),
    [
        ({"szfen": "1234500"}, "cyjl.0.szfen"),  # fen are an integer
        ({"szfen": -1}, "cyjl.0.szfen"),
        ({"zqdm": "60000"}, "cyjl.0.zqdm"),  # six digits
        ({"zqlb": "QZ"}, "cyjl.0.zqlb"),  # an unknown category
        ({"cysl": 1000}, "cyjl.0.cysl"),  # a decimal string
    ],
)
async def test_broken_holdings_are_rejected(stub, person, context, holding, field):
    stub.router.get(ACCOUNTS).respond(json=ACCOUNTS_EXAMPLE)
    broken = {**SHANGHAI_HOLDINGS["cyjl"][0], **holding}
    stub.router.get(SHANGHAI).respond(json={**SHANGHAI_HOLDINGS, "cyjl": [broken]})

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert field in (result.reason or "")
    assert person.id_number not in (result.reason or "")


async def test_a_success_without_the_unified_account_is_malformed(stub, person, context):
    stub.router.get(ACCOUNTS).respond(json={**ACCOUNTS_EXAMPLE, "ymth": None})

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == "malformed response: ymth: missing from a successful answer"


async def test_an_account_listed_twice_is_asked_once(stub, person, context):
    twice = {**ACCOUNTS_EXAMPLE, "zhlist": [ACCOUNTS_EXAMPLE["zhlist"][0]] * 2}
    stub.router.get(ACCOUNTS).respond(json=twice)
    shanghai = stub.router.get(SHANGHAI).respond(json=SHANGHAI_HOLDINGS)

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert shanghai.call_count == 1
    assert len(result.evidence.financial_assets) == 2


async def test_a_holdings_request_is_retried_alone(stub, person, context):
    accounts = stub.router.get(ACCOUNTS).respond(json=ACCOUNTS_EXAMPLE)
    stub.router.get(SHANGHAI).side_effect = [
        server_error(503),
        httpx.Response(200, json=SHANGHAI_HOLDINGS),
    ]
    stub.router.get(SHENZHEN).respond(json=SHENZHEN_HOLDINGS)

    result = await stub.connector(SecuritiesConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert accounts.call_count == 1
    assert outcomes(result) == ["ok", "http_503", "ok", "ok"]
    assert (result.requests, result.attempts) == (4, 2)
    assert len(result.evidence.financial_assets) == 3


@pytest.mark.parametrize("mode", FAILURE_MODES, ids=lambda mode: mode.name)
async def test_a_failing_holdings_request_fails_the_query(stub, person, context, mode):
    stub.router.get(ACCOUNTS).respond(json=ACCOUNTS_EXAMPLE)
    stub.router.get(SHANGHAI).mock(side_effect=answers(mode.effect()))
    stub.router.get(SHENZHEN).respond(json=SHENZHEN_HOLDINGS)

    result = await stub.connector(SecuritiesConnector, max_attempts=3).query(person, context)

    # never a shorter list of holdings: the failure is the answer
    assert result.status is mode.status
    assert result.evidence.financial_assets == ()
    assert outcomes(result) == ["ok"] + [mode.outcome] * (3 if mode.retried else 1)
    assert person.id_number not in (result.reason or "")


def test_the_register_declares_securities():
    assert SecuritiesConnector.scope == "securities"
    assert SecuritiesConnector.registers == ("securities",)
    assert {kind.value for kind in SecuritiesConnector.evidence_kinds} == {"financial_assets"}
