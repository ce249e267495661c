"""The task code of one batch item: review one household, with an exactly-once effect.

Both engines (the in-process runner and the procrastinate workers) call
``review_item``; it may run any number of times for the same item, at once or
after a crash, and the effect is that of one run:

1. A short transaction claims the item: it leaves a terminal item alone, cancels
   it if its batch was cancelled, gives up after ``max_attempts``, skips it if its
   household ended or shares a person with a household reviewed instead
   (``person-in-other-household``: a batch never reviews a person twice), otherwise
   marks it ``running``, fixes its ``verification_id`` the first time, and, in the same
   transaction, ``review_round.start_review`` starts (or resumes) that
   verification under the household's stored authorization.
2. ``review_round.answer_review`` asks the sources and builds the report.
3. The transaction that writes the item's result and moves the household's review
   dates — only if the item is still ``running`` then — also writes the report
   (``report_round.write_round``).  A second run that loses this race is rolled back
   whole; only the audit events of the requests it sent are kept
   (``report_round.record_discarded``).

4. After a run that ended its item, ``complete_if_last`` records the batch's end and
   publishes ``batch.completed`` if no item is open any more (exactly once; the engines'
   sweep, ``complete_ended_batches``, for a process that died in between).

Both transactions are units of ``runtime.own_writes`` (``audit.committer``): each in a
transaction of its own that records its audit entries (pending until the integrator
moves them into the log).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Final, Literal

import structlog
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.committer import Unit
from verification.audit.log import record_to, recording_to, stream_for
from verification.audit.models import PRODUCTION
from verification.batches import repository
from verification.batches.models import TERMINAL_STATES, BatchItem
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.households.recheck import recheck_of, schedule_recheck
from verification.households.scheduling import Category, next_review_on
from verification.kit.months import add_months
from verification.outbox import publish
from verification.problems import AuthorizationRefused
from verification.reports.model import ReportContent
from verification.reviews.changes import ChangeAssessment, compare_reports
from verification.runtime import Runtime
from verification.verifications.report_round import (
    DiscardedRoundError,
    record_discarded,
    write_at_once,
    write_round,
    written_at_once,
)
from verification.verifications.repository import stored_report
from verification.verifications.review_round import ReviewRound, answer_review, start_review

log = structlog.get_logger(__name__)

ITEM_RUNS: Final = Counter(
    "batch_item_runs",
    "Runs of batch items (re-verifications), by what the run did",
    ("outcome",),
)

Outcome = Literal["done", "failed", "skipped", "cancelled", "discarded", "already"]
# what a run that ended its item did (a cancelled batch never completes)
ENDINGS: Final = frozenset({"done", "failed", "skipped"})


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 if ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


async def review_item(
    runtime: Runtime,
    batch_id: uuid.UUID,
    household_id: uuid.UUID,
    *,
    now: dt.datetime | None = None,
) -> Outcome:
    """Run one item; what the run did.  Raises only on faults worth a retry.  With tracing
    on, the run is one trace (``batch.item``): its statements and agency requests are
    spans under it, and its log lines carry its trace id."""
    with runtime.trace_item(batch_id, household_id):
        # its entries go to its batch's audit log, production's until the claim knows it
        with recording_to(PRODUCTION):
            outcome = await _ItemRun(runtime, batch_id, household_id).run(now or utcnow())
        if outcome in ENDINGS:
            await complete_if_last(runtime, batch_id)
        ITEM_RUNS.labels(outcome).inc()
        log.info(
            "batch_item_run", batch_id=str(batch_id), household=str(household_id), outcome=outcome
        )
    return outcome


async def complete_if_last(runtime: Runtime, batch_id: uuid.UUID) -> bool:
    """After an item's transaction committed: if no item of its batch is open any more,
    record the batch's end and publish ``batch.completed``, once; whether this call did.
    Apart from the item's transaction: one that locked the batch's row in it made every
    item's end wait for the one before (docs/benchmarks.md History, 2026-12-07)."""
    return await complete_ended_batches(runtime, batch_id) > 0


