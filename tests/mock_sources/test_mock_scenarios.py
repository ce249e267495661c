"""The scenario households: the listing endpoint and every record of WIRE.md's table.

``WIRE_TABLE`` is transcribed from WIRE.md independently of ``scenarios.py``,
and each person is checked through every built-in agency over HTTP, so a record
that is missing, extra, or in the wrong unit fails here.
"""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from mock_sources.records import is_valid_id_number

HOUSEHOLD_MEMBERS = {
    "eligible": [
        ("450102198003120111", "韦国强", "self"),
        ("450102198207040228", "黄秀兰", "spouse"),
        ("450102201002150313", "韦小明", "child"),
    ],
    "income_above": [
        ("450102197501010412", "陆建华", "self"),
        ("45010219770909052X", "莫丽萍", "spouse"),
    ],
    "private_car": [
        ("450102198506060616", "覃志勇", "self"),
        ("45010219870808072X", "蓝春燕", "spouse"),
        ("450102201201010815", "覃浩", "child"),
    ],
    "two_houses": [
        ("450102197002020915", "梁永福", "self"),
        ("450102197203031020", "韦美玲", "spouse"),
    ],
    "large_deposits": [
        ("450102196005051114", "黄德明", "self"),
        ("450102196207071228", "李桂芳", "spouse"),
    ],
    "deceased_member": [
        ("450102195001011313", "潘老汉", "self"),
        ("45010219520202142X", "蒙阿婆", "spouse"),
        ("450102197803031518", "潘大明", "child"),
    ],
    "unknown_person": [
        ("450102199009091619", "农建军", "self"),
        ("450102199111111727", "韦丽", "spouse"),
    ],
    "single_disabled": [("450102198808081818", "覃小军", "self")],
    "low_income_edge": [
        ("450102198304031913", "罗志强", "self"),
        ("450102198405062022", "韦春花", "spouse"),
    ],
    "securities_two_accounts": [
        ("450102197106062116", "黄振华", "self"),
        ("450102197309092227", "莫秀英", "spouse"),
    ],
    # the employment and social-insurance source's households: their social-insurance
    # records are its own mock agency's (tests/connectors/test_social_insurance_*.py)
    "elder_basic_pension": [("450102195004122123", "莫桂英", "self")],
    "retired_employee": [
        ("450102195806012313", "梁振华", "self"),
        ("450102196208152329", "黄月娥", "spouse"),
    ],
    "unemployed_benefit": [
        ("450102198503102411", "何志明", "self"),
        ("45010219860922242X", "覃丽娟", "spouse"),
        ("450102201201052513", "何俊", "child"),
        ("45010220150618252X", "何小雨", "child"),
    ],
    "undeclared_wages": [
        ("450102199002142612", "陈建宁", "self"),
        ("45010219920707262X", "刘小燕", "spouse"),
    ],
    "insurance_cash_value": [
        ("450102196804152114", "黄志坚", "self"),
        ("450102197006122222", "农秀英", "spouse"),
    ],
    "annuity_income": [
        ("450102195503012316", "梁伯年", "self"),
        ("450102195709182425", "陆桂英", "spouse"),
    ],
    "medical_only": [
        ("450102197902252519", "韦振华", "self"),
        ("450102198105072624", "覃月娥", "spouse"),
    ],
    "business_turnover": [
        ("450102197906062114", "黄振华", "self"),
        ("450102198102142228", "陈小燕", "spouse"),
    ],
    "company_shareholder": [
        ("450102197604042310", "蒙建国", "self"),
        ("450102197808082429", "覃月娥", "spouse"),
    ],
    "business_closed": [
        ("450102198207072510", "韦德胜", "self"),
        ("450102198509092621", "罗美玉", "spouse"),
        ("450102201105052716", "韦小龙", "child"),
    ],
}

EXPECTED_OUTCOMES = {
    "eligible": "eligible",
    "income_above": "ineligible",
    "private_car": "ineligible",
    "two_houses": "ineligible",
    "large_deposits": "ineligible",
    "deceased_member": "review_required",
    "unknown_person": "review_required",
    "single_disabled": "eligible",
    "low_income_edge": "ineligible",
    "elder_basic_pension": "eligible",
    "retired_employee": "ineligible",
    "unemployed_benefit": "ineligible",
    "undeclared_wages": "review_required",
    "securities_two_accounts": "ineligible",
    "insurance_cash_value": "ineligible",
    "annuity_income": "ineligible",
    "medical_only": "eligible",
    "business_turnover": "ineligible",
    "company_shareholder": "ineligible",
    "business_closed": "eligible",
}

