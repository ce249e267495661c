"""One person, one active household: a second enrolment of any of the same people is refused
(whichever client asks, however many ask at once: the database decides), and a report says
when a member is already enrolled or has another verification in flight."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from connectors.sdk.discovery import installed_sources
from tests.verification.helpers import fresh_body, fresh_members
from verification.audit.models import AuditEvent
from verification.households import repository
from verification.households.models import EnrolledHousehold
from verification.people.models import ActiveHouseholdMember
from verification.verifications.models import Verification

SCOPES = installed_sources().scopes  # the installed sources


async def _verify(api: Any, members: list[dict], token: str | None = None, **extra: Any) -> dict:
    response = await api.http.post(
        "/v1/verifications",
        json=fresh_body(api.issuer_key, members=members, **extra),
        headers=api.auth(token),
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["outcome"] == "eligible", report["reasons"]
    return report


async def _enrol(api: Any, verification_id: str, token: str | None = None) -> httpx.Response:
    return await api.http.post(
        "/v1/households",
        json={"verification_id": verification_id, "category": "stable"},
        headers=api.auth(token),
    )


async def _stored(api: Any) -> tuple[int, int]:
    async with api.sessions() as session:
        households = (await session.execute(select(func.count(EnrolledHousehold.id)))).scalar_one()
        holders = (
            await session.execute(select(func.count(ActiveHouseholdMember.person_index)))
        ).scalar_one()
    return households, holders


async def _last_refusal(api: Any) -> dict:
    await api.drain()
    async with api.sessions() as session:
        body = (
            await session.execute(
                select(AuditEvent.body)
                .where(AuditEvent.action == "request_refused")
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            )
        ).scalar_one()
    event: dict = json.loads(body)
    return event


def _no_id_numbers(members: list[dict], *texts: str) -> None:
    for text in texts:
        for member in members:
            assert member["id_number"] not in text


# ---------------------------------------------------------------------------- enrolment


async def test_a_person_in_an_active_household_is_not_enrolled_again(api) -> None:
    members = fresh_members()
    first = await _verify(api, members)
    second = await _verify(api, members)
    household = await _enrol(api, first["id"])
    assert household.status_code == 201, household.text
    household_id = household.json()["id"]
    before = await _stored(api)

    refused = await _enrol(api, second["id"])
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["code"] == "person-already-enrolled"
    assert problem["household_id"] == household_id  # the caller enrolled it: it may know
    assert "members 1, 2, 3 are already in an active enrolled household" in problem["detail"]
    _no_id_numbers(members, refused.text)
    assert await _stored(api) == before  # nothing stored
    event = await _last_refusal(api)
    assert event["code"] == "person-already-enrolled"
    assert event["verification_id"] == second["id"]
    assert event["household_ids"] == [household_id]
    assert event["member_positions"] == [1, 2, 3]
    _no_id_numbers(members, json.dumps(event, ensure_ascii=False))

    # a household sharing one person only is refused too
    partly = [*fresh_members()[:2], members[2]]
    third = await _verify(api, partly)
    refused = await _enrol(api, third["id"])
    assert refused.status_code == 409
    assert "member 3 is already" in refused.json()["detail"]

    # once the household's aid has ended, its people may be enrolled again
    ended = await api.http.post(
        f"/v1/households/{household_id}/end", json={"reason": "r"}, headers=api.auth()
    )
    assert ended.status_code == 200
    again = await _enrol(api, second["id"])
    assert again.status_code == 201, again.text
    # ending it again changes nothing: the people stay with the new household
    assert (
        await api.http.post(
            f"/v1/households/{household_id}/end", json={"reason": "r"}, headers=api.auth()
        )
    ).status_code == 200
    refused = await _enrol(api, third["id"])
    assert refused.status_code == 409
    assert refused.json()["household_id"] == again.json()["id"]


async def test_another_client_is_refused_without_learning_the_household(api) -> None:
    members = fresh_members()
    mine = await _verify(api, members)
    assert (await _enrol(api, mine["id"])).status_code == 201
    before = await _stored(api)

    theirs = await _verify(api, members, token=api.other_token)
    refused = await _enrol(api, theirs["id"], token=api.other_token)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["code"] == "person-already-enrolled"
    assert "household_id" not in problem  # not its household: not named to it
    assert await _stored(api) == before
    event = await _last_refusal(api)
    assert event["code"] == "person-already-enrolled"
    assert len(event["household_ids"]) == 1  # the auditor may know which


async def test_concurrent_enrolments_of_the_same_people_let_one_win(api) -> None:
    for _ in range(3):
        members = fresh_members()
        reports = [
            await _verify(api, members),
            await _verify(api, members),
            await _verify(api, members, token=api.other_token),
            await _verify(api, members, token=api.other_token),
        ]
        tokens = [None, None, api.other_token, api.other_token]
        responses = await asyncio.gather(
            *(_enrol(api, r["id"], t) for r, t in zip(reports, tokens, strict=True))
        )
        codes = sorted(r.status_code for r in responses)
        assert codes == [201, 409, 409, 409], [r.text for r in responses]
        assert all(
            r.json()["code"] == "person-already-enrolled" for r in responses if r.status_code == 409
        )
        winner = next(r.json()["id"] for r in responses if r.status_code == 201)
        await _assert_held_by(api, [r["id"] for r in reports], winner)


async def test_the_database_refuses_the_second_household_when_both_pass_the_check(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two enrolments that both find nobody holding the people (they checked at the same
    moment): the database's key on the person lets one commit and refuses the other."""

    async def nobody(*args: object) -> list[object]:
        return []

    monkeypatch.setattr(repository, "holders", nobody)
    members = fresh_members()
    reports = [
        await _verify(api, members),
        await _verify(api, members, token=api.other_token),
    ]
    before = await _stored(api)
    responses = await asyncio.gather(
        _enrol(api, reports[0]["id"]), _enrol(api, reports[1]["id"], api.other_token)
    )
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    refused = next(r for r in responses if r.status_code == 409)
    assert refused.json()["code"] == "person-already-enrolled"
    assert await _stored(api) == (before[0] + 1, before[1] + 3)
    winner = next(r.json()["id"] for r in responses if r.status_code == 201)
    await _assert_held_by(api, [r["id"] for r in reports], winner)


