"""Comparing a list with the enrolled households (on demand, and the monthly schedule's
unit of work): read what the comparison needs, compare (``comparison.compare``, pure),
store the result — counts in clear, entries encrypted — and audit it with counts only.

The enrolled list is the list's client's active households of the region (the households
``GET /v1/households`` shows it; another client's are not its to see).  An income is the
``income.per_capita_monthly`` of the latest stored report (a household's
``last_verification_id``; a listed person's latest verification by the client in the
region).  The lines are those in force on the comparison's Beijing date for the report's
region and area (``policies.policy``): the 低保 standard and ``edge.income_multiple`` × it,
as the engine computes them, so a standard raised since the report counts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import IntegrityError

from verification.clients.models import ApiClient
from verification.cross_lists import repository
from verification.cross_lists.comparison import (
    Comparison,
    Enrolled,
    Income,
    Lines,
    Listed,
    compare,
    not_enrolled,
)
from verification.cross_lists.events import list_event
from verification.cross_lists.models import CrossList, CrossListComparison
from verification.cross_lists.schemas import (
    CrossListComparison as ComparisonView,
)
from verification.cross_lists.schemas import (
    CrossListComparisonSummary,
    CrossListCounts,
    CrossListCrossingEntry,
    CrossListEnrolledEntry,
    CrossListListedEntry,
)
from verification.data_keys.columns import CROSS_LIST_COMPARISON_RESULT
from verification.db import utcnow
from verification.kit.money import yuan_quotient
from verification.outbox import publish
from verification.problems import Conflict, DomainError, Forbidden, NotFound
from verification.runtime import Runtime
from verification.verifications.models import Verification
from verification.verifications.repository import stored_report


async def compare_on_demand(
    runtime: Runtime, client: ApiClient, list_id: uuid.UUID, request_id: str
) -> ComparisonView:
    """``POST /v1/cross-lists/{id}/comparisons``: the client's current list, compared now."""
    async with runtime.read_session_factory() as session:
        row = await repository.owned_list(session, client.id, list_id)
    if row is None:
        raise NotFound("no cross list with this id for this client")
    if not client.may_use_region(row.region_prefix):  # its prefixes changed since the upload
        raise Forbidden(
            "this client may no longer use this list's region prefix",
            code="region-not-permitted",
            audit={"list_id": str(list_id), "region_prefix": row.region_prefix},
        )
    if row.status != "current":
        raise Conflict(
            "this version of the list was superseded by a later upload; compare that one",
            code="cross-list-superseded",
            audit={"list_id": str(list_id)},
        )
    view = await compare_list(runtime, row, runtime.today(), request_id, scheduled_month=None)
    assert view is not None
    return view


def _lines(runtime: Runtime, region_code: str, area: str, on: dt.date) -> Lines | None:
    try:
        policy = runtime.policies.policy(region_code, on)
    except DomainError:  # no complete policy there on that day: no band, counted apart
        return None
    standard = policy.standards.get(area)
    if standard is None:
        return None
    edge = yuan_quotient(standard.annual_per_person * policy.low_income_multiple, 12)
    return Lines(standard.monthly_per_person, edge)


def _incomes(
    runtime: Runtime, rows: Iterable[Verification], on: dt.date
) -> dict[uuid.UUID, Income]:
    found: dict[uuid.UUID, Income] = {}
    for row in rows:
        if row.report_enc is None:
            continue
        report = stored_report(runtime.keyring, row)
        found[row.id] = Income(
            per_capita_monthly=report.income.per_capita_monthly,
            verification_id=row.id,
            assessed_on=report.as_of,
            region_code=report.region_code,
            area=report.area,
            lines=_lines(runtime, report.region_code, report.area, on),
        )
    return found


async def _gather(
    runtime: Runtime, row: CrossList, on: dt.date
) -> tuple[list[Enrolled], list[Listed], dict[str, Income]]:
    async with runtime.read_session_factory() as session:
        listed = [Listed(e, p, m) for e, p, m in await repository.entries(session, row.id)]
        households, people = await repository.enrolled_households(
            session, row.client_id, row.sandbox, row.region_prefix
        )
        reports = await repository.verifications(
            session, [h.last_verification_id for h in households]
        )
        incomes = _incomes(runtime, reports, on)
        enrolled = [
            Enrolled(
                h.household_id,
                h.region_code,
                frozenset(people[h.household_id]),
                incomes.get(h.last_verification_id),
            )
            for h in households
        ]
        outside = [p.person_index for p in not_enrolled(enrolled, listed)]
        latest = await repository.latest_verified(
            session, row.client_id, row.sandbox, row.region_prefix, outside
        )
        theirs = _incomes(
            runtime, await repository.verifications(session, list(latest.values())), on
        )
    listed_incomes = {p: theirs[v] for p, v in latest.items() if v in theirs}
    return enrolled, listed, listed_incomes


