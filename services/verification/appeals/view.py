"""An appeal as the API shows it (to the client that filed it: its evidence decrypted)."""

from __future__ import annotations

import datetime as dt

from verification.appeals import repository
from verification.appeals.deadline import Decision, is_overdue
from verification.appeals.models import Appeal
from verification.appeals.schemas import (
    AppealDeadlineView,
    AppealDecisionView,
    AppealReason,
    AppealView,
    DisputedView,
    EvidenceItem,
)
from verification.kit.crypto import KeyRing
from verification.messages.locale import Locale
from verification.messages.render import render
from verification.reports.model import MessageView

# each reason's text in the message catalogue
_REASON_TEXTS: dict[str, str] = {
    AppealReason.SOURCE_RECORD_CORRECTED: "procedure.appeal_reason.source_record_corrected",
    AppealReason.REQUERY_CHANGED_ANSWER: "procedure.appeal_reason.requery_changed_answer",
    AppealReason.EVIDENCE_NOTED: "procedure.appeal_reason.evidence_noted",
    AppealReason.EVIDENCE_INSUFFICIENT: "procedure.appeal_reason.evidence_insufficient",
    AppealReason.FINDINGS_CONFIRMED: "procedure.appeal_reason.findings_confirmed",
    AppealReason.NOT_IN_REPORT_SCOPE: "procedure.appeal_reason.not_in_report_scope",
}


def reason_message(code: str, locale: Locale) -> MessageView:
    """A decision's reason as a statement: its catalogue code and its text."""
    key = _REASON_TEXTS[code]
    return MessageView(code=key, params={}, text=render(key, {}, locale))


def appeal_view(keyring: KeyRing, appeal: Appeal, *, today: dt.date, locale: Locale) -> AppealView:
    decision = None
    if appeal.decision is not None:
        assert appeal.decided_at is not None and appeal.decided_on is not None
        decision = AppealDecisionView(
            decision=Decision(appeal.decision),
            decided_at=appeal.decided_at,
            decided_on=appeal.decided_on,
            reasons=[reason_message(code, locale) for code in appeal.reason_codes or []],
            note=repository.open_note(keyring, appeal),
            result_revision=appeal.result_revision,
        )
    return AppealView(
        id=appeal.id,
        verification_id=appeal.verification_id,
        status="decided" if appeal.decision is not None else "filed",
        report_revision=appeal.report_revision,
        filed_at=appeal.filed_at,
        filed_on=appeal.filed_on,
        filing_due_on=appeal.filing_due_on,
        decision_deadline=AppealDeadlineView(
            due_on=appeal.decision_due_on,
            working_days=appeal.decision_working_days,
            provisional=appeal.decision_due_provisional,
        ),
        overdue=is_overdue(appeal.status, appeal.decision_due_on, today),
        disputed=DisputedView.model_validate(appeal.disputed),
        requery_scopes=list(appeal.requery_scopes),
        evidence=[
            EvidenceItem.model_validate(item) for item in repository.open_evidence(keyring, appeal)
        ],
        decision=decision,
    )
