"""The sandbox (issue #19 item 6): a client created as a sandbox client verifies against
the sandbox agencies, and what it makes is apart from production's, both ways.

The module runs its own app on a database of its own, with two mock agency servers: the
production sources (the suite's) and the sandbox's (``sandbox_sources_url``), so each
test can tell from the servers' request counters where a verification went.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mock_sources.server import serve_in_thread
from tests.conftest import fresh_database
from tests.verification.helpers import entry_of, fresh_body, scenario_body
from verification.app import create_app
from verification.audit.log import append_events, current_stream
from verification.audit.models import PRODUCTION, SANDBOX, SandboxAuditEvent, Stream
from verification.audit.receipts import ReceiptError, verify_receipt
from verification.audit.tree import latest_checkpoint, tree_size
from verification.authorization.signing import IssuerKeyPair
from verification.batches.models import Batch
from verification.cli import migrate_database
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import create_engine, create_session_factory
from verification.demo import ensure_demo
from verification.households.models import EnrolledHousehold
from verification.runtime import Runtime
from verification.settings import REPO_ROOT, Settings
from verification.spot_checks.offline import SpotCheckExportError, verify_export
from verification.verifications.models import Verification

ENVIRONMENT = "verification-environment"


@dataclasses.dataclass
class Sandboxed:
    http: httpx.AsyncClient
    runtime: Runtime
    key: IssuerKeyPair
    production: str  # a production case system's token
    sandbox: str  # a sandbox case system's token (same issuer and regions)
    admin: str
    auditor: str
    production_mock: str
    sandbox_mock: str

    def auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self.runtime.read_session_factory

    async def drain(self) -> int:
        return await self.runtime.drain()

    async def verify(self, token: str, scenario: str = "eligible") -> httpx.Response:
        return await self.http.post(
            "/v1/verifications", json=scenario_body(self.key, scenario), headers=self.auth(token)
        )


def _requests(mock_url: str) -> int:
    """How many agency requests the mock agency server at ``mock_url`` has answered."""
    agencies = httpx.get(f"{mock_url}/_stats").json()["agencies"]
    return sum(int(agency["requests"]) for agency in agencies.values())


@pytest.fixture(scope="module")
def sandbox_mock() -> Iterator[str]:
    with serve_in_thread() as url:
        yield url


@pytest.fixture(scope="module")
def sandbox_settings(
    tmp_path_factory: pytest.TempPathFactory, mock_sources_url: str, sandbox_mock: str
) -> Iterator[Settings]:
    with fresh_database(tmp_path_factory.mktemp("sandbox-db")) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path_factory.mktemp("sandbox-data"),
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            sandbox_sources_url=sandbox_mock,
            batch_engine="inprocess",
            batch_poll_seconds=0.2,
            review_schedule="",
            retention_schedule="",
            rate_limit_client_per_second=0,
            rate_limit_address_per_second=0,
        )
        migrate_database(settings)
        yield settings


@pytest.fixture(scope="module")
async def sb(
    sandbox_settings: Settings, mock_sources_url: str, sandbox_mock: str
) -> AsyncIterator[Sandboxed]:
    demo = await ensure_demo(sandbox_settings)
    engine = create_engine(sandbox_settings.database_url)
    async with create_session_factory(engine)() as session, session.begin():
        _, sandbox = await create_client(
            session,
            name="vendor sandbox",
            role=Role.CASE_SYSTEM,
            issuers=[demo.key_pair.issuer],
            region_prefixes=["45"],
            actor="test",
            sandbox=True,
        )
        _, admin = await create_client(
            session, name="admin", role=Role.ADMIN, issuers=[], region_prefixes=[], actor="test"
        )
        _, auditor = await create_client(
            session, name="auditor", role=Role.AUDITOR, issuers=[], region_prefixes=[], actor="test"
        )
    await engine.dispose()
    app = create_app(sandbox_settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as http,
    ):
        yield Sandboxed(
            http=http,
            runtime=app.state.runtime,
            key=demo.key_pair,
            production=demo.token,
            sandbox=sandbox,
            admin=admin,
            auditor=auditor,
            production_mock=mock_sources_url,
            sandbox_mock=sandbox_mock,
        )


async def _count(sb: Sandboxed, model: Any, *, sandbox: bool) -> int:
    async with sb.runtime.read_session_factory() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(model).where(model.sandbox.is_(sandbox))
            )
            or 0
        )


# ------------------------------------------------------------------------------- settings


def test_where_the_sandbox_agencies_are(tmp_path: Path) -> None:
    demo = Settings(data_dir=tmp_path, mock_sources_port=9123)
    assert demo.sandbox_sources_root() == "http://127.0.0.1:9123"  # the embedded mock
    production = Settings(data_dir=tmp_path, mode="production")
    assert production.sandbox_sources_root() is None
    assert production.sandbox_source_base_url("provident_fund") is None
    configured = Settings(
        data_dir=tmp_path, mode="production", sandbox_sources_url="https://mock.example:9/a"
    )
    assert configured.sandbox_source_base_url("provident_fund") == (
        "https://mock.example:9/a/provident-fund"
    )
    with pytest.raises(ValueError, match="sandbox_sources_url"):
        Settings(data_dir=tmp_path, sandbox_sources_url="https://mock.example/")


# -------------------------------------------------------------------------------- clients


async def test_the_admin_api_creates_a_sandbox_case_system_and_shows_it(sb: Sandboxed) -> None:
    created = await sb.http.post(
        "/v1/clients",
        json={"name": "vendor b", "role": "case_system", "environment": "sandbox"},
        headers=sb.auth(sb.admin),
    )
    assert created.status_code == 201, created.text
    assert created.json()["environment"] == "sandbox"
    shown = await sb.http.get(f"/v1/clients/{created.json()['id']}", headers=sb.auth(sb.admin))
    assert shown.json()["environment"] == "sandbox"
    listed = await sb.http.get("/v1/clients", headers=sb.auth(sb.admin))
    environments = {c["name"]: c["environment"] for c in listed.json()["clients"]}
    assert environments["vendor b"] == "sandbox"
    assert environments["admin"] == "production"
    # the admin is a production client: its answers say so
    assert listed.headers[ENVIRONMENT] == "production"


async def test_only_a_case_system_can_be_a_sandbox_client(sb: Sandboxed) -> None:
    refused = await sb.http.post(
        "/v1/clients",
        json={"name": "sandbox auditor", "role": "auditor", "environment": "sandbox"},
        headers=sb.auth(sb.admin),
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "sandbox-role"
    listed = await sb.http.get("/v1/clients", headers=sb.auth(sb.admin))
    assert "sandbox auditor" not in {c["name"] for c in listed.json()["clients"]}


# -------------------------------------------------------------------------- verifications


async def test_a_sandbox_verification_goes_to_the_sandbox_agencies_only(sb: Sandboxed) -> None:
    production_before, sandbox_before = _requests(sb.production_mock), _requests(sb.sandbox_mock)
    response = await sb.verify(sb.sandbox)
    assert response.status_code == 201, response.text
    assert response.headers[ENVIRONMENT] == "sandbox"
    assert response.json()["outcome"] == "eligible"  # the mock knows the scenario people
    assert _requests(sb.sandbox_mock) > sandbox_before
    # the production agencies (the suite's mock, no other test running meanwhile) were not
    assert _requests(sb.production_mock) == production_before
    async with sb.runtime.read_session_factory() as session:
        row = await session.get(Verification, uuid.UUID(response.json()["id"]))
    assert row is not None and row.sandbox is True
    read = await sb.http.get(f"/v1/verifications/{row.id}", headers=sb.auth(sb.sandbox))
    assert read.status_code == 200 and read.headers[ENVIRONMENT] == "sandbox"


async def test_a_production_verification_does_not_go_to_the_sandbox(sb: Sandboxed) -> None:
    production_before, sandbox_before = _requests(sb.production_mock), _requests(sb.sandbox_mock)
    response = await sb.verify(sb.production)
    assert response.status_code == 201, response.text
    assert response.headers[ENVIRONMENT] == "production"
    assert _requests(sb.sandbox_mock) == sandbox_before
    assert _requests(sb.production_mock) > production_before
    async with sb.runtime.read_session_factory() as session:
        row = await session.get(Verification, uuid.UUID(response.json()["id"]))
    assert row is not None and row.sandbox is False


async def test_neither_environment_sees_the_others_verifications(sb: Sandboxed) -> None:
    sandboxed = (await sb.verify(sb.sandbox)).json()["id"]
    produced = (await sb.verify(sb.production)).json()["id"]
    for token, foreign in ((sb.production, sandboxed), (sb.sandbox, produced)):
        for path in ("", "/receipt", "/report.html"):
            read = await sb.http.get(f"/v1/verifications/{foreign}{path}", headers=sb.auth(token))
            assert read.status_code == 404, (path, read.text)
        retry = await sb.http.post(f"/v1/verifications/{foreign}/retry", headers=sb.auth(token))
        assert retry.status_code == 404, retry.text
        enrol = await sb.http.post(
            "/v1/households",
            json={"verification_id": foreign, "category": "stable"},
            headers=sb.auth(token),
        )
        assert enrol.status_code == 404, enrol.text


async def test_the_same_person_is_someone_else_in_the_sandbox(sb: Sandboxed) -> None:
    """One person, one active household — per environment: a sandbox enrolment of the mock's
    people neither blocks nor is blocked by production's (their blind indexes differ), and
    neither sees the other's household."""
    households = {}
    for token in (sb.production, sb.sandbox):
        verification = await sb.verify(token, "single_disabled")
        assert verification.status_code == 201, verification.text
        enrolled = await sb.http.post(
            "/v1/households",
            json={"verification_id": verification.json()["id"], "category": "stable"},
            headers=sb.auth(token),
        )
        assert enrolled.status_code == 201, enrolled.text
        households[token] = enrolled.json()["id"]
    async with sb.runtime.read_session_factory() as session:
        rows = {
            str(row.id): row.sandbox
            for row in (await session.execute(select(EnrolledHousehold))).scalars()
        }
    assert rows[households[sb.sandbox]] is True
    assert rows[households[sb.production]] is False
    for token, other in ((sb.production, sb.sandbox), (sb.sandbox, sb.production)):
        read = await sb.http.get(f"/v1/households/{households[other]}", headers=sb.auth(token))
        assert read.status_code == 404, read.text
        batch = await sb.http.post(
            "/v1/batches", json={"household_ids": [households[other]]}, headers=sb.auth(token)
        )
        assert batch.status_code == 404, batch.text
        assert batch.json()["code"] == "unknown-households"


