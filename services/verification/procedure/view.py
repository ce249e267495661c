"""The report's ``procedure`` section: what the 办法's procedural rules say about this report.

Built from explicit values of the layered policy (``EffectivePolicy``): the working-day limits
in force on the acceptance date (rule 17), the national source list on the assessment date and
which of its sources were queried (rule 15), the notice owed to an applicant whose result is
not eligible (rule 16), and the household check due after a member's death (rule 22).  Every
statement is a catalogue message (zh-CN stored, English on request).

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from connectors.sdk.evidence import PersonStatus
from verification.assessment.model import Results
from verification.messages.locale import DEFAULT_LOCALE
from verification.messages.render import Message
from verification.policies.layered import params as p
from verification.policies.layered.resolution import EffectivePolicy, Resolved, Source, Status
from verification.procedure.calendar import WorkingDayCalendar
from verification.procedure.deadlines import Deadline, deadlines
from verification.procedure.recheck import Death, Recheck, death_rechecks
from verification.procedure.sources import Coverage, coverage
from verification.reports.language import message_view
from verification.reports.model import (
    DeadlineView,
    DeathRecheckView,
    MessageView,
    ProcedureView,
    SourceCoverageView,
)

_COVERAGE_CODES = {
    Coverage.QUERIED: "procedure.source.queried",
    Coverage.NOT_QUERIED: "procedure.source.not_queried",
    Coverage.NOT_SUPPORTED: "procedure.source.not_supported",
}


def deaths(results: Results) -> list[Death]:
    """The members a source of identity (公安户籍) reports deceased, with the date of death
    when given; once per member, the first such source in scope order deciding."""
    found: dict[int, Death] = {}
    for (index, _scope), result in sorted(results.items()):
        identity = result.evidence.identity
        if identity is not None and identity.status is PersonStatus.DECEASED:
            found.setdefault(index, Death(index, identity.date_of_death))
    return list(found.values())


def ceiling_value(resolved: Resolved[int]) -> int | None:
    """A ceiling parameter's value in force, the less specific value when a region lengthened
    it (never the longer one); None when it is not in force."""
    if resolved.status is not Status.IN_FORCE or resolved.value is None:
        return None
    if resolved.exceeds is not None and isinstance(resolved.exceeds.entry.value, int):
        return resolved.exceeds.entry.value
    return resolved.value


def _view(message: Message) -> MessageView:
    return message_view(message, DEFAULT_LOCALE)


def _deadline_message(deadline: Deadline) -> Message:
    params: dict[str, Any] = {
        "parameter": deadline.param.key,
        "counted_from": deadline.anchor.value,
        "working_days": deadline.working_days,
        "citation": deadline.source.citation_text(),
    }
    if deadline.due_on is not None and deadline.starts_on is not None:
        return Message(
            "procedure.deadline.due",
            {**params, "starts_on": str(deadline.starts_on), "due_on": str(deadline.due_on)},
        )
    if deadline.not_covered is not None and deadline.starts_on is not None:
        missing = deadline.not_covered
        return Message(
            "procedure.deadline.not_covered",
            {
                **params,
                "starts_on": str(deadline.starts_on),
                "first_year": missing.first_year,
                "last_year": missing.last_year,
                "year": missing.day.year,
            },
        )
    return Message("procedure.deadline.relative", params)


def _lengthened_message(deadline: Deadline) -> Message | None:
    if deadline.lengthened is None:
        return None
    regional = deadline.lengthened.regional
    return Message(
        "procedure.deadline.lengthened",
        {
            "parameter": deadline.param.key,
            "layer": regional.layer_name,
            "regional_days": deadline.lengthened.regional_days,
            "working_days": deadline.working_days,
            "ceiling_citation": deadline.lengthened.ceiling.citation_text(),
            "citation": regional.citation_text(),
        },
    )


def _deadline_view(deadline: Deadline) -> DeadlineView:
    return DeadlineView(
        parameter=deadline.param.key,
        counted_from=deadline.anchor.value,
        working_days=deadline.working_days,
        starts_on=deadline.starts_on,
        due_on=deadline.due_on,
        lengthened_to=deadline.lengthened.regional_days if deadline.lengthened else None,
        citation=deadline.source.citation_text(),
        calendar=deadline.calendar_text(),
        message=_view(_deadline_message(deadline)),
    )


def _sources(effective: EffectivePolicy, queried: Collection[str]) -> list[SourceCoverageView]:
    resolved = effective[p.VERIFICATION_SOURCES]
    if resolved.status is not Status.IN_FORCE or resolved.value is None:
        return []
    views = []
    for item in coverage(resolved.value, queried):
        params: dict[str, Any] = {"source": item.source.value}
        if item.coverage is not Coverage.NOT_SUPPORTED:
            params["scope"] = item.scope
        views.append(
            SourceCoverageView(
                source=item.source.value,
                scope=item.scope,
                coverage=item.coverage.value,
                message=_view(Message(_COVERAGE_CODES[item.coverage], params)),
            )
        )
    return views


def _flag_source(effective: EffectivePolicy, param: p.Param[bool]) -> Source | None:
    resolved = effective[param]
    if resolved.status is Status.IN_FORCE and resolved.value is True:
        return resolved.source
    return None


def adverse_notice(effective: EffectivePolicy, outcome: str) -> Message | None:
    """Rule 16 (办法 第十八条): the applicant of a result that is not eligible is told, and
    may object with evidence for a 复查 — stated when both rules are in force."""
    if outcome == "eligible":
        return None
    notice = _flag_source(effective, p.ADVERSE_CHECK_NOTICE)
    objection = _flag_source(effective, p.RECHECK_ON_OBJECTION)
    if notice is None or objection is None:
        return None
    citations = dict.fromkeys([notice.citation_text(), objection.citation_text()])
    code = (
        "procedure.adverse_notice.ineligible"
        if outcome == "ineligible"
        else "procedure.adverse_notice.review_required"
    )
    return Message(code, {"citation": "；".join(citations)})


def recheck_after_death(
    effective: EffectivePolicy, found: Sequence[Death], reported_on: dt.date
) -> tuple[list[Recheck], Source | None]:
    """Rule 22: the household check each death calls for (earliest first), with the rule's
    source; none when the rule is not in force on the date."""
    resolved = effective[p.RECHECK_AFTER_DEATH_MONTHS]
    months = ceiling_value(resolved)
    if months is None or resolved.source is None or not found:
        return [], None
    source = resolved.exceeds if resolved.exceeds is not None else resolved.source
    return death_rechecks(found, months, reported_on), source


def _recheck_view(recheck: Recheck, source: Source) -> DeathRecheckView:
    params: dict[str, Any] = {
        "member_index": recheck.member_index,
        "due_on": str(recheck.due_on),
        "months": recheck.months,
        "citation": source.citation_text(),
    }
    if recheck.date_of_death is None:
        message = Message("procedure.death_recheck_undated", params)
    else:
        message = Message(
            "procedure.death_recheck", {**params, "date_of_death": str(recheck.date_of_death)}
        )
    return DeathRecheckView(
        due_on=recheck.due_on,
        reason=recheck.reason.value,
        member_index=recheck.member_index,
        date_of_death=recheck.date_of_death,
        months=recheck.months,
        citation=source.citation_text(),
        message=_view(message),
    )


@dataclass(frozen=True, slots=True)
class ProcedureBasis:
    """What the ``procedure`` section says whatever the sources answer: the deadlines, the
    source coverage and the notes (``procedure_basis``); ``completed_procedure`` adds what
    the answers and the outcome decide."""

    accepted_on: dt.date | None
    deadlines: list[DeadlineView]
    sources: list[SourceCoverageView]
    notes: list[MessageView]


def procedure_basis(
    *,
    assessed: EffectivePolicy,
    accepted: EffectivePolicy | None,
    accepted_on: dt.date | None,
    received_on: dt.date,
    calendar: WorkingDayCalendar,
    queried_scopes: Collection[str],
) -> ProcedureBasis:
    """The part of the ``procedure`` section known before any source answers (arguments as
    ``procedure_view``'s)."""
    limits = (
        deadlines(accepted, calendar, accepted_on=accepted_on, received_on=received_on)
        if accepted is not None and accepted_on is not None
        else []
    )
    return ProcedureBasis(
        accepted_on=accepted_on,
        deadlines=[_deadline_view(d) for d in limits],
        sources=_sources(assessed, queried_scopes),
        notes=[_view(m) for m in (_lengthened_message(d) for d in limits) if m is not None],
    )


def completed_procedure(
    basis: ProcedureBasis,
    *,
    assessed: EffectivePolicy,
    received_on: dt.date,
    outcome: str,
    results: Results,
) -> ProcedureView:
    """The ``procedure`` section: ``basis`` with the adverse-result notice the outcome calls
    for and the re-checks the deaths in ``results`` call for."""
    notice = adverse_notice(assessed, outcome)
    rechecks, recheck_source = recheck_after_death(assessed, deaths(results), received_on)
    return ProcedureView(
        accepted_on=basis.accepted_on,
        deadlines=basis.deadlines,
        sources=basis.sources,
        adverse_notice=_view(notice) if notice is not None else None,
        death_rechecks=(
            [_recheck_view(r, recheck_source) for r in rechecks] if recheck_source else []
        ),
        notes=basis.notes,
    )


def procedure_view(
    *,
    assessed: EffectivePolicy,
    accepted: EffectivePolicy | None,
    accepted_on: dt.date | None,
    received_on: dt.date,
    calendar: WorkingDayCalendar,
    queried_scopes: Collection[str],
    outcome: str,
    results: Results,
) -> ProcedureView:
    """The ``procedure`` section of a report.

    ``assessed``: the layered policy on the assessment date (``received_on``); ``accepted``:
    on the acceptance date ``accepted_on`` (None, with ``accepted_on``, for a re-verification,
    which is no application and has no deadlines).
    """
    basis = procedure_basis(
        assessed=assessed,
        accepted=accepted,
        accepted_on=accepted_on,
        received_on=received_on,
        calendar=calendar,
        queried_scopes=queried_scopes,
    )
    return completed_procedure(
        basis, assessed=assessed, received_on=received_on, outcome=outcome, results=results
    )