# Only what WIRE.md lists; everything else must be absent.
# tax: (sdxm, monthly sre); vehicles: (syxz, clzl, pgjz_fen); houses: (fwyt, jzmj);
# accounts: (acctType, balanceCents); investments: (kind, marketValue);
# fund: (zt, jcjs, ye); hukou: (hjzt, swrq) or "1004";
# securities: {zqzh: (zhlb, zhzt, [(zqdm, zqlb, cysl, szfen)])}.
# fund: (zt, jcjs, ye); hukou: (hjzt, swrq) or "1004"; policies: (xzdm, bdzt, xjjz);
# annuities: (monthly gfje, payments in the 12 months).
WIRE_TABLE = {
    "450102198003120111": {
        "tax": [("0400", "300.00")],
        "accounts": [("D", 300000)],
        "vehicles": [("农用", "手扶拖拉机", 800000)],
        "houses": [("住宅", "80.00")],
    },
    "450102197501010412": {"tax": [("0101", "2000.00")], "fund": ("01", "2000.00", "15000.00")},
    "45010219770909052X": {"tax": [("0101", "1000.00")]},
    "450102198506060616": {
        "tax": [("0400", "240.00")],
        "vehicles": [("非营运", "小型轿车", 6000000)],
    },
    "450102197002020915": {"tax": [("0400", "200.00")], "houses": [("住宅", "90.00")]},
    "450102197203031020": {"houses": [("住宅", "60.00")]},
    "450102196005051114": {
        "tax": [("0400", "150.00")],
        "accounts": [("T", 5000000)],
        "investments": [("WMP", "10000.00")],
    },
    "45010219520202142X": {"hukou": ("死亡", "2026-03-15")},
    "450102197803031518": {"tax": [("0400", "200.00")]},
    "450102199111111727": {"hukou": "1004"},
    "450102199009091619": {"tax": [("0400", "200.00")]},
    "450102198808081818": {"accounts": [("D", 100000)]},
    "450102198304031913": {"tax": [("0101", "600.00")]},
    "450102197106062116": {
        "tax": [("0400", "200.00")],
        "accounts": [("D", 53620)],
        "securities": {
            "A450102211": ("11", "0", [("601398", "GP", "1000", 580000)]),
            "0450102212": ("21", "0", [("159919", "JJ", "1200.00", 480000)]),
            "F45010221301": ("41", "9", []),
        },
    },
    "450102196804152114": {
        "tax": [("0400", "200.00")],
        "accounts": [("D", 200000)],
        "policies": [("01", "1", "18000.00")],
    },
    "450102195503012316": {
        "policies": [("02", "4", "2000.00"), ("02", "4", "1500.00")],
        "annuities": [("200.00", 12), ("300.00", 12)],
    },
    "450102197902252519": {
        "tax": [("0400", "300.00")],
        "accounts": [("D", 150000)],
        "policies": [("04", "1", "0.00"), ("05", "1", "0.00")],
    },
    "450102198105072624": {"policies": [("04", "1", "0.00")]},
    # market: (NBXH, ZTLX, RYLX, DJZT, ZCZB, RJCZE, NBND, YYSR) as the XML holds them (万元)
    "450102197906062114": {
        "market": [("NB4501022021000321", "9600", "03", "01", "3", None, "2025", "9.6")]
    },
    "450102197604042310": {
        "tax": [("0400", "200.00")],
        "market": [
            ("NB4501022019001187", "1130", "01", "02", "50", None, "2025", "80"),
            ("NB4501022019001187", "1130", "02", "02", "50", "10", "2025", "80"),
        ],
    },
    "450102198207072510": {
        "tax": [("0400", "300.00")],
        "market": [
            ("NB4501022016000452", "9600", "03", "04", None, None, "2022", "15"),
            ("NB4501022015000098", "1130", "02", "03", "10", "2", None, None),
        ],
    },
}

ALL_MEMBERS = [
    pytest.param(id_number, name, id=f"{household}-{relation}")
    for household, members in HOUSEHOLD_MEMBERS.items()
    for id_number, name, relation in members
]


def test_listing_has_every_household_with_its_members(bare_client):
    response = bare_client.get("/_scenarios")
    assert response.status_code == 200
    households = response.json()["scenarios"]
    assert [h["name"] for h in households] == list(HOUSEHOLD_MEMBERS)
    for household in households:
        members = [(m["id_number"], m["name"], m["relation"]) for m in household["members"]]
        assert members == HOUSEHOLD_MEMBERS[household["name"]]
        assert household["expected_outcome"] == EXPECTED_OUTCOMES[household["name"]]
        assert (household["region"], household["area"], household["policy"]) == (
            "450102",
            "rural",
            "gx-rural",
        )


@pytest.mark.parametrize("name", list(HOUSEHOLD_MEMBERS))
def test_single_household_matches_the_listing(bare_client, name):
    listed = {h["name"]: h for h in bare_client.get("/_scenarios").json()["scenarios"]}
    response = bare_client.get(f"/_scenarios/{name}")
    assert response.status_code == 200
    assert response.json() == listed[name]


def test_unknown_scenario_is_404_json(bare_client):
    response = bare_client.get("/_scenarios/no_such_household")
    assert response.status_code == 404
    assert response.json() == {"error": "unknown scenario"}