async def test_a_sandbox_batch_is_marked_and_reviews_at_the_sandbox(sb: Sandboxed) -> None:
    verification = await sb.verify(sb.sandbox, "eligible")
    enrolled = await sb.http.post(
        "/v1/households",
        json={"verification_id": verification.json()["id"], "category": "stable"},
        headers=sb.auth(sb.sandbox),
    )
    assert enrolled.status_code == 201, enrolled.text
    sandbox_before = _requests(sb.sandbox_mock)
    created = await sb.http.post(
        "/v1/batches", json={"household_ids": [enrolled.json()["id"]]}, headers=sb.auth(sb.sandbox)
    )
    assert created.status_code == 201, created.text
    assert created.headers[ENVIRONMENT] == "sandbox"
    batch_id = created.json()["id"]
    async with sb.runtime.read_session_factory() as session:
        row = await session.get(Batch, uuid.UUID(batch_id))
    assert row is not None and row.sandbox is True
    for _ in range(600):  # the in-process engine runs the item: poll, generous deadline
        progress = await sb.http.get(f"/v1/batches/{batch_id}", headers=sb.auth(sb.sandbox))
        if progress.json()["status"] == "completed":
            break
        await _pause()
    assert progress.json()["status"] == "completed", progress.text
    assert progress.json()["counts"]["done"] == 1, progress.text
    assert _requests(sb.sandbox_mock) > sandbox_before
    foreign = await sb.http.get(f"/v1/batches/{batch_id}", headers=sb.auth(sb.production))
    assert foreign.status_code == 404


