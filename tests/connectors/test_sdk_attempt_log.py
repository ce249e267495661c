"""The per-attempt log: one ``Attempt`` per request sent, with a stable outcome token."""

from collections import Counter

import httpx
import pytest

from connectors.bank.connector import BankConnector
from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk.evidence import Attempt, SourceStatus
from connectors.sdk.http import AttemptLog, CircuitBreaker
from connectors.sdk.testing import (
    bad_request,
    connect_error,
    dropped_connection,
    hang,
    malformed_json,
    outcomes,
    query_context,
    rate_limited,
    read_error,
    read_timeout,
    server_error,
)
from connectors.tax.connector import TaxConnector

ACCOUNT = {
    "ret": 0,
    "msg": "ok",
    "acct": {"grzh": "GJJ0001", "zt": "01", "jcjs": "4200.00", "yjce": "840.00", "ye": "23000.00"},
}
ROW = {"ssq": "202601", "sdxm": "0101", "sre": "3500.00", "ynse": "0.00", "pzxh": "T1"}


def _ok() -> httpx.Response:
    return httpx.Response(200, json=ACCOUNT)


def _page(cursor: str | None) -> httpx.Response:
    return httpx.Response(200, json={"rows": [ROW], "next_cursor": cursor})


def _statuses(result) -> list[int | None]:
    return [attempt.status_code for attempt in result.attempt_log]


def _consistent(result) -> None:
    """requests == len(attempt_log), numbered 1..n, attempts those of the most-tried
    request, durations never negative."""
    assert result.requests == len(result.attempt_log)
    assert [a.number for a in result.attempt_log] == list(range(1, result.requests + 1))
    per_request = Counter(a.request for a in result.attempt_log)
    assert result.attempts == max(per_request.values(), default=0)
    assert all(a.duration_ms >= 0 for a in result.attempt_log)


