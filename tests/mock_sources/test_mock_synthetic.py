"""Non-scenario people: records derived from SHA-256 of the ID number."""

from __future__ import annotations

import pytest

from mock_sources.records import AccountType, TaxItem, VehicleUse, is_valid_id_number
from mock_sources.scenarios import records_for, scenario_member
from mock_sources.synthetic import synthetic_records

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check(first17):
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


SAMPLE = [with_check(f"450122{1950 + n % 55}0{1 + n % 9}1{n % 10}{n:03d}") for n in range(600)]
STRANGER = "110101199003078515"


def test_sample_ids_are_valid_and_not_scenario_people():
    assert all(is_valid_id_number(i) for i in SAMPLE)
    assert not any(scenario_member(i) for i in SAMPLE)


def test_same_id_same_answers_from_the_same_server(observe):
    assert observe(STRANGER, "任意名") == observe(STRANGER, "任意名")


async def test_same_id_same_answers_from_a_fresh_app(asgi_client, client):
    for id_number in SAMPLE[:40]:
        for path in (
            f"/vehicle/vehicles?idNo={id_number}",
            f"/housing/v1/owners/{id_number}/properties",
            f"/provident-fund/accounts/{id_number}",
            f"/tax/income-records?nsrsbh={id_number}&from=202401&to=202412",
        ):
            fresh = await asgi_client.get(path)
            assert fresh.json() == client.get(path).json()
        body = {"certType": "01", "certNo": id_number, "custName": "某人"}
        fresh_bank = await asgi_client.post("/bank/gateway/deposit-query", json=body)
        live_bank = client.post("/bank/gateway/deposit-query", json=body)
        assert (fresh_bank.status_code, fresh_bank.json()) == (
            live_bank.status_code,
            live_bank.json(),
        )


def test_records_are_a_pure_function_of_the_id():
    assert [synthetic_records(i) for i in SAMPLE] == [records_for(i) for i in SAMPLE]
    assert records_for(SAMPLE[0]) != records_for(SAMPLE[1])


def test_the_mix_looks_like_a_rural_district():
    records = [records_for(i) for i in SAMPLE]
    adults = [r for i, r in zip(SAMPLE, records, strict=True) if int(i[6:10]) <= 2007]
    assert len(adults) == len(records)  # the sample is all adults
    nothing = [r for r in records if not (r.tax or r.bank or r.vehicles or r.properties)]
    labour = [r for r in records if any(t.item is TaxItem.LABOUR for t in r.tax)]
    wages = [r for r in records if any(t.item is TaxItem.WAGES for t in r.tax)]
    deposits = [r for r in records if r.bank and r.bank.accounts]
    cars = [r for r in records if any(v.use is VehicleUse.PRIVATE for v in r.vehicles)]
    houses = [r for r in records if r.properties]
    assert all(r.hukou is not None for r in records)
    assert 0.1 < len(nothing) / len(records) < 0.5
    assert 0.2 < len(labour) / len(records) < 0.6
    assert 0.05 < len(wages) / len(records) < 0.4
    assert 0.2 < len(deposits) / len(records) < 0.6
    assert 0 < len(cars) / len(records) < 0.1
    assert 0 < len(houses) / len(records) < 0.2


def test_amounts_have_two_places_and_demand_deposits_come_first():
    for records in map(records_for, SAMPLE):
        amounts = [t.monthly_income for t in records.tax] + [v.value for v in records.vehicles]
        if records.bank:
            amounts += [a.balance for a in records.bank.accounts]
            assert records.bank.accounts[0].account_type is AccountType.DEMAND
        assert all(a.as_tuple().exponent == -2 and a > 0 for a in amounts)


def test_minors_have_no_income_vehicles_or_property():
    minors = [with_check(f"4501022015{m:02d}01{n:03d}") for m in range(1, 13) for n in range(50)]
    for records in map(records_for, minors):
        assert (records.tax, records.vehicles, records.properties) == ((), (), ())
        assert records.provident_fund is None


