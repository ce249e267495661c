"""金融 bank gateway: cents for accounts, yuan strings for investments, 404 when unknown."""

from __future__ import annotations

import pytest

QUERY = "/bank/gateway/deposit-query"
NOT_FOUND = {"respCode": "404001", "respMsg": "customer not found"}


def deposit_query(client, id_number, cert_type="01", name="某人"):
    return client.post(QUERY, json={"certType": cert_type, "certNo": id_number, "custName": name})


def test_eligible_demand_deposit_in_cents(client):
    response = deposit_query(client, "450102198003120111", name="韦国强")
    assert response.status_code == 200
    assert response.json() == {
        "respCode": "000000",
        "respMsg": "success",
        "accounts": [
            {
                "acctNoMasked": "6222****0111",
                "acctType": "D",
                "balanceCents": 300000,
                "interest12mCents": 0,
            }
        ],
        "investments": [],
    }


def test_large_deposits_time_deposit_and_wealth_product(client):
    body = deposit_query(client, "450102196005051114").json()
    assert [(a["acctType"], a["balanceCents"]) for a in body["accounts"]] == [("T", 5000000)]
    assert body["investments"] == [
        {"productCode": "WMP2023001", "kind": "WMP", "marketValue": "10000.00"}
    ]


def test_single_disabled_demand_deposit(client):
    body = deposit_query(client, "450102198808081818").json()
    assert [(a["acctType"], a["balanceCents"]) for a in body["accounts"]] == [("D", 100000)]


@pytest.mark.parametrize(
    ("id_number", "cert_type"),
    [
        pytest.param("450102198207040228", "01", id="scenario-person-without-bank"),
        pytest.param("450102198003120111", "02", id="other-certificate-type"),
        pytest.param("450102198003120112", "01", id="invalid-id"),
    ],
)
def test_customer_not_found_is_http_404(client, id_number, cert_type):
    response = deposit_query(client, id_number, cert_type)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"certType": "01", "custName": "x"}',
        b'{"certType": "01", "certNo": 450102198003120111, "custName": "x"}',
    ],
)
def test_malformed_body_is_400(client, content):
    response = client.post(QUERY, content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": "invalid request"}
