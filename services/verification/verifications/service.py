"""The verification use case: authorization → fan-out → assessment → report.

Two short transactions bracket the network work: the first records the
accepted authorization, the running verification and its audit events; the
second records every source outcome, the audit events for each query and the
report.  No transaction is held open while agencies are queried.  Refusals
raise ``DomainError``s carrying their audit fields; the problem handler
records them, so a refused request stores an audit event and nothing else.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.evidence import SourceResult
from verification.assessment.engine import Member, assess, lookback_window
from verification.authorization.grant import Grant, parse_grant
from verification.authorization.jws import RegisteredKey, verify_jws
from verification.authorization.keys import lookup_key
from verification.authorization.models import AuthorizationRecord
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.kit.id_number import normalize
from verification.kit.masking import mask_id_number
from verification.problems import AuthorizationRefused, Conflict, Forbidden, NotFound
from verification.reports.builder import ReportContext, ReportMember, build_report
from verification.runtime import Runtime
from verification.settings import SCOPES
from verification.verifications.fanout import query_sources
from verification.verifications.models import SourceQuery, Verification, VerificationMember
from verification.verifications.schemas import CreateVerification, VerificationReport


def _aad(verification_id: uuid.UUID, column: str) -> bytes:
    return f"verifications:{verification_id}:{column}".encode()


class VerificationService:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime

    async def submit(
        self,
        client: ApiClient,
        body: CreateVerification,
        request_id: str,
        now: dt.datetime | None = None,
    ) -> VerificationReport:
        now = now or utcnow()
        key, grant = await self._accept_authorization(client, body, now)
        policy = self._rt.policies.select(grant.region_code, now.date())
        scopes = [s for s in SCOPES if s in (body.scopes or grant.scopes)]
        verification_id = uuid.uuid4()
        members = [
            ReportMember(
                index=i, id_number=normalize(m.id_number), name=m.name, relation=m.relation
            )
            for i, m in enumerate(grant.members)
        ]
        people = [self._person_ref(m.id_number) for m in members]
        common = {
            "client_id": str(client.id),
            "request_id": request_id,
            "verification_id": str(verification_id),
            "authorization_id": grant.authorization_id,
            "purpose": grant.purpose,
        }

        async with self._rt.session_factory() as session, session.begin():
            await self._record_authorization(session, key, grant, now)
            session.add(
                Verification(
                    id=verification_id,
                    client_id=client.id,
                    authorization_id=grant.authorization_id,
                    purpose=grant.purpose,
                    region_code=grant.region_code,
                    area=grant.area,
                    status="running",
                    policy_id=policy.id,
                    policy_version=policy.version,
                    created_at=now,
                    declaration_enc=(
                        self._rt.keyring.encrypt_json(
                            body.declaration.model_dump(mode="json"),
                            _aad(verification_id, "declaration"),
                        )
                        if body.declaration
                        else None
                    ),
                )
            )
            await session.flush()
            for member, person in zip(members, people, strict=True):
                session.add(
                    VerificationMember(
                        verification_id=verification_id,
                        member_index=member.index,
                        person_index=person["person"],
                        id_number_masked=person["person_masked"],
                        name_enc=self._rt.keyring.encrypt(
                            member.name.encode(), _aad(verification_id, f"member{member.index}")
                        ),
                        relation=member.relation,
                    )
                )
            await self._rt.audit.append(
                session,
                [
                    {
                        **common,
                        "action": "authorization_accepted",
                        "issuer": grant.issuer,
                        "kid": key.kid,
                        "region_code": grant.region_code,
                        "scopes": scopes,
                        "members": people,
                        "policy": f"{policy.id}@{policy.version}",
                    }
                ],
            )

        window = lookback_window(now.date(), policy.lookback_months)
        window_context = QueryContext(
            authorization_id=grant.authorization_id,
            purpose=grant.purpose,
            period_start=window.start,
            period_end=window.end,
            deadline=time.monotonic() + self._rt.settings.verification_deadline_seconds,
            request_id=request_id,
        )
        results = await query_sources(
            self._rt.connectors,
            [PersonQuery(id_number=m.id_number, name=m.name) for m in members],
            scopes,
            window_context,
        )
        assessment = assess(
            [Member(index=m.index, relation=m.relation) for m in members],
            results,
            policy,
            grant.area,
            now.date(),
        )
        completed_at = utcnow()
        async with self._rt.session_factory() as session, session.begin():
            session.add_all(
                SourceQuery(
                    verification_id=verification_id,
                    member_index=index,
                    scope=scope,
                    status=result.status.value,
                    reason=result.reason,
                    attempts=result.attempts,
                    duration_ms=result.duration_ms,
                    queried_at=completed_at,
                )
                for (index, scope), result in sorted(results.items())
            )
            refs = await self._rt.audit.append(
                session,
                [
                    *_source_events(common, people, results),
                    {
                        **common,
                        "action": "report_created",
                        "outcome": assessment.outcome.value,
                        "policy": f"{policy.id}@{policy.version}",
                    },
                ],
            )
            report = build_report(
                ReportContext(
                    verification_id=verification_id,
                    authorization_id=grant.authorization_id,
                    purpose=grant.purpose,
                    region_code=grant.region_code,
                    area=grant.area,
                    created_at=now,
                    completed_at=completed_at,
                    as_of=now.date(),
                ),
                members,
                results,
                assessment=assessment,
                policy=policy,
                audit_seq=refs[-1].seq,
                audit_leaf_hash=refs[-1].leaf_hash,
            )
            row = await session.get(Verification, verification_id)
            assert row is not None
            row.status = "completed"
            row.outcome = assessment.outcome.value
            row.completed_at = completed_at
            row.report_enc = self._rt.keyring.encrypt_json(
                report.model_dump(mode="json"), _aad(verification_id, "report")
            )
        return report

    async def read(
        self, client: ApiClient, verification_id: uuid.UUID, request_id: str
    ) -> VerificationReport:
        async with self._rt.session_factory() as session, session.begin():
            row = (
                await session.execute(
                    select(Verification).where(
                        Verification.id == verification_id, Verification.client_id == client.id
                    )
                )
            ).scalar_one_or_none()
            if row is None:
                raise NotFound("no verification with this id for this client")
            if row.report_enc is None:
                raise Conflict(
                    "the verification has not completed; its report is not available",
                    code="verification-incomplete",
                )
            report = VerificationReport.model_validate(
                self._rt.keyring.decrypt_json(row.report_enc, _aad(verification_id, "report"))
            )
            await self._rt.audit.append(
                session,
                [
                    {
                        "action": "report_read",
                        "client_id": str(client.id),
                        "request_id": request_id,
                        "verification_id": str(verification_id),
                        "authorization_id": row.authorization_id,
                        "purpose": row.purpose,
                    }
                ],
            )
        return report

    async def _accept_authorization(
        self, client: ApiClient, body: CreateVerification, now: dt.datetime
    ) -> tuple[RegisteredKey, Grant]:
        async with self._rt.session_factory() as session:
            key, claims = await verify_jws(
                body.authorization, lambda kid: lookup_key(session, kid), now
            )
        audit: dict[str, Any] = {"kid": key.kid}
        if isinstance(claims.get("authorization_id"), str):
            audit["authorization_id"] = claims["authorization_id"][:128]
        try:
            grant = parse_grant(claims, body.scopes)
        except AuthorizationRefused as refusal:
            refusal.audit_fields.update(audit)
            raise
        audit["issuer"] = grant.issuer
        if grant.issuer != key.issuer_code:
            raise AuthorizationRefused(
                "the signing key does not belong to the issuer named in the authorization",
                code="issuer-mismatch",
                audit=audit,
            )
        if not client.may_use_issuer(grant.issuer):
            raise _refused_forbidden(
                "this client may not submit authorizations of this issuer",
                "issuer-not-permitted",
                audit,
            )
        if not client.may_use_region(grant.region_code):
            raise _refused_forbidden(
                "this client may not verify households of this region",
                "region-not-permitted",
                audit,
            )
        return key, grant

    async def _record_authorization(
        self, session: Any, key: RegisteredKey, grant: Grant, now: dt.datetime
    ) -> None:
        content_hash = grant.content_hash()
        existing = await session.get(AuthorizationRecord, grant.authorization_id)
        if existing is not None:
            if existing.content_hash != content_hash:
                raise AuthorizationRefused(
                    "this authorization_id was already used with different content",
                    code="authorization-replayed",
                    status=409,
                    audit={"authorization_id": grant.authorization_id, "kid": key.kid},
                )
            return
        session.add(
            AuthorizationRecord(
                authorization_id=grant.authorization_id,
                content_hash=content_hash,
                issuer_code=grant.issuer,
                kid=key.kid,
                purpose=grant.purpose,
                region_code=grant.region_code,
                scopes=grant.scopes,
                member_count=len(grant.members),
                not_before=grant.not_before,
                expires_at=grant.expires_at,
                first_seen_at=now,
            )
        )
        try:
            await session.flush()
        except IntegrityError:
            raise Conflict(
                "this authorization is being used by a concurrent request; retry",
                code="authorization-in-use",
            ) from None

    def _person_ref(self, id_number: str) -> dict[str, str]:
        return {
            "person": self._rt.keyring.blind_index(normalize(id_number)),
            "person_masked": mask_id_number(normalize(id_number)),
        }


def _refused_forbidden(detail: str, code: str, audit: Mapping[str, Any]) -> Forbidden:
    return Forbidden(detail, code=code, audit=audit, audit_action="authorization_refused")


def _source_events(
    common: Mapping[str, Any],
    people: list[dict[str, str]],
    results: Mapping[tuple[int, str], SourceResult],
) -> list[dict[str, Any]]:
    return [
        {
            **common,
            "action": "source_query",
            "scope": scope,
            **people[index],
            "status": result.status.value,
            "attempts": result.attempts,
            "duration_ms": result.duration_ms,
            "reason": result.reason,
        }
        for (index, scope), result in sorted(results.items())
    ]
