from decimal import Decimal

from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk.evidence import (
    FinancialAsset,
    FinancialKind,
    RecordRef,
    SourceStatus,
    WageIndicator,
)

WIRE_EXAMPLE = {
    "ret": 0,
    "msg": "ok",
    "acct": {"grzh": "GJJ0001", "zt": "01", "jcjs": "4200.00", "yjce": "840.00", "ye": "23000.00"},
}


def _path(person):
    return f"accounts/{person.id_number}"


async def test_wire_example_becomes_balance_and_wage_indicator(agency, person, context):
    stub = agency("provident_fund")
    route = stub.router.get(_path(person)).respond(json=WIRE_EXAMPLE)

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert str(route.calls.last.request.url) == (
        f"http://agency.test/provident-fund/accounts/{person.id_number}"
    )
    ref = RecordRef("provident_fund", "GJJ0001")
    assert result.evidence.financial_assets == (
        FinancialAsset(FinancialKind.PROVIDENT_FUND, Decimal("23000.00"), ref),
    )
    assert result.evidence.wage_indicators == (
        WageIndicator(monthly_wage=Decimal("4200.00"), account_active=True, ref=ref),
    )
    assert str(result.evidence.wage_indicators[0].monthly_wage) == "4200.00"


async def test_sealed_account_is_not_active(agency, person, context):
    stub = agency("provident_fund")
    acct = {**WIRE_EXAMPLE["acct"], "zt": "02", "jcjs": "2000"}
    stub.router.get(_path(person)).respond(json={**WIRE_EXAMPLE, "acct": acct})

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    (indicator,) = result.evidence.wage_indicators
    assert indicator.account_active is False
    assert str(indicator.monthly_wage) == "2000.00"


async def test_no_account_is_not_found(agency, person, context):
    stub = agency("provident_fund")
    stub.router.get(_path(person)).respond(json={"ret": 1, "msg": "无此账户", "acct": None})

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert result.evidence.financial_assets == ()


async def test_missing_balance_is_rejected(agency, person, context):
    stub = agency("provident_fund")
    acct = {key: value for key, value in WIRE_EXAMPLE["acct"].items() if key != "ye"}
    stub.router.get(_path(person)).respond(json={**WIRE_EXAMPLE, "acct": acct})

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert "acct.ye" in (result.reason or "")


async def test_other_ret_code_is_rejected(agency, person, context):
    stub = agency("provident_fund")
    stub.router.get(_path(person)).respond(json={"ret": 9, "msg": "系统维护", "acct": None})

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == "the provident fund refused the query (ret 9)"
