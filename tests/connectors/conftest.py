"""Fixtures for the connector tests: agency stubs closed after each test, a context, a person."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.testing import AGENCY_HOST, TEST_PERSON, AgencyStub, query_context

# Each agency's root as mock_sources serves it (WIRE.md), so relative paths are exercised.
AGENCY_ROOTS = {
    "hukou": "hukou",
    "vehicle": "vehicle",
    "housing": "housing",
    "bank": "bank",
    "tax": "tax",
    "provident_fund": "provident-fund",
    "social_insurance": "social-insurance",
    "securities": "securities",
    "insurance": "insurance",
    "market_regulation": "market-regulation",
}


@pytest.fixture
async def agency() -> AsyncIterator[Callable[[str], AgencyStub]]:
    """``agency("tax")`` → a stub at the tax agency's root; its connectors close at teardown."""
    stubs: list[AgencyStub] = []

    def make(scope: str) -> AgencyStub:
        stub = AgencyStub(f"{AGENCY_HOST}/{AGENCY_ROOTS[scope]}")
        stubs.append(stub)
        return stub

    yield make
    for stub in stubs:
        await stub.aclose()


@pytest.fixture
def context() -> QueryContext:
    return query_context()


@pytest.fixture
def person() -> PersonQuery:
    return TEST_PERSON
