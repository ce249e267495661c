"""不动产登记 housing: status/result envelope, area m², value in 万元 strings."""

from __future__ import annotations

import pytest


def properties(client, id_number):
    response = client.get(f"/housing/v1/owners/{id_number}/properties")
    assert response.status_code == 200
    return response.json()


def test_eligible_house(client):
    assert properties(client, "450102198003120111") == {
        "status": "OK",
        "result": {
            "records": [
                {
                    "bdcdyh": "450102003001GB00001F0001",
                    "fwyt": "住宅",
                    "jzmj": "80.00",
                    "djsj": "2012-05-20",
                    "pgjz_wy": "12.00",
                }
            ]
        },
    }


def test_two_houses_are_one_each_for_self_and_spouse(client):
    [own] = properties(client, "450102197002020915")["result"]["records"]
    [spouse] = properties(client, "450102197203031020")["result"]["records"]
    assert (own["fwyt"], own["jzmj"], own["pgjz_wy"]) == ("住宅", "90.00", "35.00")
    assert (spouse["fwyt"], spouse["jzmj"], spouse["pgjz_wy"]) == ("住宅", "60.00", "18.00")
    assert own["bdcdyh"] != spouse["bdcdyh"]


@pytest.mark.parametrize("id_number", ["450102198207040228", "450102198003120112", "nobody"])
def test_no_record(client, id_number):
    assert properties(client, id_number) == {"status": "NO_RECORD", "result": None}