async def _pause() -> None:
    await asyncio.sleep(0.1)


async def test_without_sandbox_agencies_a_sandbox_client_gets_a_problem(sb: Sandboxed) -> None:
    """A deployment with no sandbox agencies (production without
    VERIFICATION_SANDBOX_SOURCES_URL) refuses a sandbox client's verification, retry and
    batch with 503 sandbox-not-configured, storing nothing; production clients go on."""
    before = await _count(sb, Verification, sandbox=True)
    batches_before = await _count(sb, Batch, sandbox=True)
    kept = sb.runtime.sandbox_connectors
    sb.runtime.sandbox_connectors = None
    try:
        refused = await sb.verify(sb.sandbox)
        assert refused.status_code == 503, refused.text
        problem = refused.json()
        assert problem["code"] == "sandbox-not-configured"
        assert problem["title"] == "未配置沙箱数据源"
        assert refused.headers[ENVIRONMENT] == "sandbox"
        english = await sb.http.post(
            "/v1/verifications?lang=en",
            json=scenario_body(sb.key, "eligible"),
            headers=sb.auth(sb.sandbox),
        )
        assert english.json()["title"] == "Sandbox not configured"
        batch = await sb.http.post("/v1/batches", json={"due": {}}, headers=sb.auth(sb.sandbox))
        assert batch.status_code == 503 and batch.json()["code"] == "sandbox-not-configured"
        assert (await sb.verify(sb.production)).status_code == 201
    finally:
        sb.runtime.sandbox_connectors = kept
    assert await _count(sb, Verification, sandbox=True) == before
    assert await _count(sb, Batch, sandbox=True) == batches_before