def test_scenario_id_numbers_are_valid_and_unique():
    ids = [id_number for members in HOUSEHOLD_MEMBERS.values() for id_number, _, _ in members]
    assert all(is_valid_id_number(id_number) for id_number in ids)
    assert len(set(ids)) == len(ids) == 44


@pytest.mark.parametrize(("id_number", "name"), ALL_MEMBERS)
def test_agencies_hold_exactly_the_wire_table_records(observe, id_number, name):
    expected = WIRE_TABLE.get(id_number, {})
    seen = observe(id_number, name)

    hukou = seen["hukou"]
    if expected.get("hukou") == "1004":
        assert hukou == {"code": "1004", "msg": "查无此人", "data": None}
    else:
        status, died = expected.get("hukou", ("正常", None))
        data = hukou["data"]
        assert hukou["code"] == "0000"
        assert (data["hjzt"], data["swrq"], data["hjdz_xzqh"], data["xm_match"]) == (
            status,
            died,
            "450102",
            "1",
        )

    tax = seen["tax"]
    expected_tax = expected.get("tax", [])
    assert len(tax) == 12 * len(expected_tax)
    assert sorted({(row["sdxm"], row["sre"]) for row in tax}) == sorted(expected_tax)
    assert all(row["ynse"] == "0.00" for row in tax)

    vehicles = [(v["syxz"], v["clzl"], v["pgjz_fen"]) for v in seen["vehicles"]]
    assert vehicles == expected.get("vehicles", [])

    housing = seen["housing"]
    if "houses" in expected:
        assert housing["status"] == "OK"
        houses = [(r["fwyt"], r["jzmj"]) for r in housing["result"]["records"]]
        assert houses == expected["houses"]
    else:
        assert housing == {"status": "NO_RECORD", "result": None}

    status_code, bank = seen["bank"]
    if "accounts" in expected or "investments" in expected:
        assert status_code == 200
        accounts = [(a["acctType"], a["balanceCents"]) for a in bank["accounts"]]
        assert accounts == expected.get("accounts", [])
        assert all(a["interest12mCents"] == 0 for a in bank["accounts"])
        investments = [(i["kind"], i["marketValue"]) for i in bank["investments"]]
        assert investments == expected.get("investments", [])
    else:
        assert (status_code, bank) == (404, {"respCode": "404001", "respMsg": "customer not found"})

    fund = seen["provident_fund"]
    if "fund" in expected:
        assert (fund["ret"], fund["acct"]["zt"], fund["acct"]["jcjs"], fund["acct"]["ye"]) == (
            0,
            *expected["fund"],
        )
    else:
        assert fund == {"ret": 1, "msg": "无此账户", "acct": None}

    _check_securities(seen["securities"], expected)
    _check_insurance(seen, expected)
    _check_market(seen["market_regulation"], expected)


def _check_securities(securities: dict, expected: dict) -> None:
    if "securities" in expected:
        assert securities["accounts"]["rtncode"] == "0000"
        listed = {a["zqzh"]: (a["zhlb"], a["zhzt"]) for a in securities["accounts"]["zhlist"]}
        assert listed == {number: held[:2] for number, held in expected["securities"].items()}
        for number, (_, _, expected_holdings) in expected["securities"].items():
            answer = securities["holdings"][number]
            assert (answer["rtncode"], answer["zqzh"], answer["gzrq"]) == (
                "0000",
                number,
                "20261204",
            )
            holdings = [(h["zqdm"], h["zqlb"], h["cysl"], h["szfen"]) for h in answer["cyjl"]]
            assert holdings == expected_holdings
    else:
        assert securities == {
            "accounts": {"rtncode": "1001", "rtnmsg": "无此投资者", "ymth": None, "zhlist": []},
            "holdings": {},
        }


def _check_insurance(seen: dict, expected: dict) -> None:
    insurance = seen["insurance"]
    if "policies" in expected:
        assert insurance["code"] == "0000"
        policies = [(p["xzdm"], p["bdzt"], p["xjjz"]) for p in insurance["data"]["bdxx"]]
        assert policies == expected["policies"]
    else:
        assert insurance == {"code": "1001", "msg": "无保单记录", "data": None}
    annuities = sorted(p["gfje"] for p in seen["annuities"])
    assert sorted({(a, annuities.count(a)) for a in annuities}) == expected.get("annuities", [])


def _check_market(answer: str, expected: dict) -> None:
    market = ElementTree.fromstring(answer)
    fields = ("NBXH", "ZTLX", "RYLX", "DJZT", "ZCZB", "RJCZE", "NBND", "YYSR")
    if "market" in expected:
        assert market.findtext("HEAD/CODE") == "0000"
        entities = [tuple(e.findtext(f) for f in fields) for e in market.iter("ENTITY")]
        assert entities == expected["market"]
    else:
        assert (market.findtext("HEAD/CODE"), market.findtext("HEAD/MSG")) == ("0001", "查无记录")
        assert market.find("BODY") is None
