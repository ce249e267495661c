"""Fixtures for the mock agencies tests: one real server per session.

There is deliberately no ``__init__.py`` in this directory: with pytest's
default import mode it would make this directory a package named
``mock_sources`` and shadow the package under test.  Test modules therefore
carry a ``test_mock_`` prefix to keep their basenames unique.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from mock_sources.app import create_app
from mock_sources.server import serve_in_thread

AUTH = {"X-Authorization-Id": "AUTH-2025-0001", "X-Purpose": "dibao-check"}


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with serve_in_thread() as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, headers=AUTH, timeout=5.0) as http:
        yield http


@pytest.fixture
def bare_client(base_url: str) -> Iterator[httpx.Client]:
    """A client that sends no authorization headers."""
    with httpx.Client(base_url=base_url, timeout=5.0) as http:
        yield http


@pytest.fixture
async def asgi_client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://mock", headers=AUTH) as http:
        yield http


def _fetch_tax_rows(
    http: httpx.Client, id_number: str, period_from: str, period_to: str
) -> tuple[list[dict[str, str]], int]:
    """All tax rows for the window, following ``next_cursor``; also the page count."""
    rows: list[dict[str, str]] = []
    params = {"nsrsbh": id_number, "from": period_from, "to": period_to}
    pages = 0
    while True:
        response = http.get("/tax/income-records", params=params)
        assert response.status_code == 200
        body = response.json()
        pages += 1
        assert len(body["rows"]) <= 6
        rows.extend(body["rows"])
        if body["next_cursor"] is None:
            return rows, pages
        params = {**params, "cursor": body["next_cursor"]}


def _fetch_vehicles(http: httpx.Client, id_number: str, size: int) -> list[dict[str, object]]:
    """All vehicles, following pages until ``page * size >= total``."""
    items: list[dict[str, object]] = []
    page = 1
    while True:
        params = {"idNo": id_number, "page": page, "size": size}
        response = http.get("/vehicle/vehicles", params=params)
        assert response.status_code == 200
        body = response.json()
        assert (body["page"], body["size"]) == (page, size)
        items.extend(body["items"])
        if page * size >= body["total"]:
            assert len(items) == body["total"]
            return items
        page += 1


@pytest.fixture
def tax_rows(client: httpx.Client):
    """``tax_rows(id, from, to) -> (rows, pages)`` over the real server."""
    return lambda id_number, period_from, period_to: _fetch_tax_rows(
        client, id_number, period_from, period_to
    )


@pytest.fixture
def all_vehicles(client: httpx.Client):
    """``all_vehicles(id, size) -> items`` following every page."""
    return lambda id_number, size: _fetch_vehicles(client, id_number, size)


@pytest.fixture
def observe(client: httpx.Client):
    """Ask every built-in agency about one person; a comparable summary of the answers."""

    def summary(id_number: str, name: str) -> dict[str, object]:
        hukou = client.post("/hukou/api/v2/person/verify", json={"sfzhm": id_number, "xm": name})
        housing = client.get(f"/housing/v1/owners/{id_number}/properties")
        bank = client.post(
            "/bank/gateway/deposit-query",
            json={"certType": "01", "certNo": id_number, "custName": name},
        )
        fund = client.get(f"/provident-fund/accounts/{id_number}")
        market = client.get("/market-regulation/api/v1/entities", params={"zjhm": id_number})
        assert market.headers["content-type"].startswith("application/xml")
        rows, _ = _fetch_tax_rows(client, id_number, "202411", "202510")
        policies = client.get(
            "/insurance/v2/policies", params={"zjhm": id_number, "gzrq": "20251031"}
        )
        # the look-back window 2024-11 .. 2025-10 in ranges of at most 92 days
        annuities = []
        for first, zzrq in (
            ("20241101", "20250131"),
            ("20250201", "20250430"),
            ("20250501", "20250731"),
            ("20250801", "20251031"),
        ):
            qsrq = first
            while True:
                answer = client.get(
                    "/insurance/v2/annuity-payments",
                    params={"zjhm": id_number, "qsrq": qsrq, "zzrq": zzrq},
                ).json()
                if answer["code"] != "0000":
                    break
                annuities.extend(answer["data"]["jfjl"])
                if answer["data"]["jzrq"] == zzrq:
                    break
                qsrq = str(int(answer["data"]["jzrq"]) + 1)  # never a month's end here
        return {
            "hukou": hukou.json(),
            "vehicles": _fetch_vehicles(client, id_number, size=1),
            "housing": housing.json(),
            "bank": (bank.status_code, bank.json()),
            "tax": rows,
            "provident_fund": fund.json(),
            "securities": _fetch_holdings(client, id_number),
            "insurance": policies.json(),
            "annuities": annuities,
            "market_regulation": market.text,
        }

    return summary


def _fetch_holdings(client: httpx.Client, id_number: str) -> dict[str, object]:
    """The register's accounts of the person and each account's holdings (on 2026-12-04),
    the closed ones' included."""
    accounts = client.get(
        "/securities/csdc/v1/investor-accounts", params={"zjlb": "00", "zjhm": id_number}
    ).json()
    holdings = {
        entry["zqzh"]: client.get(
            f"/securities/csdc/v1/accounts/{entry['zqzh']}/holdings",
            params={"zjhm": id_number, "cxrq": "20261204"},
        ).json()
        for entry in accounts["zhlist"]
    }
    return {"accounts": accounts, "holdings": holdings}
