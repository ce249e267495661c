"""The fan-out keeps every answer it got, whatever one source does, and honours the deadline."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import ClassVar

import httpx

from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import SourceResult, SourceStatus
from connectors.sdk.http import AgencySession
from connectors.sdk.testing import AGENCY_HOST, AgencyStub, outcomes, server_error
from verification.verifications.fanout import all_pairs, query_sources, start_queries


class Answers:
    scope: ClassVar[str] = "tax"

    def __init__(
        self,
        scope: str,
        delay: float = 0.0,
        error: Exception | None = None,
        barrier: asyncio.Barrier | None = None,
    ) -> None:
        self.scope_name, self.delay, self.error, self.barrier = scope, delay, error, barrier
        self.seen: list[str] = []

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        self.seen.append(person.id_number)
        if self.barrier is not None:  # passes only once every query is under way at once
            await self.barrier.wait()
        await asyncio.sleep(self.delay)
        if self.error:
            raise self.error
        return SourceResult(self.scope_name, SourceStatus.OK)

    async def aclose(self) -> None:
        return None


def _context(deadline_in: float) -> QueryContext:
    return QueryContext(
        authorization_id="a",
        purpose="dibao_application",
        period_start=dt.date(2025, 11, 1),
        period_end=dt.date(2026, 10, 31),
        deadline=time.monotonic() + deadline_in,
    )


PEOPLE = [PersonQuery("450102198003120111", "甲"), PersonQuery("450102198207040228", "乙")]


async def test_all_pairs_are_queried_concurrently() -> None:
    # the six queries wait for each other: queried one after another, the first would wait
    # alone until the deadline cancelled it, and none would be answered
    everyone = asyncio.Barrier(6)
    connectors = {s: Answers(s, barrier=everyone) for s in ("hukou", "tax", "bank")}
    results = await query_sources(
        connectors, PEOPLE, all_pairs(2, ["hukou", "tax", "bank"]), _context(5)
    )
    assert set(results) == {(i, s) for i in (0, 1) for s in ("hukou", "tax", "bank")}
    assert all(r.status is SourceStatus.OK for r in results.values())
    assert connectors["tax"].seen == [p.id_number for p in PEOPLE]


async def test_started_queries_run_before_work_scheduled_after_them() -> None:
    # answer_round starts the queries, then the members-elsewhere lookup: every query must
    # have begun (its request on the wire) before the lookup's first step runs
    order: list[str] = []

    class First(Answers):
        async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
            order.append(f"{self.scope_name}:{person.id_number[-4:]}")
            return await super().query(person, context)

    async def lookup() -> None:
        order.append("lookup")

    connectors = {s: First(s) for s in ("hukou", "tax", "bank")}
    queries = start_queries(connectors, PEOPLE, all_pairs(2, ["hukou", "tax", "bank"]), _context(5))
    later = asyncio.ensure_future(lookup())
    results = await queries.results()
    await later
    assert len(results) == 6
    assert all(r.status is SourceStatus.OK for r in results.values())
    assert order[-1] == "lookup" and len(order) == 7


async def test_a_hanging_source_is_unavailable_at_the_deadline_and_others_survive() -> None:
    connectors = {"hukou": Answers("hukou"), "bank": Answers("bank", delay=30)}
    started = time.monotonic()
    results = await query_sources(
        connectors, PEOPLE, all_pairs(2, ["hukou", "bank"]), _context(0.3)
    )
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 30  # waited for the deadline, not for the hanging call
    assert results[(0, "hukou")].status is SourceStatus.OK
    assert results[(1, "bank")].status is SourceStatus.UNAVAILABLE
    assert results[(1, "bank")].reason == "cancelled after the verification deadline"
    assert results[(1, "bank")].attempts == 0  # not an SDK connector: it logs no requests


async def test_a_connector_that_raises_loses_nothing_else() -> None:
    connectors = {"hukou": Answers("hukou"), "tax": Answers("tax", error=RuntimeError("bug"))}
    results = await query_sources(connectors, PEOPLE, all_pairs(2, ["hukou", "tax"]), _context(5))
    assert results[(0, "tax")].status is SourceStatus.UNAVAILABLE
    assert results[(0, "tax")].reason == "connector failed: RuntimeError"
    assert results[(1, "hukou")].status is SourceStatus.OK


async def test_only_the_given_pairs_are_queried() -> None:
    connectors = {"hukou": Answers("hukou"), "tax": Answers("tax")}
    results = await query_sources(connectors, PEOPLE, [(1, "tax")], _context(5))
    assert set(results) == {(1, "tax")}
    assert connectors["tax"].seen == [PEOPLE[1].id_number] and connectors["hukou"].seen == []


async def test_a_source_no_longer_installed_is_unavailable_not_an_error() -> None:
    connectors = {"tax": Answers("tax")}  # a retry's failed pairs name a removed plugin
    results = await query_sources(
        connectors, PEOPLE, [(0, "tax"), (0, "pension_office")], _context(5)
    )
    assert results[(0, "tax")].status is SourceStatus.OK
    gone = results[(0, "pension_office")]
    assert (gone.status, gone.reason_code, gone.requests_sent) == (
        SourceStatus.UNAVAILABLE,
        ReasonCode.NOT_INSTALLED,
        0,
    )


class _PastItsDeadline(ProvidentFundConnector):
    """Gets its answer, then keeps working past the deadline (a connector that ignores it)."""

    async def fetch(self, client: AgencySession, person: PersonQuery, context: QueryContext):
        evidence = await super().fetch(client, person, context)
        await asyncio.sleep(30)
        return evidence


async def test_a_query_cancelled_at_the_deadline_keeps_the_requests_it_sent() -> None:
    """The backstop cancels a query still running after the grace period; every request
    the agency saw is still in its result (and so audited)."""
    stub = AgencyStub(f"{AGENCY_HOST}/gjj")
    account = {
        "ret": 0,
        "msg": "ok",
        "acct": {"grzh": "G1", "zt": "01", "jcjs": "4200.00", "yjce": "840.00", "ye": "2300.00"},
    }
    stub.answer_all(server_error(503), httpx.Response(200, json=account))
    try:
        connector = stub.connector(_PastItsDeadline)
        results = await query_sources(
            {"provident_fund": connector}, PEOPLE, [(0, "provident_fund")], _context(0.3)
        )
    finally:
        await stub.aclose()
    result = results[(0, "provident_fund")]
    assert result.status is SourceStatus.UNAVAILABLE
    assert result.reason == "cancelled after the verification deadline"
    assert outcomes(result) == ["http_503", "ok"]
    assert result.requests == len(stub.router.calls) == 2
    assert result.attempts == 2  # one request, retried once after the 503
    assert result.reason_code == "source.cancelled"
