"""The shared resilience mechanism: retries, deadline, breaker, concurrency, classification."""

import asyncio
import socket
import time
from urllib.parse import quote

import httpx
import pytest

from connectors.hukou.connector import HukouConnector
from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk.contract import ConnectorConfig
from connectors.sdk.errors import DeadlineExceededError, SourceUnavailableError
from connectors.sdk.evidence import SourceStatus
from connectors.sdk.http import (
    AgencyClient,
    CircuitBreaker,
    Fault,
    context_headers,
    parse_retry_after,
    resolve_exception,
    resolve_status,
)
from connectors.sdk.testing import (
    InFlightGauge,
    answers,
    bad_request,
    connect_error,
    fast_config,
    hang,
    outcomes,
    query_context,
    rate_limited,
    server_error,
)
from connectors.tax.connector import TaxConnector

ACCOUNT = {
    "ret": 0,
    "msg": "ok",
    "acct": {"grzh": "GJJ0001", "zt": "01", "jcjs": "4200.00", "yjce": "840.00", "ye": "23000.00"},
}


def _ok():
    return httpx.Response(200, json=ACCOUNT)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


async def test_retries_503_then_succeeds(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(server_error(503), server_error(503), _ok())

    result = await stub.connector(ProvidentFundConnector, max_attempts=3).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.attempts == 3
    assert route.call_count == 3
    assert result.evidence.financial_assets


async def test_gives_up_after_max_attempts(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(server_error(502))

    result = await stub.connector(ProvidentFundConnector, max_attempts=4).query(person, context)

    assert result.status is SourceStatus.UNAVAILABLE
    assert result.attempts == 4
    assert route.call_count == 4
    assert result.reason == "bad gateway (HTTP 502); gave up after 4 attempts"


async def test_no_retry_on_400(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(bad_request(), _ok())

    result = await stub.connector(ProvidentFundConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason == "bad request (HTTP 400)"
    assert route.call_count == 1


async def test_429_retry_after_is_honoured(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(rate_limited("0.3"), _ok())
    connector = stub.connector(
        ProvidentFundConnector, backoff_initial_seconds=0.001, backoff_max_seconds=0.002
    )

    started = time.monotonic()
    result = await connector.query(person, context)

    assert time.monotonic() - started >= 0.3
    assert result.status is SourceStatus.OK
    assert route.call_count == 2


async def test_retry_after_seconds_sets_the_sleep():
    sleeps: list[float] = []

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    transport = httpx.MockTransport(answers(rate_limited("2"), _ok()))
    client = AgencyClient(fast_config("http://agency.test/x"), transport=transport, sleep=record)
    try:
        response = await client.session(query_context()).get("accounts/1")
    finally:
        await client.aclose()

    assert response.status_code == 200
    assert sleeps == [2.0]


async def test_retry_after_beyond_deadline_stops_without_sleeping():
    sleeps: list[float] = []

    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    transport = httpx.MockTransport(answers(rate_limited("60"), _ok()))
    client = AgencyClient(fast_config("http://agency.test/x"), transport=transport, sleep=record)
    session = client.session(query_context(deadline_in=5.0))
    try:
        with pytest.raises(DeadlineExceededError, match="rate limited"):
            await session.get("accounts/1")
    finally:
        await client.aclose()

    assert sleeps == []
    assert session.attempts == 1


async def test_hanging_agency_times_out_each_attempt(agency, person, context):
    stub = agency("provident_fund")
    gauge = InFlightGauge(_ok(), delay=5.0)
    stub.router.route().mock(side_effect=gauge)
    connector = stub.connector(ProvidentFundConnector, timeout_seconds=0.05, max_attempts=3)

    result = await connector.query(person, context)

    assert result.status is SourceStatus.UNAVAILABLE
    assert result.attempts == 3
    assert gauge.started == 3
    assert gauge.current == 0
    assert result.reason == "attempt timed out; gave up after 3 attempts"
    assert result.duration_ms < 5000  # three timeouts, not one hang


async def test_deadline_stops_retries(agency, person):
    stub = agency("provident_fund")
    route = stub.answer_all(server_error(503))
    connector = stub.connector(
        ProvidentFundConnector,
        max_attempts=10,
        backoff_initial_seconds=0.2,
        backoff_max_seconds=0.2,
    )

    result = await connector.query(person, query_context(deadline_in=0.3))

    # attempt 1 at t=0, a 0.2 s sleep, attempt 2 at t≈0.2; a further sleep would end past
    # 0.3, so it stops there (on a machine slow enough to reach 0.3 before attempt 2, it
    # stops after one: never a third)
    assert result.status is SourceStatus.UNAVAILABLE
    assert result.attempts == route.call_count
    assert result.attempts in {1, 2}
    assert f"deadline reached after {result.attempts} attempt" in (result.reason or "")


async def test_expired_deadline_sends_nothing(agency, person):
    stub = agency("provident_fund")
    route = stub.answer_all(_ok())

    result = await stub.connector(ProvidentFundConnector).query(
        person, query_context(deadline_in=-1.0)
    )

    assert result.status is SourceStatus.UNAVAILABLE
    assert result.attempts == 0
    assert route.call_count == 0
    assert result.reason == "deadline reached before attempt 1"


async def test_attempt_timeout_is_cut_to_the_deadline(agency, person):
    stub = agency("provident_fund")
    stub.answer_all(hang(30.0, _ok()))
    connector = stub.connector(ProvidentFundConnector, timeout_seconds=20.0, max_attempts=3)

    started = time.monotonic()
    result = await connector.query(person, query_context(deadline_in=0.1))

    assert result.status is SourceStatus.UNAVAILABLE
    assert result.attempts == 1
    assert outcomes(result) == ["timeout"]
    assert time.monotonic() - started < 20.0  # cut to the deadline, not the attempt's 20 s


async def test_breaker_opens_then_half_opens_after_cooldown(agency, person, context):
    stub = agency("provident_fund")
    route = stub.answer_all(server_error(503), server_error(503), server_error(503), _ok())
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, cooldown_seconds=30.0, clock=clock)
    connector = stub.connector(ProvidentFundConnector, max_attempts=1, breaker=breaker)

    for _ in range(3):
        assert (await connector.query(person, context)).status is SourceStatus.UNAVAILABLE
    assert connector.breaker_state == "open"

    refused = await connector.query(person, context)
    assert refused.status is SourceStatus.UNAVAILABLE
    assert refused.reason == "circuit breaker open; request not sent"
    assert refused.attempts == 0
    assert route.call_count == 3

    clock.now += 30.0
    assert connector.breaker_state == "half_open"
    probe = await connector.query(person, context)
    assert probe.status is SourceStatus.OK
    assert route.call_count == 4
    assert connector.breaker_state == "closed"


async def _half_open(agency, person, probe_answer, *later):
    """A provident-fund connector whose breaker one 503 opened, cooled down: the next
    query is its probe, answered ``probe_answer``, then ``later``; (route, connector)."""
    stub = agency("provident_fund")
    route = stub.answer_all(server_error(503), probe_answer, *later)
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, cooldown_seconds=10.0, clock=clock)
    connector = stub.connector(ProvidentFundConnector, max_attempts=1, breaker=breaker)
    await connector.query(person, query_context())
    assert connector.breaker_state == "open"
    clock.now += 10.0
    return route, connector


async def test_failed_probe_reopens_and_only_one_probe_at_a_time(agency, person, context):
    route, connector = await _half_open(agency, person, hang(0.1, server_error(503)))

    probe, second = await asyncio.gather(
        connector.query(person, context), connector.query(person, context)
    )

    assert probe.status is SourceStatus.UNAVAILABLE
    assert probe.attempts == 1
    # it waited for the probe's verdict, which opened the breaker again: not sent
    assert second.reason == "circuit breaker open; request not sent"
    assert route.call_count == 2
    assert connector.breaker_state == "open"


async def test_queries_during_the_probe_wait_for_it_and_are_sent_when_it_succeeds(
    agency, person, context
):
    """After an agency recovers, the other queries of the moment (a household's other
    members, a batch's other items) are not refused for want of a second probe."""
    route, connector = await _half_open(agency, person, hang(0.1, _ok()), _ok())

    results = await asyncio.gather(*(connector.query(person, context) for _ in range(3)))

    assert [r.status for r in results] == [SourceStatus.OK] * 3
    assert [r.attempts for r in results] == [1, 1, 1]
    assert route.call_count == 4  # the failure, the probe, then the two that waited
    assert connector.breaker_state == "closed"


async def test_a_query_waits_for_the_probe_no_longer_than_its_deadline(agency, person):
    route, connector = await _half_open(agency, person, hang(0.6, _ok()))

    probe = asyncio.ensure_future(connector.query(person, query_context()))
    await asyncio.sleep(0.05)  # the probe is out
    waited = await connector.query(person, query_context(deadline_in=0.2))

    assert not probe.done()  # it gave up at its own deadline, not at the probe's answer
    assert waited.status is SourceStatus.UNAVAILABLE
    assert waited.reason == "deadline reached waiting for the circuit breaker's probe"
    assert waited.attempts == 0
    assert (await probe).status is SourceStatus.OK
    assert route.call_count == 2 and connector.breaker_state == "closed"


async def test_4xx_does_not_trip_the_breaker(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(bad_request())
    breaker = CircuitBreaker(failure_threshold=1)
    connector = stub.connector(ProvidentFundConnector, breaker=breaker)

    for _ in range(3):
        assert (await connector.query(person, context)).status is SourceStatus.REJECTED
    assert connector.breaker_state == "closed"


async def test_success_resets_consecutive_failures(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(server_error(503), _ok())
    breaker = CircuitBreaker(failure_threshold=2)
    connector = stub.connector(ProvidentFundConnector, max_attempts=2, breaker=breaker)

    assert (await connector.query(person, context)).status is SourceStatus.OK
    assert breaker.consecutive_failures == 0
    assert connector.breaker_state == "closed"


async def test_concurrency_cap_holds(agency, person, context):
    stub = agency("provident_fund")
    gauge = InFlightGauge(_ok(), delay=0.03)
    stub.router.route().mock(side_effect=gauge)
    connector = stub.connector(ProvidentFundConnector, max_concurrency=3)

    results = await asyncio.gather(*(connector.query(person, context) for _ in range(12)))

    assert {result.status for result in results} == {SourceStatus.OK}
    assert gauge.peak == 3
    assert gauge.current == 0


async def test_cancellation_propagates_and_frees_the_probe(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(hang(5.0, _ok()))
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, cooldown_seconds=1.0, clock=clock)
    breaker.record_failure()
    clock.now += 1.0
    connector = stub.connector(ProvidentFundConnector, breaker=breaker)

    task = asyncio.create_task(connector.query(person, context))
    await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert breaker.allow()  # the abandoned probe no longer blocks the next one


async def test_connect_error_then_success(agency, person, context):
    stub = agency("hukou")
    body = {
        "code": "0000",
        "msg": "成功",
        "data": {
            "rybh": "R1",
            "hjzt": "正常",
            "swrq": None,
            "hjdz_xzqh": "450102",
            "xm_match": "1",
        },
    }
    stub.answer_all(connect_error(), httpx.Response(200, json=body))

    result = await stub.connector(HukouConnector).query(person, context)

    assert result.status is SourceStatus.OK
    assert result.attempts == 2


@pytest.mark.parametrize(
    "base_url", ["http://agency.test/provident-fund", "http://agency.test/provident-fund/"]
)
async def test_base_url_with_or_without_trailing_slash(base_url, person, context):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return _ok()

    connector = ProvidentFundConnector(
        ConnectorConfig(base_url=base_url), httpx.MockTransport(handler)
    )
    try:
        result = await connector.query(person, context)
    finally:
        await connector.aclose()

    assert result.status is SourceStatus.OK
    assert seen == [f"http://agency.test/provident-fund/accounts/{person.id_number}"]


async def test_no_request_id_header_when_context_has_none(agency, person):
    stub = agency("provident_fund")
    route = stub.answer_all(_ok())

    await stub.connector(ProvidentFundConnector).query(person, query_context(request_id=""))

    headers = route.calls.last.request.headers
    assert "X-Request-Id" not in headers
    assert headers["X-Authorization-Id"] == "AUTH-2026-0001"


async def test_non_ascii_header_values_are_percent_encoded(agency, person):
    stub = agency("provident_fund")
    route = stub.answer_all(_ok())

    result = await stub.connector(ProvidentFundConnector).query(
        person, query_context(purpose="低保核对")
    )

    assert result.status is SourceStatus.OK
    assert route.calls.last.request.headers["X-Purpose"] == "%E4%BD%8E%E4%BF%9D%E6%A0%B8%E5%AF%B9"


async def test_each_query_carries_its_own_context_headers(agency, person):
    """One client, one query after another: each sends its own context's authorization,
    purpose and request id, never an earlier query's (nothing of a context outlives it)."""
    stub = agency("provident_fund")
    route = stub.answer_all(_ok())
    connector = stub.connector(ProvidentFundConnector)
    contexts = [
        query_context(),
        query_context(authorization_id="AUTH-2026-0002"),
        query_context(purpose="低保复核"),
        query_context(request_id="req-test-0002"),
        query_context(request_id=""),
        query_context(),
    ]

    for context in contexts:
        await connector.query(person, context)

    sent = [call.request.headers for call in route.calls]
    assert [h["X-Authorization-Id"] for h in sent] == [c.authorization_id for c in contexts]
    assert [h["X-Purpose"] for h in sent] == [quote(c.purpose, safe="") for c in contexts]
    assert [h.get("X-Request-Id") for h in sent] == [c.request_id or None for c in contexts]


@pytest.mark.parametrize(
    ("status", "fault"),
    [
        (500, Fault.TRANSIENT),
        (502, Fault.TRANSIENT),
        (503, Fault.TRANSIENT),
        (504, Fault.TRANSIENT),
        (599, Fault.TRANSIENT),
        (429, Fault.TRANSIENT),
        (408, Fault.TRANSIENT),
        (400, Fault.PERMANENT),
        (401, Fault.PERMANENT),
        (404, Fault.PERMANENT),
        (418, Fault.PERMANENT),
        (302, Fault.PERMANENT),
    ],
)
def test_status_table(status, fault):
    resolution = resolve_status(status)
    assert resolution is not None
    assert resolution.fault is fault
    assert str(status) in resolution.reason


def test_success_statuses_are_not_faults():
    assert resolve_status(200) is None
    assert resolve_status(204) is None


@pytest.mark.parametrize(
    ("exc", "fault"),
    [
        (httpx.ConnectError("x"), Fault.TRANSIENT),
        (httpx.ConnectTimeout("x"), Fault.TRANSIENT),
        (httpx.ReadTimeout("x"), Fault.TRANSIENT),
        (httpx.PoolTimeout("x"), Fault.TRANSIENT),
        (httpx.ReadError("x"), Fault.TRANSIENT),
        (httpx.RemoteProtocolError("x"), Fault.TRANSIENT),
        (TimeoutError(), Fault.TRANSIENT),
        (httpx.UnsupportedProtocol("x"), Fault.PERMANENT),
        (httpx.DecodingError("x"), Fault.PERMANENT),
    ],
)
def test_exception_table(exc, fault):
    resolution = resolve_exception(exc)
    assert resolution is not None
    assert resolution.fault is fault


def test_foreign_exceptions_are_not_classified():
    assert resolve_exception(KeyError("x")) is None


def test_exception_table_prefers_the_most_specific_class():
    assert resolve_exception(httpx.ConnectTimeout("x")).reason == "connect timed out"


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("2", 2.0), (" 0 ", 0.0), ("1.5", 1.5), (None, None), ("-1", None), ("nan", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", None), ("inf", None)],
)  # fmt: skip
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header) == seconds


def test_breaker_rejects_bad_threshold():
    with pytest.raises(ValueError, match="failure_threshold"):
        CircuitBreaker(failure_threshold=0)


def test_unavailable_hierarchy():
    assert issubclass(DeadlineExceededError, SourceUnavailableError)


async def test_real_connection_refused_is_unavailable(person, context):
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = fast_config(f"http://127.0.0.1:{port}/tax", max_attempts=2)
    connector = TaxConnector(config)
    try:
        result = await connector.query(person, context)
    finally:
        await connector.aclose()

    assert result.status is SourceStatus.UNAVAILABLE
    assert result.attempts == 2
    assert result.reason == "could not connect; gave up after 2 attempts"


async def _serve(answer_for: list[bytes]) -> tuple[asyncio.Server, str, list[int]]:
    """A real HTTP/1.1 server on a free port: the n-th request gets ``answer_for[n]``
    (raw bytes, after which the connection is closed if the answer is cut short).
    Returns the server, its URL and the list of connection numbers requests came on."""
    seen: list[int] = []
    connections = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        number = connections
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                seen.append(number)
                answer = answer_for[min(len(seen), len(answer_for)) - 1]
                writer.write(answer)
                await writer.drain()
                if not answer.endswith(b"}"):
                    return  # a cut answer: drop the connection mid-body
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/x", seen


_BODY = b'{"ok": true}'
_WHOLE = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(_BODY), _BODY)
_CUT = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + _BODY[:5]


async def test_a_body_cut_short_is_retried_and_frees_its_connection():
    server, url, seen = await _serve([_CUT, _WHOLE, _WHOLE])
    # one connection at most: had the broken response kept its slot, the retry would wait
    # for it until its timeout
    client = AgencyClient(fast_config(url, max_concurrency=1, timeout_seconds=2.0))
    session = client.session(query_context())
    try:
        response = await session.get("accounts/1")
        again = await asyncio.wait_for(session.get("accounts/2"), 1.0)
    finally:
        await client.aclose()
        server.close()

    assert response.json() == {"ok": True}
    assert again.json() == {"ok": True}
    assert [a.outcome for a in session.attempt_log] == ["protocol_error", "ok", "ok"]
    assert seen == [1, 2, 2]  # the retry on a new connection, kept alive for the next


async def test_agencies_are_reached_directly_whatever_the_proxy_environment(monkeypatch):
    with socket.socket() as probe:  # a proxy that is not there
        probe.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    server, url, seen = await _serve([_WHOLE])
    client = AgencyClient(fast_config(url))
    try:
        response = await client.session(query_context()).get("accounts/1")
    finally:
        await client.aclose()
        server.close()

    assert response.json() == {"ok": True}
    assert seen == [1]


async def test_the_response_carries_its_request():
    transport = httpx.MockTransport(answers(_ok()))
    client = AgencyClient(fast_config("http://agency.test/x"), transport=transport)
    try:
        response = await client.session(query_context()).get("accounts/1", params={"page": 2})
    finally:
        await client.aclose()

    assert str(response.request.url) == "http://agency.test/x/accounts/1?page=2"
    assert response.request.headers["accept"] == "application/json"


@pytest.mark.parametrize(
    ("method", "path", "params", "json"),
    [
        ("GET", "accounts/1", {"page": 2, "size": 20}, None),
        ("GET", "/owners/450102198808081818/properties", None, None),
        ("POST", "person/verify", None, {"sfzhm": "450102198808081818", "xm": "覃小军"}),
        ("GET", "a b/c", {"q": "x y&z"}, None),
    ],
)
async def test_requests_are_those_the_client_would_build(method, path, params, json):
    """The SDK builds its requests itself from the parts the client's ``build_request``
    merges (taken once): the same URL, headers (casing and order), body and timeout."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return _ok()

    client = AgencyClient(
        fast_config("http://agency.test/x", timeout_seconds=3.0),
        transport=httpx.MockTransport(handler),
    )
    context = query_context(purpose="低保核对")
    try:
        session = client.session(context)
        if method == "GET":
            await session.get(path, params=params)
        else:
            await session.post(path, json=json)
        expected = client.http.build_request(
            method,
            path.lstrip("/"),
            params=params,
            json=json,
            headers=context_headers(context),
            timeout=sent[0].extensions["timeout"]["read"],
        )
    finally:
        await client.aclose()

    [request] = sent
    assert request.method == expected.method
    assert request.url == expected.url
    assert request.headers.raw == expected.headers.raw
    assert request.content == expected.content
    assert request.extensions == expected.extensions
    assert 0 < request.extensions["timeout"]["read"] <= 3.0