async def complete_ended_batches(runtime: Runtime, batch_id: uuid.UUID | None = None) -> int:
    """Record the end of batch ``batch_id`` (after one of its items: ``complete_if_last``)
    or, for the engines' sweep, of every batch whose last item's process died between its
    commit and its check, and publish their ``batch.completed`` in that transaction; how
    many.  A read first, so that every check that finds nothing takes no write lock."""
    async with runtime.read_session_factory() as session:
        if not await repository.any_ended_batch(session, batch_id):
            return 0
    async with runtime.transaction() as session:
        ended = await repository.complete_ended_batches(session, utcnow(), batch_id)
        for ended_id, client_id in ended:
            await publish.batch_completed(session, client_id=client_id, batch_id=ended_id)
    for ended_id, _ in ended:
        log.info("batch_completed", batch_id=str(ended_id), by="item" if batch_id else "sweep")
    return len(ended)


@dataclass(frozen=True)
class _Claim:
    """A claimed item, marked running: what its review needs."""

    client: ApiClient
    verification_id: uuid.UUID
    new_id: bool  # made by this claim: no earlier run can have started it
    previous: ReportContent  # the household's last report
    # rows start_review looks up by primary key, kept alive in the session's identity map
    # (it holds its objects weakly) while the claim is
    loaded: tuple[object, ...] = ()


