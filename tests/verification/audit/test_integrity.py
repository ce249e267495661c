"""The audit log against its latest signed checkpoint: tail truncation is found by
`verification audit check`, at start and on the running service's schedule; then every
write is refused (503 audit-log-integrity), `/readyz` is 503 and the gauge is 0.  And a
checkpoint is signed at start, so the auditor's first `GET /v1/audit/checkpoint` is 200.

The attacker holds the database's owner rights: the triggers that refuse DELETE are
switched off (PostgreSQL) or dropped (SQLite), the last three events deleted and the
log's head moved back to match, so the hash chain still verifies to its new end.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, func, select, text, update

from tests.conftest import fresh_database
from tests.verification.helpers import scenario_body
from tests.verification.processes import VERIFICATION, Server, process_env
from verification.app import create_app
from verification.audit import integrity as integrity_module
from verification.audit.models import AuditCheckpoint, AuditEvent, AuditHead, AuditPending
from verification.audit.tree import ForeignLogKeyError, issue_checkpoint
from verification.cli import migrate_database
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import create_engine, create_session_factory
from verification.demo import DemoState, ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings
from verification.verifications.models import Verification


@pytest.fixture
def own_settings(tmp_path: Path, mock_sources_url: str) -> Iterator[Settings]:
    """A database of this test's own (it gets tampered with)."""
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            batch_engine="inprocess",
            review_schedule="",
            retention_schedule="",
            checkpoint_interval_seconds=3600,
            audit_integrity_check_seconds=0.3,
        )
        migrate_database(settings)
        yield settings


async def truncate_tail(database_url: str, count: int) -> int:
    """Delete the log's last ``count`` events as an attacker with the owner's rights would,
    moving the head back to match; the log's new size."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            postgresql = connection.dialect.name == "postgresql"
            if postgresql:
                for table in ("audit_events", "audit_head"):
                    await connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            else:
                for trigger in ("audit_events_no_delete", "audit_head_grows"):
                    await connection.execute(text(f"DROP TRIGGER {trigger}"))
            size = int((await connection.execute(select(func.max(AuditEvent.seq)))).scalar_one())
            kept = size - count
            await connection.execute(delete(AuditEvent).where(AuditEvent.seq > kept))
            chain = (
                await connection.execute(
                    select(AuditEvent.chain_hash).where(AuditEvent.seq == kept)
                )
            ).scalar_one()
            await connection.execute(update(AuditHead).values(size=kept, chain_hash=chain))
            if postgresql:
                for table in ("audit_events", "audit_head"):
                    await connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
    finally:
        await engine.dispose()
    return kept


async def _log_sizes(settings: Settings) -> tuple[int, int]:
    """(events stored, the latest checkpoint's size)."""
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            stored = await session.scalar(select(func.coalesce(func.max(AuditEvent.seq), 0)))
            signed = await session.scalar(select(func.coalesce(func.max(AuditCheckpoint.size), 0)))
    finally:
        await engine.dispose()
    return int(stored or 0), int(signed or 0)


async def _pending(settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(AuditPending)) or 0)
    finally:
        await engine.dispose()


async def _auditor(settings: Settings) -> str:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            _, token = await create_client(
                session,
                name="auditor",
                role=Role.AUDITOR,
                issuers=[],
                region_prefixes=[],
                actor="test",
            )
    finally:
        await engine.dispose()
    return token


async def _sign_checkpoint(settings: Settings, *, grow_by: int = 0) -> int:
    """Sign a checkpoint (after appending ``grow_by`` events); its size."""
    runtime = Runtime.build(settings)
    try:
        await runtime.audit.record([{"action": "test_event"}] * grow_by)
        await runtime.drain()
        row = await issue_checkpoint(runtime.transaction, runtime.audit_key, settings.audit_origin)
    finally:
        await runtime.aclose()
    assert row is not None
    return row.size


# ---------------------------------------------------------------- item 16: a checkpoint at start


