"""Fault injection: each fault as a client sees it, determinism, the journal, admin and config.

These tests run their own server (fault state must not leak into the other
modules' shared one) and reset it before each test.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import random
import time
from collections import Counter

import httpx
import pytest
from typer.testing import CliRunner

from mock_sources import cli
from mock_sources.app import create_app
from mock_sources.fault_middleware import InjectedDropError
from mock_sources.faults import FaultKind, FaultProfile, FaultState
from mock_sources.server import serve_in_thread

AUTH = {"X-Authorization-Id": "AUTH-2025-0001", "X-Purpose": "dibao-check"}
ELIGIBLE_SELF = "450102198003120111"
WITH_FUND = "450102197501010412"  # income_above self: a provident-fund account
# the six built in and the separately installed social-insurance source's (an entry point)
AGENCIES = (
    "hukou",
    "vehicle",
    "housing",
    "bank",
    "tax",
    "provident_fund",
    "insurance",
    "market_regulation",
    "securities",
    "social_insurance",
)


def agency_call(agency: str, id_number: str = ELIGIBLE_SELF) -> tuple[str, str, dict]:  # noqa: PLR0911
    """Method, path and httpx keyword arguments for one well-formed query to ``agency``."""
    match agency:
        case "hukou":
            return "POST", "/hukou/api/v2/person/verify", {"json": {"sfzhm": id_number, "xm": "x"}}
        case "vehicle":
            return "GET", "/vehicle/vehicles", {"params": {"idNo": id_number}}
        case "housing":
            return "GET", f"/housing/v1/owners/{id_number}/properties", {}
        case "bank":
            body = {"certType": "01", "certNo": id_number, "custName": "x"}
            return "POST", "/bank/gateway/deposit-query", {"json": body}
        case "tax":
            params = {"nsrsbh": id_number, "from": "202501", "to": "202502"}
            return "GET", "/tax/income-records", {"params": params}
        case "social_insurance":
            params = {"start": "202501", "end": "202502"}
            return "GET", f"/social-insurance/v1/insured/{id_number}", {"params": params}
        case "securities":
            params = {"zjlb": "00", "zjhm": id_number}
            return "GET", "/securities/csdc/v1/investor-accounts", {"params": params}
        case "insurance":
            params = {"zjhm": id_number, "gzrq": "20251031"}
            return "GET", "/insurance/v2/policies", {"params": params}
        case "market_regulation":
            return "GET", "/market-regulation/api/v1/entities", {"params": {"zjhm": id_number}}
        case _:
            return "GET", f"/provident-fund/accounts/{id_number}", {}


def ask(
    http: httpx.Client,
    agency: str = "tax",
    request_id: str | None = "req-1",
    id_number: str = ELIGIBLE_SELF,
    **extra,
) -> httpx.Response:
    method, path, kwargs = agency_call(agency, id_number)
    headers = {"X-Request-Id": request_id} if request_id is not None else {}
    return http.request(method, path, headers=headers, **kwargs, **extra)


def outcome(http: httpx.Client, **kwargs) -> str:
    """The request's fate as the client saw it: a status code or a transport error."""
    try:
        return str(ask(http, **kwargs).status_code)
    except httpx.TransportError as exc:
        return type(exc).__name__


@pytest.fixture(scope="module")
def fault_url():
    with serve_in_thread() as url:
        yield url


@pytest.fixture
def http(fault_url):
    with httpx.Client(base_url=fault_url, headers=AUTH, timeout=5.0) as client:
        client.delete("/_faults").raise_for_status()
        yield client


def put(http: httpx.Client, agency: str, **profile) -> None:
    response = http.put(f"/_faults/{agency}", json=profile)
    assert response.status_code == 200, response.text


def journal(http: httpx.Client, **filters) -> list[dict]:
    response = http.get("/_faults/journal", params=filters)
    assert response.status_code == 200
    return response.json()["entries"]


def wait_for_status(http: httpx.Client, request_id: str, seconds: float = 3.0) -> dict:
    """The journal entry for ``request_id`` once the server has finished with it."""
    deadline = time.monotonic() + seconds
    while True:
        (entry,) = journal(http, request_id=request_id)
        if entry["status"] is not None or time.monotonic() > deadline:
            return entry
        time.sleep(0.02)


# -- each fault as the client sees it ------------------------------------------------


