"""From the outside: `verification serve` as a real process (on SQLite, or on the PostgreSQL
server of the PG run), two case systems enrolling the same family at once over plain HTTP,
and two auditors seeing each other's searches for a member of it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import fresh_database
from tests.verification.batches.test_embedded_restart import Serve, _free_port
from tests.verification.helpers import fresh_body, fresh_members
from verification.authorization.signing import IssuerKeyPair
from verification.cli import migrate_database
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import create_engine, create_session_factory
from verification.demo import ensure_demo
from verification.settings import Settings


@dataclass
class Served:
    base: str
    key: IssuerKeyPair
    case_a: str  # tokens
    case_b: str
    auditor_a: str
    auditor_b: str


async def _clients(settings: Settings) -> tuple[IssuerKeyPair, list[str]]:
    demo = await ensure_demo(settings)
    engine = create_engine(settings.database_url)
    tokens = [demo.token]
    try:
        async with create_session_factory(engine)() as session, session.begin():
            for name, role, issuers, regions in (
                ("county b", Role.CASE_SYSTEM, [demo.key_pair.issuer], ["45"]),
                ("auditor a", Role.AUDITOR, [], []),
                ("auditor b", Role.AUDITOR, [], []),
            ):
                _, token = await create_client(
                    session,
                    name=name,
                    role=role,
                    issuers=issuers,
                    region_prefixes=regions,
                    actor="test",
                )
                tokens.append(token)
    finally:
        await engine.dispose()
    return demo.key_pair, tokens


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "var",
            mock_sources_port=_free_port(),
            review_schedule="",
            retention_schedule="",
        )
        migrate_database(settings)
        key, (case_a, case_b, auditor_a, auditor_b) = asyncio.run(_clients(settings))
        serve = Serve(tmp_path, settings)
        serve.start()
        try:
            asyncio.run(serve.ready())
            yield Served(
                f"http://127.0.0.1:{serve.port}", key, case_a, case_b, auditor_a, auditor_b
            )
        finally:
            serve.stop()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_two_clients_enrolling_one_family_at_once_over_http(served: Served) -> None:
    members = fresh_members()
    async with httpx.AsyncClient(base_url=served.base, timeout=30) as http:

        async def verify(token: str) -> str:
            response = await http.post(
                "/v1/verifications",
                json=fresh_body(served.key, members=members),
                headers=_auth(token),
            )
            assert response.status_code == 201, response.text
            assert response.json()["outcome"] == "eligible"
            return str(response.json()["id"])

        async def enrol(token: str, verification_id: str) -> httpx.Response:
            return await http.post(
                "/v1/households",
                json={"verification_id": verification_id, "category": "stable"},
                headers=_auth(token),
            )

        a_first, a_second, b_first = (
            await verify(served.case_a),
            await verify(served.case_a),
            await verify(served.case_b),
        )
        a, b = await asyncio.gather(enrol(served.case_a, a_first), enrol(served.case_b, b_first))
        assert sorted((a.status_code, b.status_code)) == [201, 409], (a.text, b.text)
        winner, loser = (a, b) if a.status_code == 201 else (b, a)
        assert loser.json()["code"] == "person-already-enrolled"
        assert "household_id" not in loser.json()  # the other client's household

        again = await enrol(served.case_a, a_second)
        assert again.status_code == 409
        if winner is a:  # its own household: named to it
            assert again.json()["household_id"] == a.json()["id"]
        else:
            assert "household_id" not in again.json()

        report = await http.get(f"/v1/verifications/{a_second}", headers=_auth(served.case_a))
        assert report.json()["findings"] == []  # verified before anyone was enrolled
        later = await http.post(
            "/v1/verifications",
            json=fresh_body(served.key, members=members),
            headers=_auth(served.case_a),
        )
        assert [(f["code"], f["member_index"]) for f in later.json()["findings"]] == [
            ("finding.member_already_enrolled", 0),
            ("finding.member_already_enrolled", 1),
            ("finding.member_already_enrolled", 2),
        ]

        # the auditors: the refusals are found by person, and so is each other's search
        person = members[0]["id_number"]
        refusals = await http.get(
            "/v1/audit/events",
            params={"person": person, "action": "request_refused"},
            headers=_auth(served.auditor_a),
        )
        assert refusals.status_code == 200
        assert [e["event"]["code"] for e in refusals.json()["events"]] == [
            "person-already-enrolled",
            "person-already-enrolled",
        ]
        # auditor a's search is in the log once integrated (the serving process's
        # integrator takes it within a poll; auditor b's own searches count only later)
        for _ in range(100):
            searches = await http.get(
                "/v1/audit/events",
                params={"person": person, "action": "audit_read"},
                headers=_auth(served.auditor_b),
            )
            assert searches.status_code == 200
            # auditor b's own polls are audit reads of this person too, once integrated
            found = [
                e["event"]
                for e in searches.json()["events"]
                if e["event"].get("filters", {}).get("action") == "request_refused"
            ]
            if found:
                break
            await asyncio.sleep(0.05)
        (search,) = found
        assert search["filters"]["action"] == "request_refused"
        assert len(search["person"]) == 64
        for text in (refusals.text, searches.text, later.text, loser.text):
            for member in members:
                assert member["id_number"] not in text