def _entries(result: Comparison) -> dict[str, Any]:
    """The comparison's entries as stored (encrypted) and served."""
    crossing = [
        CrossListCrossingEntry(
            crossing=f.crossing,
            band=f.band,
            household_id=f.household_id,
            entry=f.entry,
            person_masked=f.person_masked,
            region_code=f.income.region_code,
            area=f.income.area,
            per_capita_monthly=f.income.per_capita_monthly,
            standard_monthly=f.lines.standard_monthly,
            edge_line_monthly=f.lines.edge_line_monthly,
            verification_id=f.income.verification_id,
            assessed_on=f.income.assessed_on,
        )
        for f in result.crossing
    ]
    return {
        "enrolled_not_listed": [
            CrossListEnrolledEntry(
                household_id=e.household_id, region_code=e.region_code
            ).model_dump(mode="json")
            for e in result.enrolled_not_listed
        ],
        "listed_not_enrolled": [
            CrossListListedEntry(entry=p.entry, person_masked=p.person_masked).model_dump(
                mode="json"
            )
            for p in result.listed_not_enrolled
        ],
        "crossing": [c.model_dump(mode="json") for c in crossing],
    }


def comparison_view(
    runtime: Runtime, comparison: CrossListComparison, row: CrossList
) -> ComparisonView:
    """A stored comparison as served (its entries decrypted)."""
    entries = CROSS_LIST_COMPARISON_RESULT.decrypt_json(runtime.keyring, comparison)
    return ComparisonView(
        **summary_view(comparison).model_dump(),
        kind=row.kind,
        region_prefix=row.region_prefix,
        list_version=row.version,
        **entries,
    )


def summary_view(comparison: CrossListComparison) -> CrossListComparisonSummary:
    return CrossListComparisonSummary(
        id=comparison.id,
        list_id=comparison.list_id,
        trigger=comparison.trigger,
        scheduled_month=comparison.scheduled_month,
        as_of=comparison.as_of,
        created_at=comparison.created_at,
        counts=CrossListCounts(**comparison.counts),
    )


async def compare_list(
    runtime: Runtime,
    row: CrossList,
    on: dt.date,
    request_id: str,
    *,
    scheduled_month: str | None,
) -> ComparisonView | None:
    """Compare ``row`` with its client's enrolled households on ``on`` and store the result;
    a scheduled comparison of a month that has one already is not made (None)."""
    enrolled, listed, listed_incomes = await _gather(runtime, row, on)
    result = compare(enrolled, listed, listed_incomes)
    comparison_id = uuid.uuid4()
    counts = result.counts()
    stored = CrossListComparison(
        id=comparison_id,
        list_id=row.id,
        client_id=row.client_id,
        sandbox=row.sandbox,
        trigger="scheduled" if scheduled_month else "on_demand",
        scheduled_month=scheduled_month,
        as_of=on,
        counts=counts,
        result_enc=CROSS_LIST_COMPARISON_RESULT.encrypt_json(
            runtime.keyring, _entries(result), id=comparison_id
        ),
        created_at=utcnow(),
    )
    try:
        async with runtime.transaction() as session:
            if scheduled_month and await repository.scheduled_exists(
                session, row.id, scheduled_month
            ):
                return None
            await repository.add_comparison(session, stored)
            event = list_event(
                row.client_id,
                row,
                request_id,
                "cross_list_compared",
                comparison_id=str(comparison_id),
                trigger=stored.trigger,
                scheduled_month=scheduled_month,
                as_of=on.isoformat(),
                counts=counts,
            )
            await runtime.audit.append(session, [event])
            if scheduled_month:  # the client asked for none: it is told
                await publish.cross_list_compared(
                    session,
                    client_id=row.client_id,
                    list_id=row.id,
                    comparison_id=comparison_id,
                    scheduled_month=scheduled_month,
                )
    except IntegrityError:  # the month's scheduled comparison, made meanwhile elsewhere
        if scheduled_month:
            return None
        raise
    return comparison_view(runtime, stored, row)