@pytest.mark.parametrize("agency", AGENCIES)
def test_error_on_every_agency_and_the_person_is_found_where_the_agency_puts_it(http, agency):
    put(http, agency, error_rate=1.0, error_status=502)
    response = ask(http, agency, request_id=f"err-{agency}")
    assert response.status_code == 502
    (entry,) = journal(http)
    assert entry == {
        "agency": agency,
        "request_id": f"err-{agency}",
        "person_hash": hashlib.sha256(ELIGIBLE_SELF.encode()).hexdigest(),
        "attempt": 1,
        "fault": "error",
        "status": 502,
    }


def test_default_error_status_is_503(http):
    put(http, "tax", error_rate=1.0)
    assert ask(http).status_code == 503


def test_throttle_is_429_with_retry_after(http):
    put(http, "vehicle", throttle_rate=1.0, retry_after_seconds=7)
    response = ask(http, "vehicle")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert [entry["fault"] for entry in journal(http)] == ["throttle"]


def test_hang_outlasts_a_short_client_timeout(http):
    put(http, "housing", hang_rate=1.0, hang_seconds=0.6)
    with pytest.raises(httpx.ReadTimeout):  # the client gave up before the hang ended
        ask(http, "housing", request_id="hang-gone", timeout=0.2)
    time.sleep(0.6)  # past the hang: the server must not have answered anyone
    (entry,) = journal(http, request_id="hang-gone")
    assert (entry["fault"], entry["status"]) == ("hang", None)


def test_hang_then_answers_normally_if_the_client_waits(http):
    put(http, "provident_fund", hang_rate=1.0, hang_seconds=0.3)
    started = time.monotonic()
    response = ask(http, "provident_fund", request_id="hang-patient", id_number=WITH_FUND)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200
    assert response.json()["acct"]["jcjs"] == "2000.00"
    assert wait_for_status(http, "hang-patient")["status"] == 200


def test_drop_closes_the_connection_without_a_response(http):
    put(http, "bank", drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        ask(http, "bank", request_id="dropped")
    (entry,) = journal(http, request_id="dropped")
    assert (entry["fault"], entry["status"]) == ("drop", None)
    http.delete("/_faults/bank")
    assert ask(http, "bank").status_code == 200  # the client recovers on a new connection


def test_malformed_body_is_200_and_not_json(http):
    put(http, "hukou", malformed_rate=1.0)
    response = ask(http, "hukou")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["content-length"]) == len(response.content)
    with pytest.raises(ValueError):
        response.json()
    assert [entry["status"] for entry in journal(http)] == [200]


def test_malformed_turns_an_agency_error_into_200_garbage(http):
    put(http, "bank", malformed_rate=1.0)
    response = ask(http, "bank", id_number="not-an-id")  # the bank would answer 404
    assert response.status_code == 200
    with pytest.raises(ValueError):
        json.loads(response.content)


def test_rate_limit_answers_429_once_the_bucket_is_empty(http):
    # a token every 100 s: the five requests come well within the first refill under any
    # load (the bucket's arithmetic on a clock of its own: the tests below)
    put(http, "tax", rate_limit_per_second=0.01, rate_limit_burst=3)
    responses = [ask(http, request_id=f"rl-{n}") for n in range(5)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429, 429]
    assert 1 <= int(responses[3].headers["Retry-After"]) <= 100
    assert [entry["fault"] for entry in journal(http)] == ["none"] * 3 + ["rate_limited"] * 2


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _rate_limited(state: FaultState) -> int | None:
    """Whether one more request to the tax agency is rate-limited: its Retry-After."""
    decision = state.decide("tax", None, None)
    assert decision is not None
    if decision.fault is FaultKind.RATE_LIMITED:
        assert decision.retry_after_seconds is not None
        return decision.retry_after_seconds
    assert decision.fault is FaultKind.NONE
    return None


def test_rate_limit_refills_at_its_rate():
    clock = FakeClock()
    state = FaultState(["tax"], clock=clock)
    state.set_profile("tax", FaultProfile(rate_limit_per_second=10.0, rate_limit_burst=1))
    assert _rate_limited(state) is None
    assert _rate_limited(state) == 1  # empty: a token in 0.1 s, said in whole seconds
    clock.now += 0.09
    assert _rate_limited(state) == 1  # 0.9 of a token
    clock.now += 0.06
    assert _rate_limited(state) is None  # 1.5 tokens: one taken
    assert _rate_limited(state) == 1  # half a token left
    clock.now += 60
    assert [_rate_limited(state) for _ in range(2)] == [None, 1]  # the burst caps the refill


