"""保险 the insurance platform: policies with product codes and cash value; annuity payments in
date ranges of at most 92 days, at most five an answer, continued from ``jzrq``."""

from __future__ import annotations

import pytest

CASH_VALUE = "450102196804152114"  # insurance_cash_value: a whole-life policy
ANNUITANT = "450102195503012316"  # annuity_income: two annuities paid on the 15th
MEDICAL = "450102197902252519"  # medical_only: medical and accident cover


def _policies(client, id_number, gzrq="20260430"):
    return client.get("/insurance/v2/policies", params={"zjhm": id_number, "gzrq": gzrq})


def _payments(client, id_number, qsrq, zzrq):
    return client.get(
        "/insurance/v2/annuity-payments", params={"zjhm": id_number, "qsrq": qsrq, "zzrq": zzrq}
    )


def test_whole_life_policy_and_its_cash_value(client):
    response = _policies(client, CASH_VALUE)
    assert response.status_code == 200
    assert response.json() == {
        "code": "0000",
        "msg": "成功",
        "data": {
            "gzrq": "20260430",
            "bdxx": [
                {
                    "bdh": "P2009450102000211",
                    "xzdm": "01",
                    "bdzt": "1",
                    "cbrq": "20090601",
                    "xjjz": "18000.00",
                }
            ],
        },
    }


def test_medical_and_accident_cover_has_no_cash_value(client):
    policies = _policies(client, MEDICAL).json()["data"]["bdxx"]
    assert [(p["xzdm"], p["xjjz"]) for p in policies] == [("04", "0.00"), ("05", "0.00")]


def test_a_policy_issued_after_the_valuation_date_is_not_listed(client):
    assert _policies(client, MEDICAL, gzrq="20211231").json()["data"]["bdxx"] == [
        {"bdh": "P2021450102000251", "xzdm": "04", "bdzt": "1", "cbrq": "20210101", "xjjz": "0.00"}
    ]
    assert _policies(client, MEDICAL, gzrq="20201231").json()["code"] == "1001"


@pytest.mark.parametrize("id_number", ["450102198003120111", "450102198003120112", "nobody"])
def test_no_policy(client, id_number):
    assert _policies(client, id_number).json() == {
        "code": "1001",
        "msg": "无保单记录",
        "data": None,
    }
    assert _payments(client, id_number, "20260101", "20260331").json()["code"] == "1001"


def test_six_payments_a_quarter_are_answered_in_two_parts(client):
    # 300.00 and 200.00 on the 15th of each month: six payments in 2026-01..03, five an answer
    first = _payments(client, ANNUITANT, "20260101", "20260331").json()
    assert first["code"] == "0000"
    data = first["data"]
    # the sixth payment falls on 03-15 with the fifth: the answer stops at the end of 03-14
    assert data["qsrq"] == "20260101" and data["jzrq"] == "20260314"
    assert [(r["gfrq"], r["gfje"]) for r in data["jfjl"]] == [
        ("20260115", "300.00"),
        ("20260115", "200.00"),
        ("20260215", "300.00"),
        ("20260215", "200.00"),
    ]
    rest = _payments(client, ANNUITANT, "20260315", "20260331").json()["data"]
    assert rest["jzrq"] == "20260331"
    assert [(r["gfrq"], r["gfje"]) for r in rest["jfjl"]] == [
        ("20260315", "300.00"),
        ("20260315", "200.00"),
    ]
    refs = [r["lsh"] for r in data["jfjl"] + rest["jfjl"]]
    assert len(set(refs)) == 6 and all(r.startswith("NJ") for r in refs)


def test_payments_start_with_the_annuity(client):
    # the 200.00 annuity pays from 2020-03-15, the 300.00 one from 2015-03-15
    data = _payments(client, ANNUITANT, "20200201", "20200331").json()["data"]
    assert [(r["gfrq"], r["gfje"]) for r in data["jfjl"]] == [
        ("20200215", "300.00"),
        ("20200315", "300.00"),
        ("20200315", "200.00"),
    ]


@pytest.mark.parametrize(
    ("qsrq", "zzrq", "code"),
    [
        ("20260101", "20260402", "0000"),  # 92 days
        ("20260101", "20260403", "2001"),  # 93
        ("20260401", "20260101", "9001"),
        ("2026-01-01", "20260331", "9001"),
        ("20260230", "20260331", "9001"),
    ],
)
def test_range_limits(client, qsrq, zzrq, code):
    assert _payments(client, ANNUITANT, qsrq, zzrq).json()["code"] == code


def test_a_missing_parameter_is_400(client):
    response = client.get("/insurance/v2/policies", params={"zjhm": ANNUITANT})
    assert response.status_code == 400


def test_needs_the_authorization_headers(bare_client):
    response = bare_client.get(
        "/insurance/v2/policies", params={"zjhm": ANNUITANT, "gzrq": "20260430"}
    )
    assert response.status_code == 400
    assert response.json() == {"error": "missing authorization header"}


def test_faults_reach_the_insurance_platform(client):
    assert client.put("/_faults/insurance", json={"error_rate": 1}).status_code == 200
    try:
        assert _policies(client, ANNUITANT).status_code == 503
    finally:
        client.delete("/_faults/insurance")
    assert _policies(client, ANNUITANT).status_code == 200
