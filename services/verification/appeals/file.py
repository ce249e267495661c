"""Filing an appeal (复议) against a verification's current report.

The appeal names items of that report (its sources' scopes, its findings' codes, its rules'
figures): an item the report does not have is refused (``422 appeal-item-unknown``), as is
a source to query again that the report did not query.  It must be filed within the
policy's days of the report (``appeal.filing_days``: ``422 appeal-filing-late``), and one
appeal at a time is open on a verification (``409 appeal-open``).  A refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError

from verification.appeals import events, repository
from verification.appeals.access import check_region
from verification.appeals.deadline import FILED, appeal_deadlines, is_late
from verification.appeals.models import Appeal
from verification.appeals.schemas import AppealView, FileAppeal
from verification.appeals.view import appeal_view
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.problems import Conflict, InvalidRequest
from verification.reports.model import ReportContent
from verification.runtime import Runtime
from verification.verifications import repository as verifications
from verification.verifications.purged import refuse_purged


def unknown_items(report: ReportContent, body: FileAppeal) -> list[dict[str, str]]:
    """The items ``body`` names that ``report`` does not have, pure: each as
    ``{"item": "scopes" | "findings" | "figures" | "requery_scopes", "value": …}``."""
    scopes = {source.scope for source in report.sources}
    findings = {finding.code for finding in report.findings}
    figures = {str(name) for rule in report.rules for name in rule.figures}
    asked: list[tuple[str, list[str], set[str]]] = [
        ("scopes", list(body.disputed.scopes), scopes),
        ("findings", list(body.disputed.findings), findings),
        ("figures", list(body.disputed.figures), figures),
        ("requery_scopes", list(body.requery_scopes), scopes),
    ]
    return [
        {"item": item, "value": value}
        for item, values, known in asked
        for value in dict.fromkeys(values)
        if value not in known
    ]


async def file_appeal(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    body: FileAppeal,
    request_id: str,
    *,
    now: dt.datetime | None = None,
    locale: Locale = DEFAULT_LOCALE,
) -> AppealView:
    now = now or utcnow()
    asked: dict[str, Any] = {"verification_id": str(verification_id)}
    try:
        return await _file(rt, client, verification_id, body, request_id, now, locale, asked)
    except IntegrityError as error:  # another filing of this verification's appeal, meanwhile
        if not repository.is_second_open_appeal(error):
            raise
        raise _appeal_open(asked) from None


def _appeal_open(asked: dict[str, Any]) -> Conflict:
    return Conflict(
        "an appeal of this verification is open: it is decided first",
        code="appeal-open",
        audit=asked,
    )


async def _file(  # noqa: PLR0917 -- file_appeal's arguments, passed on
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    body: FileAppeal,
    request_id: str,
    now: dt.datetime,
    locale: Locale,
    asked: dict[str, Any],
) -> AppealView:
    filed_on = rt.business_date(now)
    async with rt.transaction() as session:
        row = await verifications.owned(session, client, verification_id)
        check_region(client, row.region_code, audit=asked)
        refuse_purged(row)
        if row.status != "completed" or row.report_enc is None:
            raise Conflict(
                "the verification has not completed; appeal its report when it has",
                code="verification-incomplete",
            )
        report = verifications.stored_report(rt.keyring, row)
        unknown = unknown_items(report, body)
        if unknown:
            raise InvalidRequest(
                "the appeal names items the report does not have",
                code="appeal-item-unknown",
                status=422,
                extra={"unknown": unknown},
                audit={**asked, "unknown": unknown},
            )
        deadlines = appeal_deadlines(
            rt.policies.effective(row.region_code, filed_on),
            rt.calendar,
            reported_on=rt.business_date(report.completed_at),
            filed_on=filed_on,
        )
        if is_late(filed_on, deadlines):
            late = {
                "reported_on": rt.business_date(report.completed_at).isoformat(),
                "filing_due_on": deadlines.filing_due_on.isoformat(),
            }
            raise InvalidRequest(
                f"the report may be appealed until {late['filing_due_on']}",
                code="appeal-filing-late",
                status=422,
                extra=late,
                audit={**asked, **late},
            )
        if await repository.open_appeal(session, verification_id) is not None:
            raise _appeal_open(asked)
        appeal_id = uuid.uuid4()
        evidence = [item.model_dump(mode="json") for item in body.evidence]
        appeal = Appeal(
            id=appeal_id,
            verification_id=verification_id,
            client_id=client.id,
            region_code=row.region_code,
            sandbox=row.sandbox,
            report_revision=report.revision,
            status=FILED,
            filed_at=now,
            filed_on=filed_on,
            filing_due_on=deadlines.filing_due_on,
            decision_due_on=deadlines.decision_due_on,
            decision_due_provisional=deadlines.provisional,
            decision_working_days=deadlines.decision_working_days,
            disputed=body.disputed.model_dump(mode="json"),
            requery_scopes=list(dict.fromkeys(body.requery_scopes)),
            evidence_count=len(evidence),
            evidence_enc=repository.seal_evidence(rt.keyring, appeal_id, evidence)
            if evidence
            else None,
        )
        await repository.add(session, appeal)
        await rt.audit.append(
            session,
            [
                events.appeal_filed(
                    client, appeal, request_id, evidence_kinds=[e.kind for e in body.evidence]
                )
            ],
        )
    return appeal_view(rt.keyring, appeal, today=filed_on, locale=locale)
