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
from sqlalchemy import ColumnElement, and_, exists, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from verification.audit.committer import Unit
from verification.authorization.models import AuthorizationRecord, IssuerKey
from verification.batches.models import TERMINAL_STATES, Batch, BatchItem
from verification.clients.models import ApiClient
from verification.data_keys.columns import BATCH_ITEM_RESULT
from verification.db import table, utcnow
from verification.households.models import EnrolledHousehold
from verification.households.recheck import recheck_of, schedule_recheck
from verification.households.scheduling import Category, next_review_on
from verification.kit.months import add_months
from verification.problems import AuthorizationRefused
from verification.reports.model import ReportContent
from verification.reviews.changes import ChangeAssessment, compare_reports
from verification.runtime import Runtime
from verification.verifications.models import Verification, VerificationMember
from verification.verifications.report_round import (
    DiscardedRoundError,
    record_discarded,
    write_round,
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


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 if ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def _person_reviewed_elsewhere(batch_id: uuid.UUID) -> ColumnElement[bool]:
    """In the claim's query: one of the claimed household's people is also in another
    household that is reviewed instead — an active one enrolled earlier (by
    ``enrolled_on``, ``created_at``, ``id``; only data from before migration 0007 can hold
    two), or one whose item of the same batch is running or done.  So a batch never
    reviews a person twice, and which household is reviewed does not depend on the order
    the items run in."""
    mine, theirs = aliased(VerificationMember), aliased(VerificationMember)
    other, other_item = aliased(EnrolledHousehold), aliased(BatchItem)
    this = EnrolledHousehold
    earlier = tuple_(other.enrolled_on, other.created_at, other.id) < tuple_(
        this.enrolled_on, this.created_at, this.id
    )
    reviewed_in_batch = exists(
        select(other_item.id).where(
            other_item.batch_id == batch_id,
            other_item.household_id == other.id,
            other_item.state.in_(("running", "done")),
        )
    )
    return exists(
        select(mine.id)
        .join(theirs, theirs.person_index == mine.person_index)
        .join(other, other.verification_id == theirs.verification_id)
        .where(
            mine.verification_id == this.verification_id,
            other.id != this.id,
            or_(and_(other.status == "active", earlier), reviewed_in_batch),
        )
    )


async def _item_for_update(
    session: AsyncSession, batch_id: uuid.UUID, household_id: uuid.UUID
) -> BatchItem | None:
    return (
        await session.execute(
            select(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.household_id == household_id)
            .with_for_update()
        )
    ).scalar_one_or_none()


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
        outcome = await _ItemRun(runtime, batch_id, household_id).run(now or utcnow())
        ITEM_RUNS.labels(outcome).inc()
        log.info(
            "batch_item_run", batch_id=str(batch_id), household=str(household_id), outcome=outcome
        )
    return outcome


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
            return None, [*await write_round(session, answered), *decided]

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
        # the item (row-locked), its batch, household, client, the household's last
        # verification, its authorization and the authorization's key, in one statement;
        # the last three stay referenced by the claim, so start_review's lookups of them
        # by primary key find them in the session instead of asking the database again
        row = (
            await session.execute(
                select(
                    BatchItem,
                    Batch,
                    EnrolledHousehold,
                    ApiClient,
                    Verification,
                    AuthorizationRecord,
                    IssuerKey,
                    _person_reviewed_elsewhere(self.batch_id),
                )
                .join(Batch, Batch.id == BatchItem.batch_id)
                .join(EnrolledHousehold, EnrolledHousehold.id == BatchItem.household_id)
                .join(ApiClient, ApiClient.id == Batch.client_id)
                .join(Verification, Verification.id == EnrolledHousehold.last_verification_id)
                .join(
                    AuthorizationRecord,
                    AuthorizationRecord.authorization_id == Verification.authorization_id,
                )
                .outerjoin(IssuerKey, IssuerKey.kid == AuthorizationRecord.kid)
                .where(
                    BatchItem.batch_id == self.batch_id,
                    BatchItem.household_id == self.household_id,
                )
                .with_for_update(of=BatchItem)
            )
        ).one_or_none()
        if row is None or row[0].state in TERMINAL_STATES:
            return "already", []
        item, batch, household, client, previous, authorization, key, shared = row
        self.client_id = batch.client_id
        ending: tuple[Outcome, str | None] | None = None
        if batch.cancelled_at is not None:
            ending = ("cancelled", None)
        elif item.attempts >= self.rt.settings.batch_max_attempts:
            ending = ("failed", "gave-up")
        elif household.status != "active":
            ending = ("skipped", "household-ended")
        elif shared:
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
            stored_report(self.rt.keyring, previous),
            loaded=(previous, authorization, key),
        )

    async def _count_attempt(self) -> None:
        async with self.rt.transaction() as session:
            await session.execute(
                update(BatchItem)
                .where(
                    BatchItem.batch_id == self.batch_id,
                    BatchItem.household_id == self.household_id,
                    BatchItem.state.not_in(TERMINAL_STATES),
                )
                .values(attempts=BatchItem.attempts + 1)
                .execution_options(synchronize_session=False)
            )

    def _refused(self, code: str) -> Unit[Outcome]:
        """The unit ending the item whose stored authorization was refused."""

        async def end(session: AsyncSession) -> tuple[Outcome, list[dict[str, Any]]]:
            item = await _item_for_update(session, self.batch_id, self.household_id)
            if item is None or item.state in TERMINAL_STATES:
                return "already", []
            return "failed", self._end(item, "failed", code)

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
        household = await session.get(EnrolledHousehold, self.household_id)
        assert household is not None
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
        items = table(BatchItem)
        finished = await session.execute(
            update(items)
            .where(
                items.c.batch_id == self.batch_id,
                items.c.household_id == self.household_id,
                items.c.state == "running",  # no other run has finished it
            )
            .values(
                state="done",
                recommendation=change.recommendation,
                new_allowance=change.new_allowance,
                result_enc=BATCH_ITEM_RESULT.encrypt_json(
                    self.rt.keyring,
                    _result_json(change),
                    batch_id=self.batch_id,
                    household_id=self.household_id,
                ),
                finished_at=utcnow(),
                lease_until=None,
            )
        )
        if finished.rowcount != 1:  # type: ignore[attr-defined]
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