def test_retry_after_is_the_wait_for_the_next_token_rounded_up():
    clock = FakeClock()
    state = FaultState(["tax"], clock=clock)
    state.set_profile("tax", FaultProfile(rate_limit_per_second=0.4, rate_limit_burst=3))
    assert [_rate_limited(state) for _ in range(4)] == [None, None, None, 3]  # 2.5 s
    clock.now += 1.0
    assert _rate_limited(state) == 2  # 0.4 of a token: 1.5 s to go
    clock.now += 1.5
    assert _rate_limited(state) is None


def test_a_new_profile_starts_with_a_full_bucket():
    clock = FakeClock()
    state = FaultState(["tax"], clock=clock)
    state.set_profile("tax", FaultProfile(rate_limit_per_second=1.0, rate_limit_burst=2))
    assert [_rate_limited(state) for _ in range(3)] == [None, None, 1]
    state.set_profile("tax", FaultProfile(rate_limit_per_second=1.0, rate_limit_burst=2))
    assert [_rate_limited(state) for _ in range(3)] == [None, None, 1]


def test_latency_applies_to_every_request_faulty_or_not(http):
    put(http, "tax", latency_ms=150)
    put(http, "vehicle", latency_ms=150, error_rate=1.0)
    for agency, status in (("tax", 200), ("vehicle", 503)):
        started = time.monotonic()
        assert ask(http, agency).status_code == status
        assert time.monotonic() - started >= 0.15


def test_jitter_adds_at_most_its_range():
    state = FaultState(["tax"])
    state.set_profile("tax", FaultProfile(latency_ms=50, jitter_ms=100))
    decisions = [state.decide("tax", f"jit-{n}", None) for n in range(200)]
    delays = [decision.delay_seconds for decision in decisions if decision is not None]
    assert len(delays) == 200
    assert all(0.05 <= delay <= 0.15 for delay in delays)
    assert max(delays) - min(delays) > 0.05  # spread over the range, not one fixed delay


def test_the_drawn_delay_is_served(http):
    put(http, "tax", latency_ms=50, jitter_ms=100)
    for n in range(3):
        started = time.monotonic()
        assert ask(http, request_id=f"jit-{n}").status_code == 200
        assert time.monotonic() - started >= 0.05


def test_agencies_without_a_profile_are_untouched_and_unjournaled(http):
    put(http, "tax", error_rate=1.0)
    assert ask(http, "vehicle").status_code == 200
    assert http.get("/_scenarios").status_code == 200
    assert [entry["agency"] for entry in journal(http)] == []


def test_an_all_default_profile_injects_nothing_but_journals(http):
    put(http, "tax")
    assert [ask(http).status_code for _ in range(3)] == [200, 200, 200]
    assert [(e["fault"], e["attempt"]) for e in journal(http)] == [
        ("none", 1),
        ("none", 2),
        ("none", 3),
    ]


# -- statistics and determinism ------------------------------------------------------


def test_error_rate_is_roughly_honoured_over_distinct_requests(http):
    put(http, "provident_fund", error_rate=0.2, seed=7)
    statuses = Counter(
        ask(http, "provident_fund", request_id=f"stat-{n}").status_code for n in range(500)
    )
    assert set(statuses) == {200, 503}
    assert 0.13 <= statuses[503] / 500 <= 0.27


MIXED = {
    "error_rate": 0.2,
    "throttle_rate": 0.15,
    "drop_rate": 0.1,
    "malformed_rate": 0.15,
}


def run_sequence(http: httpx.Client, seed: int) -> list[tuple[str, int, str]]:
    """Reset, set a mixed profile, send 10 request ids three times each; the journal."""
    http.delete("/_faults").raise_for_status()
    put(http, "tax", seed=seed, **MIXED)
    for _ in range(3):
        for n in range(10):
            outcome(http, request_id=f"seq-{n}")
    return [(e["request_id"], e["attempt"], e["fault"]) for e in journal(http)]


def test_same_seed_same_faults_different_seed_different_faults(http):
    first, second = run_sequence(http, seed=11), run_sequence(http, seed=11)
    assert first == second
    assert len({fault for *_, fault in first}) >= 3  # the mix really is mixed
    assert run_sequence(http, seed=12) != first


def test_a_retry_gets_its_own_draw(http):
    put(http, "tax", seed=3, error_rate=0.5)
    faults = [outcome(http, request_id="retry-me") for _ in range(12)]
    assert set(faults) == {"200", "503"}
    assert [e["attempt"] for e in journal(http)] == list(range(1, 13))


