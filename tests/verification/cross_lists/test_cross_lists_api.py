"""/v1/cross-lists and /v1/cross-list-comparisons on a served app (SQLite, and PostgreSQL
with VERIFICATION_TEST_DATABASE_URL): upload, compare, read (JSON and CSV), regions and
roles, refusals that store nothing, versions, audit entries with no personal data."""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

from sqlalchemy import func, select, update

from tests.verification.helpers import fresh_body, fresh_id_number, fresh_members, scenario_body
from tests.verification.route_access import new_client
from verification.audit.models import AuditEvent, SandboxAuditEvent
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.cross_lists.models import CrossList, CrossListEntry
from verification.households.models import EnrolledHousehold
from verification.kit.masking import mask_id_number
from verification.verifications.create import SANDBOX_PERSON


async def _case_system(api) -> str:
    _, token = await new_client(
        api.runtime, Role.CASE_SYSTEM, name=f"县民政 {uuid.uuid4().hex[:6]}"
    )
    return token


async def _verify(api, token: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth(token))
    assert response.status_code == 201, response.text
    return response.json()


async def _enrolled(api, token: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    members = fresh_members()
    report = await _verify(api, token, fresh_body(api.issuer_key, members=members))
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "stable"},
        headers=api.auth(token),
    )
    assert response.status_code == 201, response.text
    return response.json(), members


async def _upload(api, token: str, numbers: list[str], **extra: Any) -> dict[str, Any]:
    body = {"kind": "edge_household", "region_prefix": "4501", "id_numbers": numbers, **extra}
    response = await api.http.post("/v1/cross-lists", json=body, headers=api.auth(token))
    assert response.status_code == 201, response.text
    return response.json()