async def _assert_held_by(api: Any, verification_ids: list[str], household_id: str) -> None:
    async with api.sessions() as session:
        households = (
            (
                await session.execute(
                    select(EnrolledHousehold).where(
                        EnrolledHousehold.verification_id.in_(
                            [uuid.UUID(v) for v in verification_ids]
                        )
                    )
                )
            )
            .scalars()
            .all()
        )
        assert [str(h.id) for h in households] == [household_id]
        holders = (
            await session.execute(
                select(ActiveHouseholdMember.member_index).where(
                    ActiveHouseholdMember.household_id == uuid.UUID(household_id)
                )
            )
        ).scalars()
        assert sorted(holders) == [0, 1, 2]


# ---------------------------------------------------------------------------- findings


async def test_a_report_says_which_member_is_already_enrolled(api) -> None:
    members = fresh_members()
    first = await _verify(api, members)
    assert first["findings"] == []
    assert (await _enrol(api, first["id"])).status_code == 201

    # a new household: its first member is the enrolled household's child
    newcomers = [members[2], *fresh_members()[:2]]
    report = await _verify(api, newcomers, token=api.other_token)
    assert report["findings"] == [
        {
            "code": "finding.member_already_enrolled",
            "subject": "member",
            "member_index": 0,
            "category": None,
            "declared": None,
            "verified": None,
            "difference": None,
            "tolerance": None,
            "params": {"member_index": 0},
            "detail": "成员1已在另一户在保家庭中",
        }
    ]
    assert report["outcome"] == "eligible"  # findings inform; the rules decide
    _no_id_numbers(newcomers, json.dumps(report, ensure_ascii=False))
    html = await api.http.get(
        f"/v1/verifications/{report['id']}/report.html", headers=api.auth(api.other_token)
    )
    assert html.status_code == 200
    assert "成员1已在另一户在保家庭中" in html.text
    assert "家庭成员" in html.text and "None" not in html.text


async def test_a_report_says_which_member_has_another_verification_in_flight(
    api, mock_sources_url: str
) -> None:
    members = fresh_members()
    others = [members[1], *fresh_members()[:1]]  # shares the spouse, as member 1 (index 0)
    first_id = f"auth-{uuid.uuid4().hex}"
    async with httpx.AsyncClient(base_url=mock_sources_url) as mock:
        for agency in SCOPES:  # the mock agencies are named as the scopes
            await mock.put(f"/_faults/{agency}", json={"latency_ms": 1000})
        try:
            first = asyncio.ensure_future(_verify(api, members, authorization_id=first_id))
            async with asyncio.timeout(10):
                while True:
                    if await _running(api, first_id):
                        break
                    await asyncio.sleep(0.02)
            # started while the first asks the agencies: it finds the first still running
            second = await _verify(api, others)
            await first
        finally:
            await mock.delete("/_faults")
    assert second["findings"] == [
        {
            "code": "finding.member_verification_in_flight",
            "subject": "member",
            "member_index": 0,
            "category": None,
            "declared": None,
            "verified": None,
            "difference": None,
            "tolerance": None,
            "params": {"member_index": 0},
            "detail": "成员1另有一次核对正在进行",
        }
    ]
    assert second["outcome"] == "eligible"  # findings inform; the rules decide
    _no_id_numbers(others, json.dumps(second, ensure_ascii=False))
    # once both completed, nothing is in flight
    third = await _verify(api, members)
    assert third["findings"] == []


async def _running(api: Any, authorization_id: str) -> bool:
    async with api.sessions() as session:
        status = (
            await session.execute(
                select(Verification.status).where(Verification.authorization_id == authorization_id)
            )
        ).scalar_one_or_none()
    return status == "running"