def test_synthetic_person_through_every_agency(client, observe):
    person = next(i for i in SAMPLE if records_for(i).tax and records_for(i).bank)
    expected = records_for(person)
    seen = observe(person, "任意名")
    assert seen["hukou"]["data"]["hjdz_xzqh"] == "450122"
    assert len(seen["tax"]) == 12 * len(expected.tax)
    assert {row["sre"] for row in seen["tax"]} == {f"{t.monthly_income:f}" for t in expected.tax}
    status_code, bank = seen["bank"]
    assert status_code == 200
    assert [a["balanceCents"] for a in bank["accounts"]] == [
        int(a.balance * 100) for a in expected.bank.accounts
    ]


@pytest.mark.parametrize(
    "id_number",
    [
        "450122198506151231",  # wrong check digit
        "450122198502301234",  # 30 February
        "45012219850615123",  # 17 characters
        "45012219700101456x",  # lower-case x
    ],
)
def test_invalid_id_numbers_have_no_records_anywhere(client, id_number):
    assert records_for(id_number) is None
    assert client.get(f"/vehicle/vehicles?idNo={id_number}").json()["total"] == 0
    assert client.get(f"/housing/v1/owners/{id_number}/properties").json()["status"] == "NO_RECORD"
    assert client.get(f"/provident-fund/accounts/{id_number}").json()["ret"] == 1
    bank = client.post(
        "/bank/gateway/deposit-query", json={"certType": "01", "certNo": id_number, "custName": "x"}
    )
    assert bank.status_code == 404
    tax = client.get(f"/tax/income-records?nsrsbh={id_number}&from=202401&to=202412")
    assert tax.json() == {"rows": [], "next_cursor": None}
    hukou = client.post("/hukou/api/v2/person/verify", json={"sfzhm": id_number, "xm": "x"})
    assert hukou.json()["code"] == "9001"


def test_a_few_people_hold_policies_businesses_and_companies():
    """Issue #20's sources reach synthetic people too, read from a second digest: policies
    (most with a cash value, a few annuities being paid), 个体工商户 and, rarer, a company."""
    from mock_sources.records import EntityRole, EntityType, InsuranceProduct, PolicyStatus

    people = sorted(
        {
            with_check(f"450122{1950 + n % 55}0{1 + n % 9}1{n % 10}{n % 1000:03d}")
            for n in range(3000)
        }
    )
    assert len(people) > 2900
    records = [records_for(i) for i in people]
    policies = [p for r in records for p in r.insurance]
    holders = [r for r in records if r.insurance]
    annuities = [p for p in policies if p.product is InsuranceProduct.ANNUITY]
    valued = [p for p in policies if p.cash_value > 0]
    businesses = [
        e for r in records for e in r.market_entities if e.entity_type is EntityType.INDIVIDUAL
    ]
    company_roles = {
        e.role
        for r in records
        for e in r.market_entities
        if e.entity_type is EntityType.LIMITED_COMPANY
    }
    assert 0.02 < len(holders) / len(records) < 0.08
    assert len(valued) > len(policies) / 2
    assert 0 < len(annuities) < len(policies) / 4
    assert all(p.status is PolicyStatus.PAYING_OUT and p.monthly_annuity > 0 for p in annuities)
    assert all(p.annuity_from is not None for p in annuities)
    assert 0 < len(businesses) / len(records) < 0.02
    assert all(e.turnover and e.turnover > 0 and e.role is EntityRole.OPERATOR for e in businesses)
    assert company_roles == {EntityRole.LEGAL_REPRESENTATIVE, EntityRole.SHAREHOLDER}
    # rarer than a business
    companies = [r for r in records if any(e.subscribed for e in r.market_entities)]
    assert 0 < len(companies) < len(businesses)


def test_children_hold_no_policy_or_business():
    children = [
        with_check(f"4501222015{n % 12 + 1:02d}1{n % 10}{n % 1000:03d}") for n in range(1500)
    ]
    assert all(is_valid_id_number(i) for i in children)
    records = [records_for(i) for i in children]
    assert not any(r.insurance or r.market_entities for r in records)