async def _events(api, action: str, **match: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        bodies = (
            await session.execute(
                select(AuditEvent.body).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        ).scalars()
        found = [json.loads(b) for b in bodies]
    return [e for e in found if all(e.get(k) == v for k, v in match.items())]


async def test_a_list_is_compared_with_the_enrolled_households(api) -> None:
    token = await _case_system(api)
    _, on_list_members = await _enrolled(api, token)
    not_on_list, _ = await _enrolled(api, token)
    # a household whose latest report (as a review would leave it) is in the 低保边缘 band
    crossing, _ = await _enrolled(api, token)
    edge_report = await _verify(api, token, scenario_body(api.issuer_key, "low_income_edge"))
    assert edge_report["low_income_edge"] is True
    async with api.runtime.transaction() as session:
        await session.execute(
            update(EnrolledHousehold)
            .where(EnrolledHousehold.id == uuid.UUID(crossing["id"]))
            .values(last_verification_id=uuid.UUID(edge_report["id"]))
        )
    # verified (eligible: no income) and not enrolled: a candidate for 低保
    verified_members = fresh_members()
    verified = await _verify(api, token, fresh_body(api.issuer_key, members=verified_members))
    never_verified = fresh_id_number()
    numbers = [
        on_list_members[0]["id_number"],
        verified_members[1]["id_number"],
        never_verified,
        on_list_members[0]["id_number"].lower(),  # a duplicate
    ]

    uploaded = await _upload(api, token, numbers)
    assert (uploaded["version"], uploaded["status"], uploaded["replaces"]) == (1, "current", None)
    assert (uploaded["entry_count"], uploaded["duplicate_count"]) == (3, 1)

    response = await api.http.post(
        f"/v1/cross-lists/{uploaded['id']}/comparisons", headers=api.auth(token)
    )
    assert response.status_code == 201, response.text
    comparison = response.json()
    assert comparison["counts"] == {
        "enrolled_households": 3,
        "listed_people": 3,
        "enrolled_not_listed": 2,
        "listed_not_enrolled": 2,
        "enrolled_at_or_above_standard": 1,
        "listed_below_standard": 1,
        "without_band": 1,  # the person never verified
    }
    assert comparison["trigger"] == "on_demand" and comparison["scheduled_month"] is None
    assert {e["household_id"] for e in comparison["enrolled_not_listed"]} == {
        not_on_list["id"],
        crossing["id"],
    }
    assert comparison["listed_not_enrolled"] == [
        {"entry": 2, "person_masked": mask_id_number(verified_members[1]["id_number"])},
        {"entry": 3, "person_masked": mask_id_number(never_verified)},
    ]
    enrolled_crossing, listed_crossing = comparison["crossing"]
    income = edge_report["income"]
    # the lines of today's policy are the engine's: the same figures as today's report
    assert enrolled_crossing == {
        "crossing": "enrolled_at_or_above_standard",
        "band": "edge",
        "household_id": crossing["id"],
        "entry": None,
        "person_masked": None,
        "region_code": edge_report["region_code"],
        "area": edge_report["area"],
        "per_capita_monthly": income["per_capita_monthly"],
        "standard_monthly": income["standard_monthly"],
        "edge_line_monthly": income["low_income_line_monthly"],
        "verification_id": edge_report["id"],
        "assessed_on": edge_report["as_of"],
    }
    assert listed_crossing["crossing"] == "listed_below_standard"
    assert listed_crossing["band"] == "below_standard"
    assert (listed_crossing["entry"], listed_crossing["verification_id"]) == (2, verified["id"])
    assert listed_crossing["per_capita_monthly"] == verified["income"]["per_capita_monthly"]

    read = await api.http.get(
        f"/v1/cross-list-comparisons/{comparison['id']}", headers=api.auth(token)
    )
    assert read.status_code == 200 and read.json() == comparison
    as_csv = await api.http.get(
        f"/v1/cross-list-comparisons/{comparison['id']}",
        params={"format": "csv"},
        headers=api.auth(token),
    )
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["category"] for r in rows] == [
        "enrolled_not_listed",
        "enrolled_not_listed",
        "listed_not_enrolled",
        "listed_not_enrolled",
        "enrolled_at_or_above_standard",
        "listed_below_standard",
    ]
    assert rows[4]["per_capita_monthly"] == income["per_capita_monthly"]
    listed = await api.http.get(
        f"/v1/cross-lists/{uploaded['id']}/comparisons", headers=api.auth(token)
    )
    assert [c["id"] for c in listed.json()["items"]] == [comparison["id"]]

    # audited, with ids and counts only: no ID number, masked number or blind index of a person
    (up,) = await _events(api, "cross_list_uploaded", list_id=uploaded["id"])
    assert (up["entries"], up["duplicates"], up["region_prefix"]) == (3, 1, "4501")
    (compared,) = await _events(api, "cross_list_compared", list_id=uploaded["id"])
    assert compared["counts"] == comparison["counts"]
    reads = await _events(api, "cross_list_comparison_read", comparison_id=comparison["id"])
    assert [r["format"] for r in reads] == ["json", "csv"]
    audited = json.dumps([up, compared, *reads])
    keyring = api.runtime.keyring
    for number in numbers[:3]:
        assert number not in audited and mask_id_number(number) not in audited
        assert keyring.blind_index(number) not in audited


async def test_regions_roles_and_owners_are_respected(api) -> None:
    token = await _case_system(api)
    number = fresh_id_number()
    outside = await api.http.post(
        "/v1/cross-lists",
        json={"kind": "poverty_alleviated", "region_prefix": "44", "id_numbers": [number]},
        headers=api.auth(token),
    )
    assert outside.status_code == 403 and outside.json()["code"] == "region-not-permitted"
    auditor = await api.http.post(
        "/v1/cross-lists",
        json={"kind": "poverty_alleviated", "region_prefix": "45", "id_numbers": [number]},
        headers=api.auth(api.auditor_token),
    )
    assert auditor.status_code == 403
    _, supervisor = await new_client(api.runtime, Role.SUPERVISOR)
    uploaded = await _upload(api, token, [number])
    compared = await api.http.post(
        f"/v1/cross-lists/{uploaded['id']}/comparisons", headers=api.auth(token)
    )
    comparison = compared.json()["id"]
    for other in (api.other_token, supervisor, api.auditor_token):
        again = await api.http.post(
            f"/v1/cross-lists/{uploaded['id']}/comparisons", headers=api.auth(other)
        )
        read = await api.http.get(
            f"/v1/cross-list-comparisons/{comparison}", headers=api.auth(other)
        )
        expected = 404 if other == api.other_token else 403  # another case system's: unseen
        assert (again.status_code, read.status_code) == (expected, expected)
    refusals = await _events(api, "access_denied", code="region-not-permitted")
    assert any(e.get("region_prefix") == "44" for e in refusals)


async def test_an_invalid_list_is_refused_by_position_and_stores_nothing(api) -> None:
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="invalid lists")
    good = fresh_id_number()
    mistyped = good[:17] + ("1" if good[17] != "1" else "2")
    response = await api.http.post(
        "/v1/cross-lists",
        json={"kind": "other", "region_prefix": "4501", "id_numbers": [good, "4501", mistyped]},
        headers=api.auth(token),
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "invalid-cross-list"
    assert problem["invalid_count"] == 2
    assert problem["invalid_entries"] == [
        {"entry": 2, "problem": "shape"},
        {"entry": 3, "problem": "check_digit"},
    ]
    assert mistyped not in response.text and good not in response.text
    async with api.sessions() as session:
        stored = await session.execute(
            select(func.count()).select_from(CrossList).where(CrossList.client_id == client.id)
        )
        assert stored.scalar_one() == 0
    (refusal,) = await _events(api, "request_refused", request_id=response.headers["x-request-id"])
    assert refusal["invalid_entries"] == 2 and mistyped not in json.dumps(refusal)


async def test_a_new_upload_supersedes_the_last_version(api) -> None:
    token = await _case_system(api)
    first = await _upload(api, token, [fresh_id_number(), fresh_id_number()])
    second = await _upload(api, token, [fresh_id_number()])
    assert (second["version"], second["replaces"]) == (2, first["id"])
    stale = await api.http.post(
        f"/v1/cross-lists/{first['id']}/comparisons", headers=api.auth(token)
    )
    assert stale.status_code == 409 and stale.json()["code"] == "cross-list-superseded"
    async with api.sessions() as session:
        kept = await session.execute(
            select(CrossList.status, func.count(CrossListEntry.id))
            .outerjoin(CrossListEntry, CrossListEntry.list_id == CrossList.id)
            .where(CrossList.id.in_([uuid.UUID(first["id"]), uuid.UUID(second["id"])]))
            .group_by(CrossList.id, CrossList.status)
            .order_by(CrossList.version)
        )
        # the superseded version's people are deleted; only the current list holds any
        assert kept.all() == [("superseded", 0), ("current", 1)]
    # another kind or region is another list
    other_kind = await _upload(api, token, [fresh_id_number()], kind="poverty_alleviated")
    assert (other_kind["version"], other_kind["replaces"]) == (1, None)
    current = await api.http.get("/v1/cross-lists", headers=api.auth(token))
    assert current.status_code == 200
    assert [(c["id"], c["kind"]) for c in current.json()["items"]] == [
        (second["id"], "edge_household"),
        (other_kind["id"], "poverty_alleviated"),
    ]
    elsewhere = await api.http.get("/v1/cross-lists", headers=api.auth(api.other_token))
    assert {c["id"] for c in elsewhere.json()["items"]}.isdisjoint({second["id"]})


async def test_a_sandbox_clients_list_is_of_sandbox_people(api) -> None:
    """A sandbox client's listed people are indexed as its members are (the sandbox's blind
    index), so they meet its own households and never production's."""
    async with api.runtime.transaction() as session:
        client, token = await create_client(
            session,
            name="sandbox lists",
            role=Role.CASE_SYSTEM,
            issuers=["*"],
            region_prefixes=["45"],
            actor="test",
            sandbox=True,
        )
    number = fresh_id_number()
    uploaded = await _upload(api, token, [number])
    async with api.sessions() as session:
        (stored,) = (
            await session.execute(
                select(CrossListEntry.person_index).where(
                    CrossListEntry.list_id == uuid.UUID(uploaded["id"])
                )
            )
        ).scalars()
        (row,) = (
            await session.execute(select(CrossList).where(CrossList.client_id == client.id))
        ).scalars()
    assert stored == api.runtime.keyring.blind_index(SANDBOX_PERSON + number)
    assert row.sandbox is True
    # audited in the sandbox's log, not production's
    assert await _events(api, "cross_list_uploaded", list_id=uploaded["id"]) == []
    async with api.sessions() as session:
        sandboxed = (
            await session.execute(
                select(SandboxAuditEvent.body).where(
                    SandboxAuditEvent.action == "cross_list_uploaded"
                )
            )
        ).scalars()
        assert uploaded["id"] in {json.loads(body)["list_id"] for body in sandboxed}
