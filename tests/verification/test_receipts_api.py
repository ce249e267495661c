"""Receipts through the API: a verification's report event and any entry for auditors,
verified offline (the library, the command line), pending while the event is pending (even
when an earlier revision's is in the log) and until a signed checkpoint covers it (the app's
integrator signs one), and only for the client that may read the report."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.verification.helpers import bank_down_verification, fresh_body, integrated_report
from verification.audit import sequencer
from verification.audit.log import Integrated
from verification.audit.merkle import leaf_hash
from verification.audit.models import AuditEvent
from verification.audit.receipts import verify_receipt
from verification.cli import app
from verification.receipts_api import service as receipt_service
from verification.verifications import repository as verification_repository

runner = CliRunner()


async def _verified(api) -> dict:
    """A new verification's report, as a GET gives it once its event is in the log."""
    response = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    return await integrated_report(api, response.json())


async def _vkey(api) -> str:
    return (await api.http.get("/.well-known/audit-log-key")).text.strip()


async def _receipt(api, report: dict, **params: str):
    """The verification's receipt, asked for again while it is pending: the app's integrator
    signs a checkpoint covering the event within its interval (no one else signs here)."""
    path = f"/v1/verifications/{report['id']}/receipt"
    deadline = time.monotonic() + 15
    while True:
        response = await api.http.get(path, params=params, headers=api.auth())
        if response.status_code != 409:
            break
        assert response.json()["code"] == "receipt-pending"
        wait = int(response.headers["retry-after"])
        assert wait == receipt_service.retry_after(api.runtime, in_log=True)
        assert time.monotonic() < deadline, "no checkpoint covered the event"
        await asyncio.sleep(0.1)
    assert response.status_code == 200, response.text
    return response


async def test_a_verification_s_receipt_proves_its_report_event(api) -> None:
    report = await _verified(api)
    response = await _receipt(api, report)
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    index = report["audit"]["seq"] - 1
    assert f'filename="audit-{index}.tlog-proof"' in response.headers["content-disposition"]

    vkey = await _vkey(api)
    proven = verify_receipt(
        response.text, vkey, leaf_hash=bytes.fromhex(report["audit"]["leaf_hash"])
    )
    assert proven.index == index
    assert proven.checkpoint.origin == api.settings.audit_origin
    assert proven.checkpoint.size > index
    assert proven.entry is not None
    event = json.loads(proven.entry)
    assert event["action"] == "report_created" and event["verification_id"] == report["id"]
    assert event["seq"] == report["audit"]["seq"]

    await api.drain()  # the auditor reads the log: the receipt's read integrated
    reads = await api.http.get(
        "/v1/audit/events",
        params={"verification_id": report["id"], "action": "receipt_read"},
        headers=api.auth(api.auditor_token),
    )
    [read] = [e["event"] for e in reads.json()["events"]]
    assert read["index"] == index and read["checkpoint"] == proven.checkpoint.size


async def test_the_receipt_follows_the_latest_checkpoint(api) -> None:
    report = await _verified(api)
    first = verify_receipt(
        (await _receipt(api, report)).text,
        await _vkey(api),
        leaf_hash=bytes.fromhex(report["audit"]["leaf_hash"]),
    )
    await _verified(api)
    signed = await api.http.post("/v1/audit/checkpoints", headers=api.auth(api.auditor_token))
    assert signed.status_code == 201
    again = await _receipt(api, report)
    later = verify_receipt(
        again.text, await _vkey(api), leaf_hash=bytes.fromhex(report["audit"]["leaf_hash"])
    )
    assert later.index == first.index and later.checkpoint.size > first.checkpoint.size


