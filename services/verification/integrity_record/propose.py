"""A caseworker proposes an integrity entry, citing a verification of its own and one of
its report's understatement findings (``lifecycle.is_understatement``).

Never automatic: the service proposes nothing by itself.  The entry is about the people of
the verified household (the declaration, 家庭收入和财产状况声明, is the household's), kept as
blind indexes from the verification's members; they are put on the record only when the
entry is confirmed.
"""

from __future__ import annotations

import uuid

from verification.clients.models import ApiClient
from verification.data_keys.columns import INTEGRITY_FINDING
from verification.db import utcnow
from verification.integrity_record import repository
from verification.integrity_record.lifecycle import EntryStatus, is_understatement, policy_period
from verification.integrity_record.models import IntegrityEntry as Row
from verification.integrity_record.read import entry_event, entry_view
from verification.integrity_record.schemas import IntegrityEntry, ProposeEntry
from verification.problems import Conflict, NotFound
from verification.runtime import Runtime
from verification.verifications.repository import stored_report


async def propose_entry(
    runtime: Runtime, client: ApiClient, body: ProposeEntry, request_id: str
) -> IntegrityEntry:
    refs = {"verification_id": str(body.verification_id), "finding_index": body.finding_index}
    today = runtime.today()
    async with runtime.transaction() as session:
        verification = await repository.verification_of_client(
            session, client.id, body.verification_id
        )
        if verification is None or not client.may_use_region(verification.region_code):
            raise NotFound("no verification with this id for this client")
        if verification.status != "completed" or verification.report_enc is None:
            raise Conflict(
                "only a completed verification's report can be cited",
                code="integrity-finding-not-understated",
                audit=refs,
            )
        report = stored_report(runtime.keyring, verification)
        findings = [f.model_dump(mode="json") for f in report.findings]
        if body.finding_index >= len(findings) or not is_understatement(
            findings[body.finding_index]
        ):
            raise Conflict(
                "the report has no finding at this position that the household declared less "
                "income or fewer assets than the sources show beyond the policy's tolerance",
                code="integrity-finding-not-understated",
                audit={**refs, "revision": report.revision},
            )
        if existing := await repository.entry_of_finding(
            session, verification.id, report.revision, body.finding_index
        ):
            raise _exists(existing, refs)
        finding = findings[body.finding_index]
        effective = runtime.policies.effective(verification.region_code, today)
        people = await repository.people_of(session, verification.id)
        now = utcnow()
        row = Row(
            id=uuid.uuid4(),
            client_id=client.id,
            sandbox=client.sandbox,
            verification_id=verification.id,
            revision=report.revision,
            finding_index=body.finding_index,
            finding_code=finding["code"],
            finding_subject=finding["subject"],
            region_code=verification.region_code,
            member_count=len(people),
            status=EntryStatus.PROPOSED.value,
            created_at=now,
            updated_at=now,
        )
        row.finding_enc = INTEGRITY_FINDING.encrypt_json(
            runtime.keyring,
            {"finding": finding, "period_months": policy_period(effective)[0]},
            id=row.id,
        )
        if not await repository.add_entry(session, row):  # proposed concurrently
            existing = await repository.entry_of_finding(
                session, verification.id, report.revision, body.finding_index
            )
            raise _exists(existing, refs)
        event = entry_event(
            client, row, request_id, "integrity_entry_proposed", member_count=row.member_count
        )
        await runtime.audit.append(session, [event])
        return entry_view(runtime.keyring, row, today)


def _exists(entry_id: uuid.UUID | None, refs: dict[str, object]) -> Conflict:
    named = {"entry_id": str(entry_id)} if entry_id else {}
    return Conflict(
        "an integrity entry cites this finding already",
        code="integrity-entry-exists",
        audit={**refs, **named},
        extra=named,
    )
