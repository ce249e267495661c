"""公安 hukou: identity verification in a code/msg/data envelope."""

from __future__ import annotations

import pytest

VERIFY = "/hukou/api/v2/person/verify"


def verify(client, id_number, name):
    response = client.post(VERIFY, json={"sfzhm": id_number, "xm": name})
    assert response.status_code == 200
    return response.json()


def test_active_scenario_person_with_matching_name(client):
    assert verify(client, "450102198003120111", "韦国强") == {
        "code": "0000",
        "msg": "成功",
        "data": {
            "rybh": "R4501020001",
            "hjzt": "正常",
            "swrq": None,
            "hjdz_xzqh": "450102",
            "xm_match": "1",
        },
    }


def test_name_mismatch_is_reported_not_refused(client):
    body = verify(client, "450102198003120111", "韦国")
    assert body["code"] == "0000"
    assert body["data"]["xm_match"] == "0"
    assert body["data"]["hjzt"] == "正常"


def test_deceased_member_has_date_of_death(client):
    data = verify(client, "45010219520202142X", "蒙阿婆")["data"]
    assert (data["hjzt"], data["swrq"], data["xm_match"]) == ("死亡", "2026-03-15", "1")


def test_unknown_person_is_1004_with_http_200(client):
    assert verify(client, "450102199111111727", "韦丽") == {
        "code": "1004",
        "msg": "查无此人",
        "data": None,
    }


def test_synthetic_person_is_registered_in_the_region_of_the_id(client):
    data = verify(client, "110101199003078515", "任意名")["data"]
    assert data["hjdz_xzqh"] == "110101"
    assert data["xm_match"] == "1"
    assert data["rybh"].startswith("R110101")
    assert "110101199003078515" not in data["rybh"]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"not json", id="not-json"),
        pytest.param(b"[]", id="not-an-object"),
        pytest.param(b'{"sfzhm": "450102198003120111"}', id="no-name"),
        pytest.param(b'{"xm": "\\u97e6\\u56fd\\u5f3a"}', id="no-id"),
        pytest.param(b'{"sfzhm": 450102198003120111, "xm": "x"}', id="id-not-string"),
        pytest.param(b'{"sfzhm": "450102198003120112", "xm": "x"}', id="bad-check-digit"),
        pytest.param(b'{"sfzhm": "45010219800312011", "xm": "x"}', id="17-chars"),
        pytest.param(b'{"sfzhm": "45010219770909052x", "xm": "x"}', id="lower-case-x"),
    ],
)
def test_bad_body_is_9001_with_http_200(client, content):
    response = client.post(VERIFY, content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"code": "9001", "msg": "参数错误", "data": None}


def test_record_references_are_distinct_across_scenario_people(client):
    members = [
        member
        for household in client.get("/_scenarios").json()["scenarios"]
        for member in household["members"]
    ]
    refs = [
        body["data"]["rybh"]
        for body in (verify(client, m["id_number"], m["name"]) for m in members)
        if body["code"] == "0000"
    ]
    assert len(refs) == len(members) - 1  # the unknown_person spouse has none
    assert len(set(refs)) == len(refs)
