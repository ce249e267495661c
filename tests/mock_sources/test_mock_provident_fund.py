"""住房公积金: ret/msg/acct envelope with yuan strings."""

from __future__ import annotations

import pytest


def test_income_above_account(client):
    response = client.get("/provident-fund/accounts/450102197501010412")
    assert response.status_code == 200
    assert response.json() == {
        "ret": 0,
        "msg": "ok",
        "acct": {
            "grzh": "GJJ45010200041",
            "zt": "01",
            "jcjs": "2000.00",
            "yjce": "400.00",
            "ye": "15000.00",
        },
    }


@pytest.mark.parametrize("id_number", ["45010219770909052X", "450102198003120112", "nobody"])
def test_no_account(client, id_number):
    response = client.get(f"/provident-fund/accounts/{id_number}")
    assert response.status_code == 200
    assert response.json() == {"ret": 1, "msg": "无此账户", "acct": None}