class _ItemRun:
    def __init__(self, runtime: Runtime, batch_id: uuid.UUID, household_id: uuid.UUID) -> None:
        self.rt = runtime
        self.batch_id = batch_id
        self.household_id = household_id
        self.request_id = f"batch:{batch_id}"
        self.audit: dict[str, Any] = {
            "batch_id": str(batch_id),
            "household_id": str(household_id),
        }
        self.client_id: uuid.UUID | None = None

    async def run(self, now: dt.datetime) -> Outcome:
        commit = self.rt.own_writes

        async def start(
            session: AsyncSession,
        ) -> tuple[Outcome | tuple[ReviewRound, ReportContent], list[dict[str, Any]]]:
            claimed = await self._claim(session, now)
            if not isinstance(claimed, _Claim):
                return claimed
            review, events = await start_review(
                self.rt,
                session,
                claimed.client,
                claimed.previous.id,
                claimed.verification_id,
                request_id=self.request_id,
                audit=self.audit,
                now=now,
                new_id=claimed.new_id,
                household_id=self.household_id,
            )
            return (review, claimed.previous), events

        try:
            started, _ = await commit(start)
        except DiscardedRoundError:
            return "discarded"
        except AuthorizationRefused as refused:
            ended, _ = await commit(self._refused(refused.instance_code))
            return ended
        except Exception:
            # nothing of the claim was stored: count the attempt on its own, so that an
            # item whose start keeps failing still gives up after max_attempts
            with contextlib.suppress(Exception):  # the first error is the one to report
                await self._count_attempt()
            raise
        if isinstance(started, str):
            return started
        review, previous = started

        answered = await answer_review(self.rt, review)

        async def finish(session: AsyncSession) -> tuple[None, list[Mapping[str, Any]]]:
            decided = await self._finish(session, previous, answered.draft)
            if decided is None:
                raise DiscardedRoundError
            # on PostgreSQL the round's writes and every entry of this transaction in one
            # statement, as a new verification's report (recorded there: none left over)
            if (
                written_at_once(self.rt, answered)
                and await write_at_once(session, answered, decided) is not None
            ):
                return None, []
            written = await write_round(session, answered, self.rt.keyring)
            return None, [*written, *decided]

        try:
            await commit(finish)
        except DiscardedRoundError:
            await record_discarded(self.rt, answered)
            return "discarded"
        return "done"

    async def _claim(
        self, session: AsyncSession, now: dt.datetime
    ) -> _Claim | tuple[Outcome, list[dict[str, Any]]]:
        """In the run's first transaction: mark the item running, or end it (the outcome
        and its audit events); what the review needs."""
        # the item (row-locked) and all the claim decides on, in one statement; the last
        # verification, its authorization and key stay referenced by the claim, so
        # start_review's lookups of them by primary key find them in the session
        row = await repository.item_to_claim(session, self.batch_id, self.household_id)
        if row is None or row.item.state in TERMINAL_STATES:
            return "already", []
        item, batch, household, client = row.item, row.batch, row.household, row.client
        self.client_id = batch.client_id
        record_to(stream_for(sandbox=batch.sandbox))  # a sandbox batch's: the sandbox's log
        ending: tuple[Outcome, str | None] | None = None
        if batch.cancelled_at is not None:
            ending = ("cancelled", None)
        elif item.attempts >= self.rt.settings.batch_max_attempts:
            ending = ("failed", "gave-up")
        elif household.status != "active":
            ending = ("skipped", "household-ended")
        elif row.shared:
            ending = ("skipped", "person-in-other-household")
        if ending is not None:
            return ending[0], self._end(item, *ending)
        item.state = "running"
        item.attempts += 1
        item.started_at = item.started_at or now
        new_id = item.verification_id is None
        verification_id = item.verification_id or uuid.uuid4()
        item.verification_id = verification_id
        return _Claim(
            client,
            verification_id,
            new_id,
            stored_report(self.rt.keyring, row.previous),
            loaded=(row.previous, row.authorization, row.key),
        )

    async def _count_attempt(self) -> None:
        async with self.rt.transaction() as session:
            await repository.count_attempt(session, self.batch_id, self.household_id)

    def _refused(self, code: str) -> Unit[Outcome]:
        """The unit ending the item whose stored authorization was refused."""

        async def end(session: AsyncSession) -> tuple[Outcome, list[dict[str, Any]]]:
            item = await repository.item_for_update(session, self.batch_id, self.household_id)
            if item is None or item.state in TERMINAL_STATES:
                return "already", []
            # the household withdrew its authorization: the item is not reviewed (skipped,
            # ``authorization-revoked``), never retried; any other refusal fails it
            state: Outcome = "skipped" if code == "authorization-revoked" else "failed"
            return state, self._end(item, state, code)

        return end

    def _end(self, item: BatchItem, state: Outcome, error: str | None) -> list[dict[str, Any]]:
        """End ``item`` in ``state``; the audit event saying so."""
        item.state = state
        item.error = error
        item.finished_at = utcnow()
        item.lease_until = None
        return [
            {
                "action": f"batch_item_{state}",
                "client_id": str(self.client_id),
                "request_id": self.request_id,
                **self.audit,
                "error": error,
            }
        ]

    async def _finish(
        self, session: AsyncSession, previous: ReportContent, report: ReportContent
    ) -> list[dict[str, Any]] | None:
        """In the report's transaction: record the item's result (one conditional UPDATE,
        which also takes the item's row lock) and move the household's dates; the audit
        event saying so (None: another run finished the item first)."""
        household = await repository.household(session, self.household_id)
        today = report.as_of
        # the new report's policy: its region's layers on its own assessment date
        policy = self.rt.policies.policy(report.region_code, report.as_of)
        lifted = household.graduation_started_on
        change = compare_reports(
            previous,
            report,
            current_allowance=Decimal(household.monthly_allowance),
            graduation_months=policy.graduation_months,
            months_since_lifted=None if lifted is None else months_between(lifted, today),
            exempt_vehicle_uses=frozenset(use.value for use in policy.assets.exempt_vehicle_uses),
        )
        finished = await repository.finish_item(
            session,
            self.rt.keyring,
            self.batch_id,
            self.household_id,
            recommendation=change.recommendation,
            new_allowance=change.new_allowance,
            result=_result_json(change),
            finished_at=utcnow(),
        )
        if not finished:
            return None
        if change.graduation:
            household.graduation_started_on = lifted or today
        elif report.outcome == "eligible":
            household.graduation_started_on = None
        household.last_reviewed_on = today
        # a death this review found first brings the next review forward (rule 22)
        schedule_recheck(
            household,
            next_review_on(policy, Category(household.category), household.area, today),
            recheck_of(report, previous),
        )
        household.last_verification_id = report.id
        household.updated_at = utcnow()
        return [
            {
                "action": "batch_item_done",
                "client_id": str(household.client_id),
                "request_id": self.request_id,
                **self.audit,
                "verification_id": str(report.id),
                "recommendation": change.recommendation,
                "next_review_on": household.next_review_on.isoformat(),
                "recheck_due_on": (
                    household.recheck_due_on.isoformat() if household.recheck_due_on else None
                ),
            }
        ]


def _result_json(change: ChangeAssessment) -> dict[str, Any]:
    return {
        "reasons": [reason.as_json() for reason in change.reasons],
        "changes": [asdict(c) for c in change.changes],
        "graduation": change.graduation,
    }
