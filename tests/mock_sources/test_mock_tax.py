"""税务 tax: one row per month and item, cursor-paginated six rows a page."""

from __future__ import annotations

import base64

import pytest

from mock_sources.records import TaxItem
from mock_sources.scenarios import records_for

RECORDS = "/tax/income-records"
ELIGIBLE_SELF = "450102198003120111"
TWELVE_MONTHS = [f"2024{m:02d}" for m in (11, 12)] + [f"2025{m:02d}" for m in range(1, 11)]


def test_eligible_labour_income_for_twelve_months_over_two_pages(client, tax_rows):
    rows, pages = tax_rows(ELIGIBLE_SELF, "202411", "202510")
    assert pages == 2
    assert [row["ssq"] for row in rows] == TWELVE_MONTHS
    assert {(row["sdxm"], row["sre"], row["ynse"]) for row in rows} == {("0400", "300.00", "0.00")}
    assert len({row["pzxh"] for row in rows}) == 12
    assert all(ELIGIBLE_SELF not in row["pzxh"] for row in rows)


def test_first_page_has_six_rows_and_a_cursor(client):
    params = {"nsrsbh": ELIGIBLE_SELF, "from": "202411", "to": "202510"}
    first = client.get(RECORDS, params=params).json()
    assert len(first["rows"]) == 6
    assert isinstance(first["next_cursor"], str)
    second = client.get(RECORDS, params={**params, "cursor": first["next_cursor"]}).json()
    assert [row["ssq"] for row in second["rows"]] == TWELVE_MONTHS[6:]
    assert second["next_cursor"] is None
    again = client.get(RECORDS, params={**params, "cursor": first["next_cursor"]}).json()
    assert again == second


@pytest.mark.parametrize(
    ("period_to", "expected_pages", "last_page_rows"),
    [("202506", 1, 6), ("202507", 2, 1), ("202501", 1, 1)],
)
def test_page_boundaries(client, tax_rows, period_to, expected_pages, last_page_rows):
    rows, pages = tax_rows(ELIGIBLE_SELF, "202501", period_to)
    assert pages == expected_pages
    assert len(rows) == 6 * (expected_pages - 1) + last_page_rows


def test_income_above_wages_for_self_and_spouse(tax_rows):
    own, _ = tax_rows("450102197501010412", "202411", "202510")
    spouse, _ = tax_rows("45010219770909052X", "202411", "202510")
    assert {(r["sdxm"], r["sre"]) for r in own} == {("0101", "2000.00")}
    assert {(r["sdxm"], r["sre"]) for r in spouse} == {("0101", "1000.00")}
    assert len(own) == len(spouse) == 12


def test_window_across_a_year_end(tax_rows):
    rows, _ = tax_rows("450102198304031913", "202312", "202401")
    assert [(r["ssq"], r["sdxm"], r["sre"]) for r in rows] == [
        ("202312", "0101", "600.00"),
        ("202401", "0101", "600.00"),
    ]


def test_two_income_items_give_two_rows_a_month_ordered_by_period_then_item(tax_rows):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

    def with_check(first17):
        total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
        return first17 + "10X98765432"[total % 11]

    candidates = (with_check(f"45010219750101{n:03d}") for n in range(1000))
    person = next(i for i in candidates if len(records_for(i).tax) == 2)
    rows, pages = tax_rows(person, "202411", "202510")
    assert pages == 4
    assert [(r["ssq"], r["sdxm"]) for r in rows] == [
        (month, item) for month in TWELVE_MONTHS for item in (TaxItem.WAGES, TaxItem.LABOUR)
    ]


@pytest.mark.parametrize("id_number", ["450102198207040228", "450102198003120112"])
def test_person_unknown_to_tax_has_no_rows(client, id_number):
    response = client.get(RECORDS, params={"nsrsbh": id_number, "from": "202411", "to": "202510"})
    assert response.status_code == 200
    assert response.json() == {"rows": [], "next_cursor": None}


def _b64(text):
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("params", "error"),
    [
        pytest.param({"from": "202513", "to": "202601"}, "invalid period", id="month-13"),
        pytest.param({"from": "2025-01", "to": "202512"}, "invalid period", id="dashed"),
        pytest.param({"from": "202512", "to": "202501"}, "invalid period", id="reversed"),
        pytest.param(
            {"from": "202501", "to": "202512", "cursor": "!!!"}, "invalid cursor", id="not-b64"
        ),
        pytest.param(
            {"from": "202501", "to": "202512", "cursor": _b64('{"o":-6}')},
            "invalid cursor",
            id="negative-offset",
        ),
        pytest.param(
            {"from": "202501", "to": "202512", "cursor": _b64('{"x":6}')},
            "invalid cursor",
            id="no-offset",
        ),
        pytest.param({"from": "202501"}, "invalid request", id="no-to"),
    ],
)
def test_bad_query_is_400(client, params, error):
    response = client.get(RECORDS, params={"nsrsbh": ELIGIBLE_SELF, **params})
    assert response.status_code == 400
    assert response.json() == {"error": error}
