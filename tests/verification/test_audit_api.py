"""The auditor's API: filtered events, export, checkpoints, proofs, the public key."""

from __future__ import annotations

import base64
import json

from sqlalchemy import select

from tests.verification.helpers import fresh_body, fresh_members, scenario_body
from verification.audit import merkle
from verification.audit.checkpoint import parse_and_verify, parse_verifier_key
from verification.clients.models import ApiClient, Role
from verification.clients.service import create_client

ID_NUMBER = "450102198506060616"  # private_car, member 0


def _b(value: str) -> bytes:
    return base64.b64decode(value)


async def _verified(api, name: str = "private_car") -> dict:
    response = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, name), headers=api.auth()
    )
    assert response.status_code == 201
    await api.drain()  # its entries integrated: in the log the auditor reads
    return response.json()


async def test_only_auditors_read_the_log(api) -> None:
    assert (await api.http.get("/v1/audit/events")).status_code == 401
    forbidden = await api.http.get("/v1/audit/events", headers=api.auth(api.token))
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "wrong-role"
    assert (await api.http.get("/v1/audit/export", headers=api.auth(api.token))).status_code == 403


async def test_events_filtered_by_verification_person_and_action_with_cursor(api) -> None:
    report = await _verified(api)
    other = await _verified(api, "eligible")
    auditor = api.auth(api.auditor_token)
    by_verification = (
        await api.http.get(
            "/v1/audit/events", params={"verification_id": report["id"]}, headers=auditor
        )
    ).json()
    actions = [e["action"] for e in by_verification["events"]]
    assert actions[0] == "authorization_accepted" and actions[-1] == "report_created"
    assert all(e["event"]["verification_id"] == report["id"] for e in by_verification["events"])

    pages, cursor = [], None
    while True:
        params = {"person": ID_NUMBER, "action": "source_query", "limit": 5}
        if cursor:
            params["cursor"] = cursor
        page = (await api.http.get("/v1/audit/events", params=params, headers=auditor)).json()
        pages.append(page["events"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    events = [e for page in pages for e in page]
    assert len(pages) > 1 and all(len(p) <= 5 for p in pages)
    seqs = [e["seq"] for e in events]
    assert seqs == sorted(set(seqs))
    assert {e["event"]["verification_id"] for e in events} >= {report["id"]}
    assert other["id"] not in {e["event"]["verification_id"] for e in events}
    assert all(e["action"] == "source_query" for e in events)

    await api.drain()  # the reads above were audited
    reads = (
        await api.http.get("/v1/audit/events", params={"action": "audit_read"}, headers=auditor)
    ).json()["events"]
    person_reads = [r for r in reads if "person" in r["event"].get("filters", {})]
    assert person_reads, "reading the log by person is itself audited"
    assert ID_NUMBER not in json.dumps(person_reads)
    assert len(person_reads[-1]["event"]["filters"]["person"]) == 64  # the blind index


async def test_export_checkpoint_and_proofs_verify(api) -> None:
    await _verified(api)
    auditor = api.auth(api.auditor_token)
    vkey = (await api.http.get("/.well-known/audit-log-key")).text.strip()
    name, public_key = parse_verifier_key(vkey)
    first = await api.http.post("/v1/audit/checkpoints", headers=auditor)
    assert first.status_code == 201
    old = parse_and_verify(first.text, name, public_key)
    await _verified(api, "two_houses")
    second = parse_and_verify(
        (await api.http.post("/v1/audit/checkpoints", headers=auditor)).text, name, public_key
    )
    latest = (await api.http.get("/v1/audit/checkpoint", headers=auditor)).text
    assert parse_and_verify(latest, name, public_key).size >= second.size > old.size

    export = await api.http.get("/v1/audit/export", params={"size": second.size}, headers=auditor)
    assert export.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in export.text.splitlines()]
    assert [line["seq"] for line in lines] == list(range(1, second.size + 1))
    builder = merkle.RootBuilder()
    for line in lines:
        leaf = merkle.leaf_hash(line["body"].encode())
        assert leaf.hex() == line["leaf_hash"]
        builder.add_leaf_hash(leaf)
    assert builder.root() == second.root

    index = second.size // 2
    inclusion = (
        await api.http.get(
            "/v1/audit/proofs/inclusion",
            params={"index": index, "size": second.size},
            headers=auditor,
        )
    ).json()
    assert _b(inclusion["root_hash"]) == second.root
    assert merkle.verify_inclusion(
        _b(inclusion["leaf_hash"]),
        index,
        second.size,
        [_b(p) for p in inclusion["proof"]],
        second.root,
    )
    consistency = (
        await api.http.get(
            "/v1/audit/proofs/consistency",
            params={"old": old.size, "new": second.size},
            headers=auditor,
        )
    ).json()
    assert merkle.verify_consistency(
        old.size, second.size, old.root, second.root, [_b(p) for p in consistency["proof"]]
    )


async def test_bad_proof_requests_are_problems(api) -> None:
    auditor = api.auth(api.auditor_token)
    too_big = await api.http.get(
        "/v1/audit/proofs/inclusion", params={"index": 0, "size": 10**9}, headers=auditor
    )
    assert too_big.status_code == 422 and too_big.json()["code"] == "bad-tree-size"
    huge = base64.urlsafe_b64encode(json.dumps({"after": 10**30}).encode()).decode()
    for cursor in ("nope", huge):
        bad = await api.http.get("/v1/audit/events", params={"cursor": cursor}, headers=auditor)
        assert bad.status_code == 422 and bad.json()["code"] == "bad-cursor"


async def test_a_search_by_person_shows_who_else_searched_for_them(api) -> None:
    members = fresh_members()
    verified = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key, members=members), headers=api.auth()
    )
    assert verified.status_code == 201
    async with api.runtime.transaction() as session:
        second, second_token = await create_client(
            session,
            name="second auditor",
            role=Role.AUDITOR,
            issuers=[],
            region_prefixes=[],
            actor="test",
        )
        first_id = (
            await session.execute(select(ApiClient.id).where(ApiClient.name == "auditor"))
        ).scalar_one()
    person, stranger = members[0]["id_number"], fresh_members()[0]["id_number"]

    await api.drain()  # the auditors read the log: what is integrated
    looked = await api.http.get(
        "/v1/audit/events", params={"person": person}, headers=api.auth(api.auditor_token)
    )
    assert looked.status_code == 200
    assert looked.json()["events"], "the verification's events"
    await api.http.get(
        "/v1/audit/events", params={"person": stranger}, headers=api.auth(api.auditor_token)
    )

    await api.drain()
    found = await api.http.get(
        "/v1/audit/events",
        params={"person": person, "action": "audit_read"},
        headers=api.auth(second_token),
    )
    assert found.status_code == 200
    reads = [e["event"] for e in found.json()["events"]]
    # the first auditor's search for this person, and none for anybody else
    assert [r["client_id"] for r in reads] == [str(first_id)]
    assert reads[0]["filters"] == {"person": reads[0]["person"]}
    assert len(reads[0]["person"]) == 64  # the blind index, never the ID number
    assert person not in found.text

    # and the second auditor's search is found by the next search for the person
    await api.drain()
    again = await api.http.get(
        "/v1/audit/events",
        params={"person": person, "action": "audit_read"},
        headers=api.auth(api.auditor_token),
    )
    readers = [e["event"]["client_id"] for e in again.json()["events"]]
    assert readers == [str(first_id), str(second.id)]