async def test_pending_until_a_checkpoint_covers_the_entry(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = await _verified(api)

    async def none_signed(session: object) -> None:
        return None

    monkeypatch.setattr(receipt_service, "latest_checkpoint", none_signed)
    path = f"/v1/verifications/{report['id']}/receipt"
    pending = await api.http.get(path, headers=api.auth())
    assert pending.status_code == 409
    assert pending.headers["content-type"] == "application/problem+json"
    problem = pending.json()
    wait = receipt_service.retry_after(api.runtime, in_log=True)
    assert pending.headers["retry-after"] == str(wait) == str(problem["retry_after"])
    assert problem["code"] == "receipt-pending" and problem["title"] == "回执尚未就绪"
    index = report["audit"]["seq"] - 1
    assert problem["index"] == index
    assert f"条目 {index}" in problem["detail"] and "检查点" in problem["detail"]

    english = await api.http.get(path, params={"lang": "en"}, headers=api.auth())
    assert english.status_code == 409
    assert english.json()["title"] == "Receipt not ready yet"
    assert "no signed checkpoint covers it" in english.json()["detail"]

    auditor = await api.http.get(f"/v1/audit/receipts/{index}", headers=api.auth(api.auditor_token))
    assert auditor.status_code == 409 and auditor.json()["code"] == "receipt-pending"

    await api.drain()  # the refusals were audited: in the log the auditor reads
    refusals = await api.http.get(
        "/v1/audit/events",
        params={"verification_id": report["id"], "action": "request_refused"},
        headers=api.auth(api.auditor_token),
    )
    refused = [e["event"] for e in refusals.json()["events"]]
    assert refused and all(r["code"] == "receipt-pending" for r in refused)


async def test_pending_while_the_report_event_is_not_in_the_log(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a sequencer, a report's event is in the log only once integrated."""
    report = await _verified(api)

    async def not_yet(session: object, verification_id: object) -> None:
        return None

    monkeypatch.setattr(verification_repository, "find_report_audit_ref", not_yet)
    pending = await api.http.get(f"/v1/verifications/{report['id']}/receipt", headers=api.auth())
    assert pending.status_code == 409 and pending.json()["code"] == "receipt-pending"
    assert "尚未记入审计日志" in pending.json()["detail"] and "index" not in pending.json()
    wait = receipt_service.retry_after(api.runtime, in_log=False)
    assert pending.headers["retry-after"] == str(wait) == str(pending.json()["retry_after"])


async def test_pending_while_the_current_revision_s_event_is_pending(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Revision 0's event is in the log, revision 1's still in ``audit_pending``: no receipt
    (revision 0's would prove another report), until revision 1's is integrated and signed."""
    report = await integrated_report(api, await bank_down_verification(api))
    assert report["revision"] == 0
    old = verify_receipt(
        (await _receipt(api, report)).text,
        await _vkey(api),
        leaf_hash=bytes.fromhex(report["audit"]["leaf_hash"]),
    )

    # the app's integrator integrates nothing from now on (one already running finishes
    # before the drain does: both lock the head)
    async def stalled(session: object, limit: int = 0) -> Integrated:
        return Integrated(entries=[], first_seq=0, recorded_at=[], size=0)

    monkeypatch.setattr(sequencer, "integrate_pending", stalled)
    await api.drain()
    retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    again = retried.json()
    assert again["revision"] == 1 and again["audit"]["status"] == "pending"
    path = f"/v1/verifications/{report['id']}/receipt"
    for _ in range(3):  # whatever the integrator signs meanwhile
        pending = await api.http.get(path, headers=api.auth())
        assert pending.status_code == 409, pending.text
        problem = pending.json()
        assert problem["code"] == "receipt-pending" and "index" not in problem
        assert "尚未记入审计日志" in problem["detail"]
        wait = receipt_service.retry_after(api.runtime, in_log=False)
        assert pending.headers["retry-after"] == str(wait)
        await asyncio.sleep(0.3)

    monkeypatch.undo()  # the integrator integrates and signs revision 1's event
    current = await integrated_report(api, again)
    assert current["audit"]["seq"] > report["audit"]["seq"]
    receipt = await _receipt(api, current)
    proven = verify_receipt(
        receipt.text, await _vkey(api), leaf_hash=bytes.fromhex(current["audit"]["leaf_hash"])
    )
    assert proven.index == current["audit"]["seq"] - 1 != old.index
    assert proven.entry is not None and json.loads(proven.entry)["revision"] == 1


async def test_only_the_client_that_made_the_verification_gets_its_receipt(api) -> None:
    report = await _verified(api)
    path = f"/v1/verifications/{report['id']}/receipt"
    other = await api.http.get(path, headers=api.auth(api.other_token))
    assert other.status_code == 404 and report["audit"]["leaf_hash"] not in other.text
    auditor = await api.http.get(path, headers=api.auth(api.auditor_token))
    assert auditor.status_code == 403
    assert (await api.http.get(path)).status_code == 401
    unknown = await api.http.get(
        "/v1/verifications/00000000-0000-4000-8000-000000000000/receipt", headers=api.auth()
    )
    assert unknown.status_code == 404


async def test_auditors_get_the_receipt_of_any_entry(api) -> None:
    await _verified(api)
    auditor = api.auth(api.auditor_token)
    signed = await api.http.post("/v1/audit/checkpoints", headers=auditor)
    assert signed.status_code == 201
    vkey = await _vkey(api)
    size = int(signed.text.split("\n")[1])
    for index in {0, size // 2, size - 1}:
        response = await api.http.get(f"/v1/audit/receipts/{index}", headers=auditor)
        assert response.status_code == 200, response.text
        # the entry as the log holds it (read here: a whole export holds so many hex hashes
        # that one may look like an ID number to the leak watch)
        async with api.sessions() as session:
            stored = await session.get(AuditEvent, index + 1)
        assert stored is not None
        body = stored.body.encode()
        proven = verify_receipt(response.text, vkey, entry=body)
        assert proven.index == index and proven.entry == body
        assert leaf_hash(body).hex() == stored.leaf_hash

    await api.drain()  # the reads above were audited
    reads = await api.http.get("/v1/audit/events", params={"action": "audit_read"}, headers=auditor)
    assert any(e["event"].get("receipt") == size - 1 for e in reads.json()["events"])

    beyond = await api.http.get("/v1/audit/receipts/999999999", headers=auditor)
    assert beyond.status_code == 404 and beyond.json()["code"] == "no-such-entry"
    assert (await api.http.get("/v1/audit/receipts/-1", headers=auditor)).status_code == 422
    case_system = await api.http.get("/v1/audit/receipts/0", headers=api.auth())
    assert case_system.status_code == 403


async def test_the_command_line_verifies_a_receipt_offline(api, tmp_path: Path) -> None:
    report = await _verified(api)
    receipt = tmp_path / "report.tlog-proof"
    receipt.write_text((await _receipt(api, report)).text, encoding="utf-8")
    key = tmp_path / "audit-log-key"
    key.write_text(await _vkey(api) + "\n", encoding="utf-8")
    leaf = report["audit"]["leaf_hash"]
    entry = tmp_path / "entry.json"
    lines = receipt.read_text(encoding="utf-8").split("\n")
    entry.write_bytes(base64.b64decode(lines[1].removeprefix("extra ")))

    def verify(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["audit", "verify-receipt", str(receipt), *args])
        return result.exit_code, result.output

    code, output = verify("--key", str(key), "--leaf-hash", leaf)
    assert code == 0, output
    assert "回执有效" in output and f"条目 {report['audit']['seq'] - 1}" in output
    code, output = verify("--key", key.read_text().strip(), "--entry", str(entry), "--lang", "en")
    assert code == 0, output
    assert "receipt valid" in output

    wrong_leaf = leaf_hash(b"another entry").hex()
    code, output = verify("--key", str(key), "--leaf-hash", wrong_leaf)
    assert code == 1 and "回执无效" in output
    code, output = verify("--key", str(key), "--leaf-hash", wrong_leaf, "--lang", "en")
    assert code == 1 and "receipt invalid" in output
    code, output = verify("--key", str(key), "--leaf-hash", leaf, "--origin", "another/log")
    assert code == 1 and "检查点属于日志" in output

    assert verify("--key", str(key))[0] == 2  # neither --entry nor --leaf-hash
    assert verify("--key", str(key), "--leaf-hash", "abc")[0] == 2
