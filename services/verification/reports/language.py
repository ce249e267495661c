"""A report's texts, written in one language from the codes it carries.

Every explanation in a report (a rule's statements, a finding, a deduction's
basis, a source's reason, the outcome's reasons) is stored as a catalogue code
with its parameters, beside its text.  ``localize`` writes each text again in
the requested locale, so one stored report reads in Chinese or English, and a
report stored before texts had codes keeps its old text (code ``verbatim``).
"""

from __future__ import annotations

from typing import TypeVar

from verification.messages.locale import Locale
from verification.messages.render import Message, join_statements, render
from verification.reports.model import MessageView, ProcedureView, ReportContent

R = TypeVar("R", bound=ReportContent)


def message_view(message: Message | MessageView, locale: Locale) -> MessageView:
    """The statement with its text in ``locale``."""
    return MessageView(
        code=message.code,
        params=dict(message.params),
        text=render(message.code, message.params, locale),
    )


def localize(report: R, locale: Locale) -> R:
    """``report`` with every text written in ``locale``."""
    rules = []
    for rule in report.rules:
        messages = [message_view(m, locale) for m in rule.messages]
        rules.append(
            rule.model_copy(
                update={
                    "messages": messages,
                    "detail": join_statements((m.text for m in messages), locale),
                }
            )
        )
    return report.model_copy(
        update={
            "sources": [
                s.model_copy(update={"reason": render(s.reason_code, s.reason_params, locale)})
                if s.reason_code is not None
                else s
                for s in report.sources
            ],
            "income": report.income.model_copy(
                update={
                    "deductions": [
                        d.model_copy(update={"basis": render(d.basis_code, d.basis_params, locale)})
                        for d in report.income.deductions
                    ]
                }
            ),
            "rules": rules,
            "findings": [
                f.model_copy(update={"detail": render(f.code, f.params, locale)})
                for f in report.findings
            ],
            "reasons": [message_view(r, locale) for r in report.reasons],
            "allowance": report.allowance
            and report.allowance.model_copy(
                update={"messages": [message_view(m, locale) for m in report.allowance.messages]}
            ),
            "hardship": report.hardship
            and report.hardship.model_copy(
                update={"messages": [message_view(m, locale) for m in report.hardship.messages]}
            ),
            "single_person_candidates": [
                c.model_copy(update={"message": message_view(c.message, locale)})
                for c in report.single_person_candidates
            ],
            "single_person_notes": [message_view(n, locale) for n in report.single_person_notes],
            "policy_notes": [message_view(n, locale) for n in report.policy_notes],
            "procedure": _procedure(report.procedure, locale),
            "obligors": report.obligors
            and report.obligors.model_copy(
                update={"statement": message_view(report.obligors.statement, locale)}
            ),
        }
    )


def _procedure(procedure: ProcedureView | None, locale: Locale) -> ProcedureView | None:
    if procedure is None:
        return None
    return procedure.model_copy(
        update={
            "deadlines": [
                d.model_copy(update={"message": message_view(d.message, locale)})
                for d in procedure.deadlines
            ],
            "sources": [
                s.model_copy(update={"message": message_view(s.message, locale)})
                for s in procedure.sources
            ],
            "adverse_notice": (
                message_view(procedure.adverse_notice, locale)
                if procedure.adverse_notice is not None
                else None
            ),
            "death_rechecks": [
                r.model_copy(update={"message": message_view(r.message, locale)})
                for r in procedure.death_rechecks
            ],
            "notes": [message_view(n, locale) for n in procedure.notes],
        }
    )