async def test_refusals_to_a_sandbox_client_carry_the_marker_too(sb: Sandboxed) -> None:
    refused = await sb.http.get("/v1/clients", headers=sb.auth(sb.sandbox))
    assert refused.status_code == 403 and refused.json()["code"] == "wrong-role"
    assert refused.headers[ENVIRONMENT] == "sandbox"
    unknown = await sb.http.get("/v1/clients", headers=sb.auth("vt_unknown"))
    assert unknown.status_code == 401 and ENVIRONMENT not in unknown.headers


def test_the_openapi_document_names_the_marker() -> None:
    document = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text())
    header = document["components"]["headers"]["Verification-Environment"]
    assert header["schema"]["enum"] == ["production", "sandbox"]
    responses = document["paths"]["/v1/verifications"]["post"]["responses"]
    ref = {"$ref": "#/components/headers/Verification-Environment"}
    assert responses["201"]["headers"]["Verification-Environment"] == ref
    assert (
        responses["404" if "404" in responses else "403"]["headers"]["Verification-Environment"]
        == ref
    )
    assert "Verification-Environment" not in responses["401"].get("headers", {})
    # a public operation has no client, so no environment
    public = document["paths"]["/healthz"]["get"]["responses"]["200"]
    assert "Verification-Environment" not in public.get("headers", {})


# ------------------------------------------------------------------------------ the audit log


async def _log_state(sb: Sandboxed, stream: Stream) -> tuple[int, int | None]:
    """A log's size and its latest checkpoint's size."""
    async with sb.runtime.read_session_factory() as session:
        checkpoint = await latest_checkpoint(session, stream)
        return await tree_size(session, stream), None if checkpoint is None else checkpoint.size


async def _actions(sb: Sandboxed, stream: Stream, verification_id: str) -> list[str]:
    events = stream.events
    async with sb.runtime.read_session_factory() as session:
        return list(
            (
                await session.execute(
                    select(events.action)
                    .where(events.verification_id == verification_id)
                    .order_by(events.seq)
                )
            ).scalars()
        )


