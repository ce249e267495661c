"""Enrolled households in bulk, for batch tests and the batch benchmark; and the
exactly-once check the crash tests share.

One real verification (through the service) is the template; each seeded
household gets its own authorization record, verification (its report and
members encrypted under its own id, as the service writes them) and enrolment,
due for review today.  Much faster than a verification per household.  Each
household has people of its own (a person is in one active household only), who
have nothing on record with the mock agencies, like the template's shape.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, union_all

from tests.verification.helpers import fresh_id_number, scenario_body
from verification.audit.log import check_chain
from verification.audit.models import AuditEvent, AuditPending
from verification.authorization.models import AuthorizationRecord
from verification.authorization.signing import IssuerKeyPair
from verification.batches.models import BatchItem
from verification.clients.models import ApiClient
from verification.data_keys.columns import MEMBER_ID_NUMBER, MEMBER_NAME, VERIFICATION_REPORT
from verification.db import utcnow
from verification.households.models import EnrolledHousehold
from verification.kit.masking import mask_id_number
from verification.kit.months import add_months
from verification.people.models import ActiveHouseholdMember
from verification.runtime import Runtime
from verification.verifications.create import create_verification
from verification.verifications.models import Verification, VerificationMember
from verification.verifications.schemas import CreateVerification


async def seed_households(
    runtime: Runtime,
    client: ApiClient,
    key_pair: IssuerKeyPair,
    count: int,
    *,
    scenario: str = "eligible",
    chunk: int = 500,
    allowance: Decimal = Decimal("300.00"),
    shared: bool = False,
    region_code: str = "450102",
    scopes: Sequence[str] = (),
) -> list[uuid.UUID]:
    """``count`` active households of ``client`` due today, enrolled in this order; their
    ids.  ``shared``: every household has the same people, and none holds them in
    ``active_household_members`` — what enrolments before migration 0007 could leave.
    ``scopes``: the agencies their authorization allows (and a review asks), by default
    every installed one."""
    overrides: dict[str, Any] = {"scopes": list(scopes)} if scopes else {}
    template = await create_verification(
        runtime,
        client,
        CreateVerification.model_validate(
            scenario_body(key_pair, scenario, region_code=region_code, **overrides)
        ),
        "seed",
    )
    keyring = runtime.keyring
    async with runtime.read_session_factory() as session:
        source = await session.get(Verification, template.id)
        authorization = await session.get(AuthorizationRecord, template.authorization_id)
        members = list(
            (
                await session.execute(
                    select(VerificationMember)
                    .where(VerificationMember.verification_id == template.id)
                    .order_by(VerificationMember.member_index)
                )
            ).scalars()
        )
    assert source is not None and authorization is not None
    template_people = [
        (
            m,
            MEMBER_ID_NUMBER.decrypt(keyring, m),
            MEMBER_NAME.decrypt(keyring, m),
        )
        for m in members
    ]

    def fresh_people() -> list[tuple[int, str, bytes, bytes]]:
        return [
            (
                m.member_index,
                m.relation,
                fresh_id_number(child=m.relation == "child").encode(),
                name,
            )
            for m, _, name in template_people
        ]

    everyones = fresh_people()
    report = template.model_dump(mode="json")
    today = runtime.today()
    household_ids: list[uuid.UUID] = []
    for start in range(0, count, chunk):
        rows: dict[str, list[dict[str, Any]]] = {
            "authorizations": [],
            "verifications": [],
            "members": [],
            "households": [],
            "holders": [],
        }
        for _ in range(min(chunk, count - start)):
            vid, hid = uuid.uuid4(), uuid.uuid4()
            people = everyones if shared else fresh_people()
            auth_id = f"seed-{vid.hex}"
            rows["authorizations"].append(
                {
                    "authorization_id": auth_id,
                    "content_hash": hashlib.sha256(auth_id.encode()).hexdigest(),
                    "issuer_code": authorization.issuer_code,
                    "kid": authorization.kid,
                    "purpose": authorization.purpose,
                    "region_code": authorization.region_code,
                    "scopes": authorization.scopes,
                    "member_count": authorization.member_count,
                    "not_before": authorization.not_before,
                    "expires_at": authorization.expires_at,
                    "first_seen_at": authorization.first_seen_at,
                }
            )
            rows["verifications"].append(
                {
                    "id": vid,
                    "client_id": client.id,
                    "authorization_id": auth_id,
                    "purpose": source.purpose,
                    "region_code": source.region_code,
                    "area": source.area,
                    "status": "completed",
                    "outcome": source.outcome,
                    "policy_id": source.policy_id,
                    "policy_version": source.policy_version,
                    "created_at": source.created_at,
                    "completed_at": source.completed_at,
                    "as_of": source.as_of,
                    "revision": 0,
                    "report_enc": VERIFICATION_REPORT.encrypt_json(
                        keyring,
                        {**report, "id": str(vid), "authorization_id": auth_id},
                        id=vid,
                    ),
                }
            )
            rows["members"].extend(
                {
                    "verification_id": vid,
                    "member_index": index,
                    "person_index": keyring.blind_index(id_number.decode()),
                    "id_number_masked": mask_id_number(id_number.decode()),
                    "id_number_enc": MEMBER_ID_NUMBER.encrypt(
                        keyring, id_number, verification_id=vid, member_index=index
                    ),
                    "name_enc": MEMBER_NAME.encrypt(
                        keyring, name, verification_id=vid, member_index=index
                    ),
                    "relation": relation,
                }
                for index, relation, id_number, name in people
            )
            if not shared:
                rows["holders"].extend(
                    {
                        "person_index": keyring.blind_index(id_number.decode()),
                        "household_id": hid,
                        "member_index": index,
                    }
                    for index, _, id_number, _ in people
                )
            rows["households"].append(
                {
                    "id": hid,
                    "client_id": client.id,
                    "verification_id": vid,
                    "authorization_id": auth_id,
                    "region_code": source.region_code,
                    "area": source.area,
                    "category": "stable",
                    "monthly_allowance": allowance,
                    "status": "active",
                    "enrolled_on": add_months(today, -6),
                    "last_reviewed_on": add_months(today, -6),
                    "next_review_on": today,
                    "last_verification_id": vid,
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                }
            )
            household_ids.append(hid)
        async with runtime.transaction() as session:
            for model, key in (
                (AuthorizationRecord, "authorizations"),
                (Verification, "verifications"),
                (VerificationMember, "members"),
                (EnrolledHousehold, "households"),
                (ActiveHouseholdMember, "holders"),
            ):
                if rows[key]:
                    await session.execute(insert(model), rows[key])
    return household_ids


async def assert_reviewed_exactly_once(
    runtime: Runtime, households: Sequence[uuid.UUID], *, rerun_expected: bool = True
) -> None:
    """After a batch with crashes: one done item each (one of them run again, when the test
    killed a process mid-item: ``rerun_expected``), exactly one new completed verification
    per household (the one it points at), one ``batch_item_done`` event each, and an audit
    chain that verifies."""
    async with runtime.read_session_factory() as session:
        items = list(
            (
                await session.execute(
                    select(BatchItem).where(BatchItem.household_id.in_(households))
                )
            ).scalars()
        )
        assert sorted(i.household_id for i in items) == sorted(households)
        assert all(i.state == "done" and i.recommendation for i in items)
        if rerun_expected:
            assert any(i.attempts > 1 for i in items), "no interrupted item was run again"
        for household_id in households:
            household = await session.get(EnrolledHousehold, household_id)
            assert household is not None
            reviews = (
                await session.execute(
                    select(Verification.id, Verification.status).where(
                        Verification.authorization_id == household.authorization_id,
                        Verification.id != household.verification_id,
                    )
                )
            ).all()
            assert len(reviews) == 1, (household_id, reviews)
            assert reviews[0].status == "completed"
            assert household.last_verification_id == reviews[0].id
        # recorded: in the log, or recorded and not yet integrated (the service's integrator
        # may still be moving the last ones when the batch reads as completed)
        # (in one statement, one snapshot: read apart, an entry moved between the reads would
        # be counted twice or not at all)
        recorded = union_all(
            *(
                select(table.id if table is AuditPending else table.seq).where(
                    table.action == "batch_item_done"
                )
                for table in (AuditEvent, AuditPending)
            )
        ).subquery()
        done_events = (
            await session.execute(select(func.count()).select_from(recorded))
        ).scalar_one()
        assert done_events == len(households)
        chain = await check_chain(session)
        assert chain.problem is None, chain
        assert chain.size > len(households)