def test_request_id_absent_still_counts_attempts_per_person(http):
    put(http, "housing")
    ask(http, "housing", request_id=None)
    ask(http, "housing", request_id=None)
    ask(http, "housing", request_id=None, id_number="450102198207040228")
    assert [(e["request_id"], e["attempt"]) for e in journal(http)] == [
        (None, 1),
        (None, 2),
        (None, 1),
    ]


PEOPLE = ("450102198003120111", "450102198207040228", "450102201002150313")


async def send_concurrently(base_url: str, keys: list[tuple[str, str]]) -> None:
    async with httpx.AsyncClient(base_url=base_url, headers=AUTH, timeout=5.0) as client:

        async def one(request_id: str, id_number: str) -> None:
            method, path, kwargs = agency_call("tax", id_number)
            headers = {"X-Request-Id": request_id}
            with contextlib.suppress(httpx.TransportError):
                await client.request(method, path, headers=headers, **kwargs)

        await asyncio.gather(*(one(request_id, person) for request_id, person in keys))


def faults_by_key(http: httpx.Client) -> dict[tuple[str, str, int], str]:
    return {(e["request_id"], e["person_hash"], e["attempt"]): e["fault"] for e in journal(http)}


async def test_faults_do_not_depend_on_arrival_order(http, fault_url):
    keys = [(f"ord-{n}", person) for n in range(8) for person in PEOPLE]

    http.delete("/_faults").raise_for_status()
    put(http, "tax", seed=5, **MIXED)
    for request_id, person in keys:
        outcome(http, request_id=request_id, id_number=person)
    in_order = faults_by_key(http)

    http.delete("/_faults").raise_for_status()
    put(http, "tax", seed=5, **MIXED)
    shuffled = keys[:]
    random.Random(1).shuffle(shuffled)
    await send_concurrently(fault_url, shuffled)
    concurrent = faults_by_key(http)

    assert len(in_order) == len(keys)
    assert concurrent == in_order


# -- the journal ---------------------------------------------------------------------


def test_journal_never_holds_the_id_number(http):
    for agency in AGENCIES:
        put(http, agency, error_rate=0.5)
        ask(http, agency, request_id=f"privacy-{agency}")
    text = http.get("/_faults/journal").text
    assert len(journal(http)) == len(AGENCIES)
    assert ELIGIBLE_SELF not in text
    assert hashlib.sha256(ELIGIBLE_SELF.encode()).hexdigest() in text


def test_journal_filters(http):
    put(http, "tax")
    put(http, "vehicle")
    ask(http, "tax", request_id="a")
    ask(http, "vehicle", request_id="a")
    ask(http, "tax", request_id="b")
    assert [e["agency"] for e in journal(http, request_id="a")] == ["tax", "vehicle"]
    assert [e["request_id"] for e in journal(http, agency="tax")] == ["a", "b"]
    assert [e["agency"] for e in journal(http, agency="tax", request_id="a")] == ["tax"]
    assert http.get("/_faults/journal", params={"agency": "nope"}).status_code == 404


def test_a_request_without_a_person_is_journaled_with_a_null_hash(http):
    put(http, "hukou")
    response = http.post("/hukou/api/v2/person/verify", content=b"not json")
    assert response.json()["code"] == "9001"
    assert journal(http)[0]["person_hash"] is None


# -- admin endpoints and configuration -----------------------------------------------


def test_admin_lists_sets_clears_and_resets(http):
    assert http.get("/_faults").json() == dict.fromkeys(AGENCIES)
    stored = http.put("/_faults/tax", json={"error_rate": 0.25}).json()
    assert stored == FaultProfile(error_rate=0.25).model_dump(mode="json")
    put(http, "bank", drop_rate=0.1)
    listing = http.get("/_faults").json()
    assert (listing["tax"]["error_rate"], listing["bank"]["drop_rate"]) == (0.25, 0.1)
    assert http.delete("/_faults/tax").status_code == 204
    assert http.get("/_faults").json()["tax"] is None
    ask(http, "bank", request_id="kept")
    assert http.delete("/_faults").status_code == 204
    assert http.get("/_faults").json() == dict.fromkeys(AGENCIES)
    assert journal(http) == []