async def test_a_sandbox_verification_is_audited_in_the_sandbox_log_only(sb: Sandboxed) -> None:
    await sb.runtime.drain(checkpoint=True)
    production_before = await _log_state(sb, PRODUCTION)
    sandbox_size, _ = await _log_state(sb, SANDBOX)
    response = await sb.verify(sb.sandbox)
    assert response.status_code == 201, response.text
    verification_id = response.json()["id"]
    read = await sb.http.get(f"/v1/verifications/{verification_id}", headers=sb.auth(sb.sandbox))
    assert read.status_code == 200
    await sb.runtime.drain(checkpoint=True)  # (the app's integrator may have done it already)
    # the production log neither grew nor was signed again
    assert await _log_state(sb, PRODUCTION) == production_before
    assert await _actions(sb, PRODUCTION, verification_id) == []
    actions = await _actions(sb, SANDBOX, verification_id)
    assert actions[0] == "authorization_accepted"
    assert {"source_query", "report_created", "report_read"} <= set(actions)
    size, checkpoint = await _log_state(sb, SANDBOX)
    assert size >= sandbox_size + len(actions) and checkpoint == size
    # its report names its place in the sandbox's log
    again = await sb.http.get(f"/v1/verifications/{verification_id}", headers=sb.auth(sb.sandbox))
    audit = again.json()["audit"]
    assert audit["status"] == "integrated"
    async with sb.runtime.read_session_factory() as session:
        row = await session.get(SandboxAuditEvent, audit["seq"])
    assert row is not None and row.verification_id == verification_id
    assert row.action == "report_created" and row.leaf_hash == audit["leaf_hash"]


async def test_a_sandbox_refusal_is_audited_in_the_sandbox_log(sb: Sandboxed) -> None:
    await sb.runtime.drain()
    production_size, _ = await _log_state(sb, PRODUCTION)
    refused = await sb.http.get("/v1/clients", headers=sb.auth(sb.sandbox))
    assert refused.status_code == 403
    await sb.runtime.drain()
    assert (await _log_state(sb, PRODUCTION))[0] == production_size
    entry = await entry_of(sb, refused.json()["request_id"], model=SandboxAuditEvent)
    assert entry["action"] == "access_denied" and entry["code"] == "wrong-role"


async def test_a_production_verification_stays_out_of_the_sandbox_log(sb: Sandboxed) -> None:
    await sb.runtime.drain(checkpoint=True)
    sandbox_before = await _log_state(sb, SANDBOX)
    response = await sb.verify(sb.production)
    assert response.status_code == 201, response.text
    await sb.runtime.drain(checkpoint=True)
    assert await _log_state(sb, SANDBOX) == sandbox_before
    assert "report_created" in await _actions(sb, PRODUCTION, response.json()["id"])


async def _receipt(sb: Sandboxed, verification_id: str) -> str:
    for _ in range(600):  # until a signed checkpoint covers the report's entry
        response = await sb.http.get(
            f"/v1/verifications/{verification_id}/receipt", headers=sb.auth(sb.sandbox)
        )
        if response.status_code != 409:
            break
        await sb.runtime.drain(checkpoint=True)
    assert response.status_code == 200, response.text
    return response.text


async def test_a_sandbox_receipt_proves_against_the_sandbox_checkpoint(sb: Sandboxed) -> None:
    response = await sb.verify(sb.sandbox)
    verification_id = response.json()["id"]
    await sb.runtime.drain(checkpoint=True)
    receipt = await _receipt(sb, verification_id)
    audit = (
        await sb.http.get(f"/v1/verifications/{verification_id}", headers=sb.auth(sb.sandbox))
    ).json()["audit"]
    # the sandbox log's verifier key, as served to anyone
    vkey = await sb.http.get("/.well-known/audit-log-key", params={"log": "sandbox"})
    origin = sb.runtime.settings.sandbox_origin()
    assert origin == f"{sb.runtime.settings.audit_origin}/sandbox"
    assert vkey.text.startswith(origin + "+")
    proven = verify_receipt(receipt, vkey.text.strip(), leaf_hash=bytes.fromhex(audit["leaf_hash"]))
    assert proven.checkpoint.origin == origin
    assert proven.index == audit["seq"] - 1
    assert json.loads(proven.entry or b"{}")["verification_id"] == verification_id
    async with sb.runtime.read_session_factory() as session:
        signed = await latest_checkpoint(session, SANDBOX)
    assert signed is not None and proven.checkpoint.size <= signed.size
    # it proves nothing against the production log's key
    production_key = await sb.http.get("/.well-known/audit-log-key")
    with pytest.raises(ReceiptError):
        verify_receipt(
            receipt, production_key.text.strip(), leaf_hash=bytes.fromhex(audit["leaf_hash"])
        )