async def test_a_checkpoint_is_signed_at_start_when_none_covers_the_log(
    own_settings: Settings,
) -> None:
    await ensure_demo(own_settings)
    auditor = await _auditor(own_settings)
    stored, signed = await _log_sizes(own_settings)
    recorded = await _pending(own_settings)
    # clients were created (audited: entries pending, no integrator ran), nothing signed yet
    assert (stored, signed) == (0, 0) and recorded > 0
    app = create_app(own_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            response = await http.get(
                "/v1/audit/checkpoint", headers={"Authorization": f"Bearer {auditor}"}
            )
    assert response.status_code == 200, response.text
    # the start integrated them (origin, size, root, ...)
    assert response.text.splitlines()[1] == str(recorded)


async def test_a_full_round_reads_the_log_in_batches_to_its_end(
    own_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the round yields between batches (SCAN_BATCH events a query); a log of several batches
    # and a remainder is re-derived to its checkpoint's size and found intact
    monkeypatch.setattr(integrity_module, "SCAN_BATCH", 3)
    runtime = Runtime.build(own_settings)
    try:
        for n in range(10):
            await runtime.audit.record([{"action": "batch_test", "n": n}])
        await runtime.drain(checkpoint=True)
        stored, signed = await _log_sizes(own_settings)
        assert stored == signed >= 10
        assert await runtime.integrity.check() == "intact"
        assert runtime.integrity.verified_size == signed
    finally:
        await runtime.aclose()


# ---------------------------------------------------------------- item 12: tail truncation


async def test_audit_check_fails_on_a_truncated_tail(own_settings: Settings) -> None:
    await ensure_demo(own_settings)
    await _auditor(own_settings)
    size = await _sign_checkpoint(own_settings, grow_by=5)
    env = process_env(own_settings)

    def check() -> tuple[int, str]:
        done = subprocess.run(
            [str(VERIFICATION), "audit", "check"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        return done.returncode, " ".join((done.stdout + done.stderr).split())

    status, output = await asyncio.to_thread(check)
    assert status == 0, output
    assert f"latest signed checkpoint ({size} events) matches" in output

    kept = await truncate_tail(own_settings.database_url, 3)
    status, output = await asyncio.to_thread(check)
    assert status == 1, output
    assert "audit log check FAILED" in output
    assert f"the log holds {kept} events, but its signed checkpoint covers {size}" in output


async def test_a_truncated_log_is_found_at_start_and_nothing_is_written(
    own_settings: Settings,
) -> None:
    demo = await ensure_demo(own_settings)
    size = await _sign_checkpoint(own_settings, grow_by=5)
    await truncate_tail(own_settings.database_url, 3)
    app = create_app(own_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            ready = await http.get("/readyz")
            write = await http.post(
                "/v1/verifications",
                json=scenario_body(demo.key_pair, "eligible"),
                headers={"Authorization": f"Bearer {demo.token}"},
            )
    assert ready.status_code == 503
    assert ready.json()["checks"]["audit_log"]["status"] == "broken"
    assert f"its signed checkpoint covers {size}" in ready.json()["detail"]
    assert write.status_code == 503, write.text
    assert write.json()["code"] == "audit-log-integrity"
    assert write.headers["retry-after"] == "5"
    assert await _log_sizes(own_settings) == (size - 3, size)  # nothing appended


async def test_the_running_service_notices_a_truncated_tail(own_settings: Settings) -> None:
    """From the outside: `verification serve`, tampered with while it runs."""
    demo: DemoState = await ensure_demo(own_settings)
    auditor = await _auditor(own_settings)
    server = Server(
        process_env(own_settings, VERIFICATION_AUDIT_INTEGRITY_CHECK_SECONDS="0.5"),
        own_settings.data_dir.parent / "serve.log",
    )
    server.start()
    try:
        await server.ready()
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
            as_auditor = {"Authorization": f"Bearer {auditor}"}
            as_case_system = {"Authorization": f"Bearer {demo.token}"}
            # straight after start: a checkpoint covering the log (item 16)
            first = await http.get("/v1/audit/checkpoint", headers=as_auditor)
            assert first.status_code == 200, first.text
            created = await http.post(
                "/v1/verifications",
                json=scenario_body(demo.key_pair, "eligible"),
                headers=as_case_system,
            )
            assert created.status_code == 201, created.text
            size = await _sign_checkpoint(own_settings)  # covers the verification's events
            assert (await http.get("/readyz")).status_code == 200

            await truncate_tail(own_settings.database_url, 3)
            async with asyncio.timeout(30):  # the next round of the schedule
                while True:
                    ready = await http.get("/readyz")
                    if ready.status_code != 200:
                        break
                    await asyncio.sleep(0.2)
            assert ready.status_code == 503
            assert ready.headers["content-type"] == "application/problem+json"
            audit_log = ready.json()["checks"]["audit_log"]
            assert audit_log["status"] == "broken"
            # the tail truncated back to a consistent head is caught by the checkpoint; when
            # the service's integrator appended an entry while the tampering ran (it audits
            # the auditor's reads), the head moved back behind it and the gap shows first
            reason = audit_log["reason"]
            assert f"its signed checkpoint covers {size}" in reason or (
                f"to {size} are missing" in reason
            ), reason

            refused = await http.post(
                "/v1/verifications",
                json=scenario_body(demo.key_pair, "eligible"),
                headers=as_case_system,
            )
            assert refused.status_code == 503, refused.text
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["code"] == "audit-log-integrity"
            assert int(refused.headers["retry-after"]) > 0
            read = await http.get(
                f"/v1/verifications/{created.json()['id']}", headers=as_case_system
            )
            assert read.status_code == 503  # an audited read is a write to the log
            assert read.json()["code"] == "audit-log-integrity"
            metrics = (await http.get("/metrics")).text
            assert "audit_log_integrity 0.0" in metrics
            counted = 'http_unaudited_refusals_total{code="audit-log-integrity",status="503"}'
            assert counted in metrics
    finally:
        await server.stop()
    engine = create_engine(own_settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            verifications = await session.scalar(select(func.count()).select_from(Verification))
    finally:
        await engine.dispose()
    assert verifications == 1  # the refused one left nothing
    assert await _log_sizes(own_settings) == (size - 3, size)


# ------------------------------------------------- a process with another log's key signs nothing


async def test_a_process_with_another_audit_key_signs_no_checkpoint(
    own_settings: Settings, tmp_path: Path
) -> None:
    """A command run with another data directory (another audit log key: demo mode makes
    one) on the same database refuses to sign the log — the checkpoint would not verify
    for the service, whose integrity check would stop every write — and says why in one
    line; the log's own key signs on."""
    await _sign_checkpoint(own_settings, grow_by=2)
    foreign = own_settings.model_copy(update={"data_dir": tmp_path / "elsewhere"})
    runtime = Runtime.build(foreign)
    try:
        await runtime.audit.record([{"action": "test_event"}])
        await runtime.drain()  # integrating is the key's no business: it goes on
        with pytest.raises(ForeignLogKeyError, match="not signed by this process's audit"):
            await issue_checkpoint(runtime.transaction, runtime.audit_key, foreign.audit_origin)
    finally:
        await runtime.aclose()
    assert await _sign_checkpoint(own_settings) == 3  # its 2 events and the foreign one
    # the command that signs by hand checks the log first: it refuses in one line too
    result = await asyncio.to_thread(
        subprocess.run,
        [str(VERIFICATION), "audit", "checkpoint"],
        env=process_env(foreign),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "does not verify" in result.stderr, result.stderr