def test_admin_needs_no_authorization_headers(fault_url):
    assert httpx.get(f"{fault_url}/_faults", timeout=5.0).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"error_rate": 1.5},
        {"drop_rate": -0.1},
        {"latency_ms": -1},
        {"error_status": 404},
        {"hang_seconds": 0},
        {"rate_limit_per_second": 0},
        {"error_rate": 0.6, "throttle_rate": 0.5},
        {"eror_rate": 0.1},
        {"seed": "abc"},
        [],
    ],
)
def test_invalid_profile_is_422(http, body):
    response = http.put("/_faults/tax", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid fault profile"
    assert http.get("/_faults").json()["tax"] is None


def test_non_json_profile_is_422(http):
    assert http.put("/_faults/tax", content=b"{nope").status_code == 422


def test_unknown_agency_is_404(http):
    assert http.put("/_faults/police", json={}).status_code == 404
    assert http.delete("/_faults/police").status_code == 404


def test_apps_do_not_share_fault_state():
    first, second = create_app(), create_app()
    first.state.faults.set_profile("tax", FaultProfile(error_rate=1.0))
    assert second.state.faults.profile("tax") is None


async def asgi_ask(app, agency: str = "tax") -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock", headers=AUTH) as c:
        method, path, kwargs = agency_call(agency)
        return await c.request(method, path, **kwargs)


async def test_profiles_from_the_environment(monkeypatch):
    monkeypatch.setenv("MOCK_SOURCES_FAULTS", json.dumps({"tax": {"error_rate": 1.0}}))
    app = create_app()
    assert app.state.faults.profile("tax") == FaultProfile(error_rate=1.0)
    assert (await asgi_ask(app, "tax")).status_code == 503
    assert (await asgi_ask(app, "bank")).status_code == 200


def test_explicit_profiles_win_over_the_environment(monkeypatch):
    env = {"tax": {"error_rate": 1.0}, "bank": {"drop_rate": 1.0}}
    monkeypatch.setenv("MOCK_SOURCES_FAULTS", json.dumps(env))
    app = create_app({"tax": FaultProfile(throttle_rate=1.0)})
    assert app.state.faults.profile("tax") == FaultProfile(throttle_rate=1.0)
    assert app.state.faults.profile("bank") == FaultProfile(drop_rate=1.0)


@pytest.mark.parametrize(
    "value", ["{not json", '["tax"]', '{"police": {}}', '{"tax": {"error_rate": 2}}']
)
def test_invalid_environment_profiles_fail_create_app(monkeypatch, value):
    monkeypatch.setenv("MOCK_SOURCES_FAULTS", value)
    with pytest.raises(ValueError, match="MOCK_SOURCES_FAULTS"):
        create_app()


def test_serve_in_thread_takes_profiles(monkeypatch):
    monkeypatch.delenv("MOCK_SOURCES_FAULTS", raising=False)
    with (
        serve_in_thread(faults={"tax": FaultProfile(throttle_rate=1.0)}) as url,
        httpx.Client(base_url=url, headers=AUTH, timeout=5.0) as client,
    ):
        assert ask(client).status_code == 429


async def test_drop_in_process_raises_instead_of_answering():
    app = create_app({"tax": FaultProfile(drop_rate=1.0)})
    with pytest.raises(InjectedDropError):
        await asgi_ask(app, "tax")


def test_cli_reads_a_faults_file(monkeypatch, tmp_path):
    calls = []

    async def fake_serve(host, port, *, log_level, faults=None):
        calls.append(faults)

    monkeypatch.setattr(cli, "serve", fake_serve)
    path = tmp_path / "faults.json"
    path.write_text(json.dumps({"tax": {"error_rate": 0.3, "seed": 9}, "bank": None}))
    result = CliRunner().invoke(cli.app, ["--faults", str(path)])
    assert result.exit_code == 0, result.output
    assert calls == [{"tax": FaultProfile(error_rate=0.3, seed=9)}]


@pytest.mark.parametrize("content", ['{"tax": {"hang_rate": 7}}', "nope"])
def test_cli_refuses_an_invalid_faults_file(monkeypatch, tmp_path, content):
    monkeypatch.setattr(cli, "serve", None)
    path = tmp_path / "faults.json"
    path.write_text(content)
    result = CliRunner().invoke(cli.app, ["--faults", str(path)])
    assert result.exit_code == 2
    assert "--faults" in result.output


def test_cli_refuses_a_missing_faults_file(tmp_path):
    result = CliRunner().invoke(cli.app, ["--faults", str(tmp_path / "absent.json")])
    assert result.exit_code == 2