async def test_success_first_try(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(_ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert len(result.attempt_log) == 1
    only = result.attempt_log[0]
    assert isinstance(only, Attempt)
    assert (only.number, only.outcome, only.status_code) == (1, "ok", 200)
    _consistent(result)


async def test_503_503_200(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(server_error(503), server_error(503), _ok())

    result = await stub.connector(ProvidentFundConnector, max_attempts=3).query(person, context)

    assert result.status is SourceStatus.OK
    assert outcomes(result) == ["http_503", "http_503", "ok"]
    assert _statuses(result) == [503, 503, 200]
    _consistent(result)


async def test_timeout_then_ok(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(read_timeout(), _ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert outcomes(result) == ["timeout", "ok"]
    assert _statuses(result) == [None, 200]
    _consistent(result)


async def test_attempt_cut_short_by_its_timeout_is_a_timeout(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(hang(5.0, _ok()), _ok())

    result = await stub.connector(ProvidentFundConnector, timeout_seconds=0.05).query(
        person, context
    )

    assert result.status is SourceStatus.OK
    assert outcomes(result) == ["timeout", "ok"]
    assert 40 <= result.attempt_log[0].duration_ms < 5000  # cut by its timeout, not the hang
    _consistent(result)


async def test_connect_error_every_time(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(connect_error())

    result = await stub.connector(ProvidentFundConnector, max_attempts=3).query(person, context)

    assert result.status is SourceStatus.UNAVAILABLE
    assert outcomes(result) == ["connect_error"] * 3
    assert _statuses(result) == [None] * 3
    assert route.call_count == 3
    _consistent(result)


@pytest.mark.parametrize("effect", [dropped_connection, read_error])
async def test_dropped_connection_is_a_protocol_error_and_retried(agency, person, context, effect):
    stub = agency("provident_fund")
    route = stub.answer_all(effect(), _ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert outcomes(result) == ["protocol_error", "ok"]
    assert route.call_count == 2
    _consistent(result)


async def test_malformed_200_is_not_retried(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(malformed_json(), _ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.attempt_log[0].outcome == "malformed"
    assert outcomes(result) == ["malformed"]
    assert _statuses(result) == [200]
    assert route.call_count == 1
    _consistent(result)


async def test_400_is_not_retried(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(bad_request(), _ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert outcomes(result) == ["http_400"]
    assert _statuses(result) == [400]
    assert route.call_count == 1


async def test_429_then_ok(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(rate_limited("0"), _ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert outcomes(result) == ["http_429", "ok"]
    assert _statuses(result) == [429, 200]


async def test_envelope_not_found(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(httpx.Response(200, json={"ret": 1, "msg": "无此账户", "acct": None}))

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert outcomes(result) == ["not_found"]
    assert _statuses(result) == [200]


async def test_accepted_404_not_found(agency, person, context):
    stub = agency("bank")
    stub.answer_all(httpx.Response(404, json={"respCode": "404001", "respMsg": "not found"}))

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.NOT_FOUND
    assert outcomes(result) == ["not_found"]
    assert _statuses(result) == [404]


async def test_envelope_refusal_is_rejected(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(httpx.Response(200, json={"ret": 9, "msg": "系统维护", "acct": None}))

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert outcomes(result) == ["rejected"]


async def test_pages_and_their_retries_are_all_logged(agency, person, context):
    stub = agency("tax")
    stub.answer_all(_page("c1"), server_error(503), _page("c2"), _page(None))

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert len(result.evidence.incomes) == 3
    assert outcomes(result) == ["ok", "http_503", "ok", "ok"]
    # three pages, the second sent twice: a page is a new request, the 503 a retry
    assert [a.request for a in result.attempt_log] == [1, 2, 2, 3]
    assert (result.attempts, result.requests) == (2, 4)
    _consistent(result)


async def test_a_later_page_malformed_marks_that_page(agency, person, context):
    stub = agency("tax")
    stub.answer_all(_page("c1"), malformed_json())

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert outcomes(result) == ["ok", "malformed"]


async def test_a_transport_refusal_after_a_good_page_is_not_relabelled(agency, person, context):
    stub = agency("tax")
    stub.answer_all(_page("c1"), bad_request())

    result = await stub.connector(TaxConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert outcomes(result) == ["ok", "http_400"]


async def test_retries_per_page_count_per_page(agency, person, context):
    stub = agency("tax")
    stub.answer_all(_page("c1"), server_error(502))

    result = await stub.connector(TaxConnector, max_attempts=2).query(person, context)

    assert result.status is SourceStatus.UNAVAILABLE
    assert outcomes(result) == ["ok", "http_502", "http_502"]
    assert result.reason == "bad gateway (HTTP 502); gave up after 2 attempts"


async def test_nothing_sent_nothing_logged(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(_ok())
    breaker = CircuitBreaker(failure_threshold=1)
    breaker.record_failure()
    connector = stub.connector(ProvidentFundConnector, breaker=breaker)

    refused = await connector.query(person, context)
    expired = await connector.query(person, query_context(deadline_in=-1.0))

    assert refused.attempts == 0
    assert refused.attempt_log == ()
    assert expired.attempt_log == ()


async def test_duration_per_attempt_is_measured(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(hang(0.4, server_error(503)), _ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert outcomes(result) == ["http_503", "ok"]
    assert result.attempt_log[0].duration_ms >= 400  # the slow answer
    assert result.attempt_log[1].duration_ms < 400  # its own time, not the query's so far


def test_mark_last_only_relabels_a_delivered_answer():
    log = AttemptLog()
    assert not log.mark_last("malformed")  # nothing sent yet

    log.record("http_400", 400, 0.01, delivered=False)
    assert not log.mark_last("rejected")
    assert [a.outcome for a in log.entries] == ["http_400"]

    log.record("ok", 200, 0.0234, delivered=True)
    assert log.mark_last("not_found")
    assert log.entries[-1] == Attempt(
        number=2, outcome="not_found", status_code=200, duration_ms=23
    )