async def test_auditors_read_the_sandbox_log_by_parameter(sb: Sandboxed) -> None:
    response = await sb.verify(sb.sandbox)
    verification_id = response.json()["id"]
    await sb.runtime.drain(checkpoint=True)
    auditor = sb.auth(sb.auditor)
    checkpoint = await sb.http.get(
        "/v1/audit/checkpoint", params={"log": "sandbox"}, headers=auditor
    )
    assert checkpoint.status_code == 200, checkpoint.text
    assert checkpoint.text.splitlines()[0] == sb.runtime.settings.sandbox_origin()
    production = await sb.http.get("/v1/audit/checkpoint", headers=auditor)
    assert production.text.splitlines()[0] == sb.runtime.settings.audit_origin
    found = {}
    for log in ("sandbox", "production"):
        page = await sb.http.get(
            "/v1/audit/events",
            params={"log": log, "verification_id": verification_id},
            headers=auditor,
        )
        assert page.status_code == 200, page.text
        found[log] = [event["action"] for event in page.json()["events"]]
    assert "report_created" in found["sandbox"] and found["production"] == []
    size = int(checkpoint.text.splitlines()[1])
    proof = await sb.http.get(
        "/v1/audit/proofs/inclusion",
        params={"log": "sandbox", "index": 0, "size": size},
        headers=auditor,
    )
    assert proof.status_code == 200 and proof.json()["tree_size"] == size
    receipt = await sb.http.get("/v1/audit/receipts/0", params={"log": "sandbox"}, headers=auditor)
    assert receipt.status_code == 200, receipt.text
    vkey = (await sb.http.get("/.well-known/audit-log-key", params={"log": "sandbox"})).text
    leaf = bytes.fromhex(await _first_leaf(sb))
    assert verify_receipt(receipt.text, vkey.strip(), leaf_hash=leaf).index == 0
    export = await sb.http.get(
        "/v1/audit/export", params={"log": "sandbox", "size": size}, headers=auditor
    )
    assert len(export.text.splitlines()) == size
    # the auditor's reads are production's accesses: in the production log, naming the log
    await sb.runtime.drain()
    reads = await sb.http.get(
        "/v1/audit/events", params={"action": "audit_read", "limit": 500}, headers=auditor
    )
    assert any(e["event"].get("log") == "sandbox" for e in reads.json()["events"])


async def _first_leaf(sb: Sandboxed) -> str:
    async with sb.runtime.read_session_factory() as session:
        row = await session.get(SandboxAuditEvent, 1)
    assert row is not None
    return row.leaf_hash


async def test_a_sandbox_batch_is_audited_in_the_sandbox_log(sb: Sandboxed) -> None:
    verification = await sb.http.post(
        "/v1/verifications", json=fresh_body(sb.key), headers=sb.auth(sb.sandbox)
    )
    assert verification.status_code == 201, verification.text
    enrolled = await sb.http.post(
        "/v1/households",
        json={"verification_id": verification.json()["id"], "category": "stable"},
        headers=sb.auth(sb.sandbox),
    )
    assert enrolled.status_code == 201, enrolled.text
    household = enrolled.json()["id"]
    created = await sb.http.post(
        "/v1/batches", json={"household_ids": [household]}, headers=sb.auth(sb.sandbox)
    )
    assert created.status_code == 201, created.text
    batch_id = created.json()["id"]
    for _ in range(600):  # the in-process engine runs the item: poll, generous deadline
        progress = await sb.http.get(f"/v1/batches/{batch_id}", headers=sb.auth(sb.sandbox))
        if progress.json()["status"] == "completed":
            break
        await _pause()
    assert progress.json()["status"] == "completed", progress.text
    await sb.runtime.drain()
    found = {}
    for stream in (PRODUCTION, SANDBOX):
        events = stream.events
        async with sb.runtime.read_session_factory() as session:
            bodies = (await session.execute(select(events.body))).scalars().all()
        found[stream.name] = {json.loads(body)["action"] for body in bodies if batch_id in body}
    assert {"batch_created", "review_started", "batch_item_done"} <= found["sandbox"]
    assert found["production"] == set()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE sandbox_audit_events SET body = 'x'",
        "DELETE FROM sandbox_audit_events",
        "DELETE FROM sandbox_audit_nodes",
        "UPDATE sandbox_audit_checkpoints SET note = 'x'",
        "UPDATE sandbox_audit_head SET size = 0",
        "DELETE FROM sandbox_audit_head",
    ],
)
async def test_the_database_guards_the_sandbox_log(sb: Sandboxed, statement: str) -> None:
    await sb.runtime.drain(checkpoint=True)
    async with sb.runtime.read_session_factory() as session:
        assert await tree_size(session, SANDBOX) > 0  # something to change
    with pytest.raises(DBAPIError):
        async with sb.runtime.engine.begin() as connection:
            await connection.execute(text(statement))


