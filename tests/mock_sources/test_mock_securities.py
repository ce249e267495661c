"""中国结算-style securities register: accounts under the 一码通, then holdings per account,
valued at the last weekday on or before the date asked, market values in fen."""

from __future__ import annotations

import pytest

from mock_sources.records import SecuritiesAccountState, is_valid_id_number
from mock_sources.scenarios import HOUSEHOLDS
from mock_sources.synthetic import synthetic_records

ACCOUNTS = "/securities/csdc/v1/investor-accounts"
INVESTOR = "450102197106062116"  # securities_two_accounts, self
NO_INVESTOR = {"rtncode": "1001", "rtnmsg": "无此投资者", "ymth": None, "zhlist": []}


def holdings(client, account, id_number=INVESTOR, cxrq="20261204"):
    return client.get(
        f"/securities/csdc/v1/accounts/{account}/holdings",
        params={"zjhm": id_number, "cxrq": cxrq},
    )


def test_the_investors_accounts_under_the_unified_account(client):
    response = client.get(ACCOUNTS, params={"zjlb": "00", "zjhm": INVESTOR})
    assert response.status_code == 200
    assert response.json() == {
        "rtncode": "0000",
        "rtnmsg": "成功",
        "ymth": "180045010221",
        "zhlist": [
            {"zqzh": "A450102211", "zhlb": "11", "zhzt": "0"},
            {"zqzh": "0450102212", "zhlb": "21", "zhzt": "0"},
            {"zqzh": "F45010221301", "zhlb": "41", "zhzt": "9"},
        ],
    }


def test_holdings_in_fen_at_the_last_weekday_on_or_before_the_date(client):
    # 2026-12-06 is a Sunday: valued on Friday 2026-12-04
    assert holdings(client, "A450102211", cxrq="20261206").json() == {
        "rtncode": "0000",
        "rtnmsg": "成功",
        "zqzh": "A450102211",
        "gzrq": "20261204",
        "cyjl": [{"zqdm": "601398", "zqlb": "GP", "cysl": "1000", "szfen": 580000}],
    }
    assert holdings(client, "A450102211", cxrq="20261202").json()["gzrq"] == "20261202"


def test_a_closed_account_holds_nothing(client):
    assert holdings(client, "F45010221301").json()["cyjl"] == []


@pytest.mark.parametrize(
    ("account", "id_number"),
    [
        pytest.param("A999999999", INVESTOR, id="unknown-account"),
        pytest.param("A450102211", "450102197309092227", id="another-persons-account"),
        pytest.param("A450102211", "450102197106062117", id="invalid-id"),
    ],
)
def test_an_account_not_the_investors_is_2001(client, account, id_number):
    response = holdings(client, account, id_number)
    assert response.status_code == 200
    assert response.json() == {"rtncode": "2001", "rtnmsg": "账户与投资者不符"}


@pytest.mark.parametrize("cxrq", ["2026120", "20261332", "2026-12-04", "２０２６１２０４"])
def test_a_date_that_is_no_date_is_9001(client, cxrq):
    assert holdings(client, "A450102211", cxrq=cxrq).json() == {
        "rtncode": "9001",
        "rtnmsg": "参数错误",
    }


@pytest.mark.parametrize(
    ("id_number", "zjlb"),
    [
        pytest.param("450102197309092227", "00", id="scenario-person-without-account"),
        pytest.param(INVESTOR, "01", id="the-banks-id-card-code"),
        pytest.param("450102197106062117", "00", id="invalid-id"),
    ],
)
def test_no_investor_is_1001(client, id_number, zjlb):
    response = client.get(ACCOUNTS, params={"zjlb": zjlb, "zjhm": id_number})
    assert (response.status_code, response.json()) == (200, NO_INVESTOR)


def test_missing_parameters_are_400(client):
    assert client.get(ACCOUNTS, params={"zjlb": "00"}).status_code == 400
    assert client.get("/securities/csdc/v1/accounts/A450102211/holdings").status_code == 400


def test_no_scenario_person_has_securities_at_the_bank(client):
    # the bank reports its wealth products only: stocks and funds are the register's
    for household in HOUSEHOLDS:
        for member in household.members:
            bank = member.records.bank
            assert bank is None or all(i.kind.value == "WMP" for i in bank.investments)


def test_synthetic_fund_units_are_in_the_register_and_not_at_the_bank(client):
    found = None
    for serial in range(12000):
        first17 = f"4501021980{serial // 1000 + 1:02d}01{serial % 1000:03d}"
        id_number = next(
            first17 + check for check in "0123456789X" if is_valid_id_number(first17 + check)
        )
        records = synthetic_records(id_number)
        if records.securities is not None:
            found = id_number, records
            break
    assert found is not None
    id_number, records = found
    assert records.bank is not None and records.bank.investments == ()
    (account,) = records.securities.accounts
    assert account.state is SecuritiesAccountState.NORMAL
    listed = client.get(ACCOUNTS, params={"zjlb": "00", "zjhm": id_number}).json()
    assert [a["zqzh"] for a in listed["zhlist"]] == [account.number]
    (holding,) = holdings(client, account.number, id_number).json()["cyjl"]
    assert holding["zqlb"] == "JJ"
    assert holding["szfen"] == int(account.holdings[0].market_value * 100)
    bank = client.post(
        "/bank/gateway/deposit-query",
        json={"certType": "01", "certNo": id_number, "custName": "x"},
    ).json()
    assert bank["investments"] == []
