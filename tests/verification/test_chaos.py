"""Every source misbehaving at once: 20% errors and 5% hangs on all six agencies.

200 verifications run against the real mock agencies with seeded fault
injection.  Each must come back (none raises) within its deadline, each
report's per-source status must be what the agency's fault journal says
happened, and the audit log must hold one event per request sent.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import select

from connectors.sdk.discovery import installed_sources
from mock_sources.faults import FaultProfile
from mock_sources.scenarios import HOUSEHOLDS
from mock_sources.server import serve_in_thread
from tests.verification.helpers import scenario_body
from verification.app import create_app
from verification.audit.models import AuditEvent
from verification.settings import Settings, SourceSettings

SCOPES = installed_sources().scopes  # the installed sources

DEADLINE = 2.0
VERIFICATIONS = 200
CONCURRENCY = 10
# A hang lasts far longer than any deadline-bounded request could take even on a starved
# machine, so 'no request waited out a hang' is told apart without a tight time bound.
PROFILE = FaultProfile(error_rate=0.2, hang_rate=0.05, hang_seconds=20, seed=20261123)

# the query stopped at the verification's deadline (or the fan-out's backstop after it)
DEADLINE_REASONS = {"source.deadline", "source.deadline_after_fault", "source.cancelled"}


@pytest.fixture(scope="module")
def chaotic_agencies() -> Iterator[str]:
    with serve_in_thread(faults=dict.fromkeys(SCOPES, PROFILE)) as url:
        yield url


@pytest.fixture(scope="module")
async def chaos(api, chaotic_agencies: str) -> AsyncIterator[httpx.AsyncClient]:
    source = SourceSettings(
        timeout_seconds=0.3,
        max_attempts=3,
        backoff_initial_seconds=0.01,
        backoff_max_seconds=0.05,
        breaker_failure_threshold=10_000,  # this test is about retries, not the breaker
    )
    port = int(chaotic_agencies.rsplit(":", 1)[1])
    settings = api.settings.model_copy(
        update={
            "mock_sources_port": port,
            "sources": dict.fromkeys(SCOPES, source),
            "verification_deadline_seconds": DEADLINE,
        }
    )
    app = create_app(Settings.model_validate(settings.model_dump()))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://chaos") as http:
            yield http


def _request_id(n: int) -> str:
    """The n-th verification's request id: opaque (32 hex digits), as the service keeps."""
    return f"cafe{n:04d}".ljust(32, "e")


async def test_two_hundred_verifications_under_errors_and_hangs(
    api, chaos, chaotic_agencies
) -> None:
    semaphore = asyncio.Semaphore(CONCURRENCY)
    elapsed: dict[str, float] = {}
    reports: dict[str, dict] = {}

    async def one(n: int) -> None:
        household = HOUSEHOLDS[n % len(HOUSEHOLDS)]
        request_id = _request_id(n)
        body = scenario_body(api.issuer_key, household.name)
        async with semaphore:
            started = time.monotonic()
            response = await chaos.post(
                "/v1/verifications",
                json=body,
                headers={**api.auth(), "X-Request-Id": request_id},
                timeout=30,
            )
            elapsed[request_id] = time.monotonic() - started
        assert response.status_code == 201, response.text
        reports[request_id] = response.json()

    await asyncio.gather(*(one(n) for n in range(VERIFICATIONS)))
    numbers = {_request_id(n): n for n in range(VERIFICATIONS)}

    assert len(reports) == VERIFICATIONS
    # No request waited out a hung agency (20 s): each came back well before a hang ends,
    # whatever the load (its deadline is 2 s; the writes after the fan-out may queue on
    # SQLite's single writer, which a loaded 2-core machine stretches, never to 20 s). The
    # fan-out's own deadline has deterministic tests in test_fanout and tests/connectors.
    assert max(elapsed.values()) < PROFILE.hang_seconds, sorted(elapsed.values())[-5:]

    async with httpx.AsyncClient(base_url=chaotic_agencies) as agencies:
        journal = (await agencies.get("/_faults/journal")).json()["entries"]
    happened: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for entry in journal:
        happened[(entry["request_id"], entry["agency"], entry["person_hash"])].append(entry)
    faults_seen = {entry["fault"] for entry in journal}
    assert {"none", "error", "hang"} <= faults_seen

    await api.drain()
    async with api.sessions() as session:
        bodies = (
            (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.action == "source_query")
                )
            )
            .scalars()
            .all()
        )
    audited: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for body in bodies:
        event = json.loads(body)
        if event["request_id"] in numbers and event["attempt"] > 0:
            audited[(event["request_id"], event["scope"], event["person"])].append(event)

    statuses: dict[str, int] = defaultdict(int)
    for request_id, report in reports.items():
        household = HOUSEHOLDS[numbers[request_id] % len(HOUSEHOLDS)]
        audited_here = {key: events for key, events in audited.items() if key[0] == request_id}
        assert sum(map(len, audited_here.values())) == sum(s["requests"] for s in report["sources"])
        for source in report["sources"]:
            member = household.members[source["member_index"]]
            person = hashlib.sha256(member.id_number.encode()).hexdigest()
            seen = sorted(
                happened[(request_id, source["scope"], person)], key=lambda e: e["attempt"]
            )
            statuses[source["status"]] += 1
            if source["requests"] == 0:
                # the deadline came before a request slot did: nothing was sent or seen
                assert source["status"] == "unavailable", (request_id, source)
                assert not seen, (request_id, source, seen)
                continue
            sent = sorted(
                next(
                    events
                    for (_r, scope, _p), events in audited_here.items()
                    if scope == source["scope"]
                    and events[0]["person_masked"][-4:] == member.id_number[-4:]
                ),
                key=lambda e: e["attempt"],
            )
            # every request the agency saw was an attempt; an attempt it never saw timed out
            # (or failed to connect) on the way, under this test's 0.3 s per-attempt timeout,
            # or was cancelled on the way by the fan-out's backstop at the deadline
            assert len(sent) == source["requests"] >= len(seen), (request_id, source, seen)
            assert 1 <= source["attempts"] <= min(3, source["requests"])  # max_attempts is 3
            lost_on_the_way = sum(
                e["outcome"] in {"timeout", "connect_error", "cancelled"} for e in sent
            )
            assert len(sent) - len(seen) <= lost_on_the_way, (request_id, sent, seen)
            if source["status"] in {"ok", "not_found"}:
                # an answer came: the agency's last word was a proper one
                assert seen and seen[-1]["fault"] == "none", (request_id, source, seen)
                assert sent[-1]["outcome"] in {"ok", "not_found"}
            else:
                assert source["status"] == "unavailable", (request_id, source, seen)
                # the last request failed, or the deadline stopped the query after an
                # answered one (before its next page, or by the fan-out's backstop)
                assert (
                    sent[-1]["outcome"]
                    in {
                        "timeout",
                        "connect_error",
                        "http_503",
                        "cancelled",
                    }
                    or source["reason_code"] in DEADLINE_REASONS
                ), (sent[-1], source)
                if seen and seen[-1]["fault"] != "none":
                    assert seen[-1]["fault"] in {"error", "hang"}
        if any(s["status"] == "unavailable" for s in report["sources"]):
            assert report["outcome"] != "eligible"
    assert statuses["unavailable"] > 0 and statuses["ok"] > 0