async def test_a_sandbox_entry_leaves_pending_only_into_the_sandbox_log(sb: Sandboxed) -> None:
    async with sb.runtime.session_factory() as session, session.begin():
        [entry] = await append_events(session, [{"action": "sandbox_probe"}], SANDBOX)
    with pytest.raises(DBAPIError):
        async with sb.runtime.engine.begin() as connection:
            await connection.execute(
                text("DELETE FROM sandbox_audit_pending WHERE id = :id"), {"id": entry}
            )
    await sb.runtime.drain()
    async with sb.runtime.read_session_factory() as session:
        events = SandboxAuditEvent
        row = (await session.execute(select(events).where(events.pending_id == entry))).scalar_one()
    assert json.loads(row.body)["action"] == "sandbox_probe"


async def test_a_request_does_not_carry_its_log_into_the_next(sb: Sandboxed) -> None:
    """The test client runs the app in the test's own task: after a sandbox client's request,
    what the task records is production's again."""
    assert (
        await sb.http.get(f"/v1/households/{uuid.uuid4()}", headers=sb.auth(sb.sandbox))
    ).status_code == 404
    assert current_stream() is PRODUCTION


async def test_a_sandbox_spot_check_is_fixed_and_drawn_in_the_sandbox_log(sb: Sandboxed) -> None:
    """A sandbox client's spot check: its frame holds sandbox verifications only, its frame
    event and its seed's checkpoint are the sandbox log's, and its export verifies with the
    sandbox log's key, not production's."""
    verification = await sb.http.post(
        "/v1/verifications", json=fresh_body(sb.key), headers=sb.auth(sb.sandbox)
    )
    assert verification.status_code == 201, verification.text
    production = await sb.verify(sb.production)  # same day and region, the other environment
    assert production.status_code == 201
    today = (
        await sb.http.get(
            f"/v1/verifications/{verification.json()['id']}", headers=sb.auth(sb.sandbox)
        )
    ).json()["as_of"]
    created = await sb.http.post(
        "/v1/spot-checks",
        json={"region_prefix": "45", "period_from": today, "period_to": today},
        headers=sb.auth(sb.sandbox),
    )
    assert created.status_code == 201, created.text
    spot_check = created.json()["id"]
    await sb.runtime.drain(checkpoint=True)
    view = (await sb.http.get(f"/v1/spot-checks/{spot_check}", headers=sb.auth(sb.sandbox))).json()
    assert view["status"] == "drawn"
    export = await sb.http.get(f"/v1/spot-checks/{spot_check}/export", headers=sb.auth(sb.auditor))
    assert export.status_code == 200, export.text
    frame = {unit["id"] for unit in export.json()["frame"]}
    assert verification.json()["id"] in frame and production.json()["id"] not in frame
    async with sb.runtime.read_session_factory() as session:
        in_sandbox = await session.scalar(
            select(func.count())
            .select_from(SandboxAuditEvent)
            .where(SandboxAuditEvent.action == "spot_check_frame_fixed")
            .where(SandboxAuditEvent.body.contains(spot_check))
        )
    assert in_sandbox == 1
    sandbox_key = (await sb.http.get("/.well-known/audit-log-key", params={"log": "sandbox"})).text
    proven = verify_export(export.json(), sandbox_key.strip())
    assert proven.origin == sb.runtime.settings.sandbox_origin()
    production_key = (await sb.http.get("/.well-known/audit-log-key")).text
    with pytest.raises(SpotCheckExportError):
        verify_export(export.json(), production_key.strip())
