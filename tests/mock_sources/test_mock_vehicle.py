"""车管 vehicle: page/size pagination, values in integer fen."""

from __future__ import annotations

import pytest

from mock_sources.scenarios import records_for

ELIGIBLE_SELF = "450102198003120111"


def test_eligible_tractor_with_size_one(client):
    first = client.get("/vehicle/vehicles", params={"idNo": ELIGIBLE_SELF, "page": 1, "size": 1})
    assert first.status_code == 200
    assert first.json() == {
        "total": 1,
        "page": 1,
        "size": 1,
        "items": [
            {
                "hphm": "桂AT0318",
                "clzl": "手扶拖拉机",
                "syxz": "农用",
                "ccdjrq": "20180409",
                "pgjz_fen": 800000,
            }
        ],
    }
    second = client.get("/vehicle/vehicles", params={"idNo": ELIGIBLE_SELF, "page": 2, "size": 1})
    assert second.json() == {"total": 1, "page": 2, "size": 1, "items": []}


def test_private_car_value_in_fen(client):
    body = client.get("/vehicle/vehicles", params={"idNo": "450102198506060616"}).json()
    assert (body["total"], body["page"], body["size"]) == (1, 1, 20)
    [car] = body["items"]
    assert (car["syxz"], car["clzl"], car["pgjz_fen"]) == ("非营运", "小型轿车", 6000000)
    assert isinstance(car["pgjz_fen"], int)


@pytest.mark.parametrize("id_number", ["45010219870808072X", "450102198003120112", "nobody"])
def test_no_vehicles_and_unknown_people_look_the_same(client, id_number):
    body = client.get("/vehicle/vehicles", params={"idNo": id_number}).json()
    assert body == {"total": 0, "page": 1, "size": 20, "items": []}


def _id_with_check_digit(first17):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def test_following_pages_of_size_one_returns_every_vehicle_once(client, all_vehicles):
    candidates = (_id_with_check_digit(f"45010219800101{n:03d}") for n in range(1000))
    owner = next(i for i in candidates if len(records_for(i).vehicles) >= 2)
    whole = client.get("/vehicle/vehicles", params={"idNo": owner, "size": 20}).json()
    assert whole["total"] >= 2
    assert len(whole["items"]) == whole["total"]
    paged = all_vehicles(owner, 1)
    assert paged == whole["items"]
    assert len({item["hphm"] for item in paged}) == whole["total"]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"idNo": ELIGIBLE_SELF, "size": 21}, id="size-over-20"),
        pytest.param({"idNo": ELIGIBLE_SELF, "size": 0}, id="size-0"),
        pytest.param({"idNo": ELIGIBLE_SELF, "page": 0}, id="page-0"),
        pytest.param({"idNo": ELIGIBLE_SELF, "page": "x"}, id="page-not-int"),
        pytest.param({"page": 1}, id="no-idNo"),
    ],
)
def test_bad_query_is_400(client, params):
    response = client.get("/vehicle/vehicles", params=params)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid request"}
