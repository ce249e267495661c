"""Write transactions that end with one audit append: a unit's own, or a group's.

A *unit* is the writes of one piece of work: run in a session's transaction, it
returns its value and the audit events that record it; the committer appends
those events last (``append_events``: the audit log's head is locked from there
to the commit) and commits.  The unit's caller gets its value and its events'
references once they are committed, so an event still precedes whatever the
caller does next (a review's ``review_started`` event is stored before any
agency is asked).

``OwnTransaction`` gives each unit a transaction of its own.  ``GroupCommit``
runs the units submitted while its previous transaction was being written
together, in one transaction, and appends all their events at once.  The audit
log is one hash chain, so every append is a critical section that all writers of
the database queue for; a group takes it once for all its units.  A unit that
raises fails only itself: its caller gets the exception, the transaction is
rolled back and the other units run again in a new one, each in a savepoint of
its own (so a unit may run more than once: it must have no effect outside its
session, and only its last run's writes count).  If the group's transaction
fails as a whole (the append, the commit, a lost connection), every unit's
caller gets an exception and nothing of theirs is stored.

A *conflict* with another transaction (PostgreSQL's deadlock_detected or
serialization_failure, raised by a unit's statement, the append or the commit)
is nobody's fault: the group is rolled back and runs again, all of it, after a
short random pause, up to ``CONFLICT_RETRIES`` times, before its callers get the
error.  Two groups deadlock when they take the same rows in opposite orders,
e.g. two runs of one batch item (a stalled job retried while its first run
still goes) landing in different groups.

A caller cancelled before its unit runs is left out of the group; one cancelled
while its unit runs or commits does not stop the others: its writes may commit,
which is what a process dying after the commit would leave, and callers
(``review_item``) already resume from there.
"""

from __future__ import annotations

import asyncio
import contextvars
import random
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, Protocol, TypeVar

from prometheus_client import Counter, Histogram
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import AuditRef, append_events
from verification.db import Transaction

GROUP_UNITS: Final = Histogram(
    "group_commit_units",
    "Units written per group-commit transaction (batch items' claims and reports)",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)

GROUP_CONFLICTS: Final = Counter(
    "group_commit_conflicts",
    "Group-commit transactions rolled back for a conflict with another transaction "
    "(deadlock, serialization failure) and run again",
)

# PostgreSQL's SQLSTATEs for "retry the transaction": serialization_failure, deadlock_detected
CONFLICT_STATES: Final = frozenset({"40001", "40P01"})
CONFLICT_RETRIES: Final = 3
CONFLICT_PAUSE_SECONDS: Final = 0.05  # the most a retry waits, at random: breaks the tie

T = TypeVar("T")
Events = Sequence[Mapping[str, Any]]
Unit = Callable[[AsyncSession], Awaitable[tuple[T, Events]]]


class GroupCommitError(RuntimeError):
    """The transaction shared by a group of units failed; nothing of the unit was stored."""


class Committer(Protocol):
    async def __call__(self, unit: Unit[T], /) -> tuple[T, list[AuditRef]]:
        """Run ``unit`` in a write transaction, append its events last and commit; its
        value and its events' references."""
        ...


class OwnTransaction:
    """Each unit in a transaction of its own."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    async def __call__(self, unit: Unit[T], /) -> tuple[T, list[AuditRef]]:
        async with self._transaction() as session:
            value, events = await unit(session)
            refs = await append_events(session, events)
        return value, refs


@dataclass(eq=False)
class _Waiting(Generic[T]):
    unit: Unit[T]
    future: asyncio.Future[tuple[T, list[AuditRef]]]
    # the caller's context (its log fields, its trace span): the unit runs in a copy of it
    context: contextvars.Context


@dataclass(eq=False)
class _Done(Generic[T]):
    waiting: _Waiting[T]
    value: T
    first: int  # its events' place among the group's
    count: int


class GroupCommit:
    """The units waiting when a transaction starts share it (up to ``max_units``); one
    group is written at a time per committer."""

    def __init__(self, transaction: Transaction, *, max_units: int) -> None:
        if max_units < 1:
            raise ValueError("a group holds at least one unit")
        self._transaction = transaction
        self._max_units = max_units
        self._waiting: deque[_Waiting[Any]] = deque()
        self._writer: asyncio.Task[None] | None = None

    async def __call__(self, unit: Unit[T], /) -> tuple[T, list[AuditRef]]:
        future: asyncio.Future[tuple[T, list[AuditRef]]] = (
            asyncio.get_running_loop().create_future()
        )
        self._waiting.append(_Waiting(unit, future, contextvars.copy_context()))
        writer = self._writer
        if writer is None or writer.done() or writer.get_loop() is not future.get_loop():
            # in a context of its own: a group belongs to no one caller (it would otherwise
            # inherit the first caller's log fields and trace for as long as it runs)
            self._writer = asyncio.create_task(
                self._write_all(), name="group-commit", context=contextvars.Context()
            )
        return await future  # a cancelled caller cancels the future: its unit is skipped

    async def _write_all(self) -> None:
        try:
            while self._waiting:
                group: list[_Waiting[Any]] = []
                while self._waiting and len(group) < self._max_units:
                    waiting = self._waiting.popleft()
                    if not waiting.future.done():
                        group.append(waiting)
                if group:
                    await self._write(group)
        except BaseException:  # cancelled (the loop is stopping): no caller waits for ever
            while self._waiting:
                self._waiting.popleft().future.cancel()
            raise

    async def _write(self, group: list[_Waiting[Any]]) -> None:
        # first without savepoints (two round trips a unit fewer): units rarely fail, and
        # when one does the transaction is rolled back and the others run again, each in
        # a savepoint of its own
        savepoints = False
        conflicts = 0
        while group := [waiting for waiting in group if not waiting.future.done()]:
            try:
                async with self._transaction() as session:
                    done, events = await self._run_units(session, group, savepoints=savepoints)
                    refs = await append_events(session, events)
            except Exception as error:
                failed = error if isinstance(error, _UnitFailedError) else None
                conflict = is_conflict(error if failed is None else failed.error)
                if conflict and conflicts < CONFLICT_RETRIES:  # nobody's fault: all again
                    conflicts += 1
                    await _pause_after_conflict()
                    continue
                if failed is not None:  # that unit's own fault: the others run again
                    _settle(failed.waiting.future, failed.error)
                    savepoints = True
                    continue
                _fail(group, error)
                return
            except BaseException:  # cancelled: the process is stopping
                for waiting in group:
                    waiting.future.cancel()
                raise
            GROUP_UNITS.observe(len(done))
            for unit in done:
                if not unit.waiting.future.done():
                    unit.waiting.future.set_result(
                        (unit.value, refs[unit.first : unit.first + unit.count])
                    )
            return

    @staticmethod
    async def _run_units(
        session: AsyncSession, group: list[_Waiting[Any]], *, savepoints: bool
    ) -> tuple[list[_Done[Any]], list[Mapping[str, Any]]]:
        """Each unit's writes; the units that succeeded and all their events, in order.
        Without ``savepoints`` a failing unit fails the transaction (``_UnitFailedError``);
        with them it is rolled back alone and its caller gets its error."""
        done: list[_Done[Any]] = []
        events: list[Mapping[str, Any]] = []
        for waiting in group:
            if waiting.future.done():  # its caller was cancelled meanwhile
                continue
            try:
                if savepoints:
                    async with session.begin_nested():
                        value, own = await _in_context(waiting, session)
                else:
                    value, own = await _in_context(waiting, session)
            except Exception as error:
                if not savepoints or is_conflict(error):  # a conflict reruns the whole group
                    raise _UnitFailedError(waiting, error) from error
                _settle(waiting.future, error)
                continue
            done.append(_Done(waiting, value, len(events), len(own)))
            events.extend(own)
        return done, events


async def _in_context(waiting: _Waiting[T], session: AsyncSession) -> tuple[T, Events]:
    """Run a unit in its caller's context, so its statements and log lines are its
    caller's (a batch item's trace), not the group's."""

    async def run() -> tuple[T, Events]:
        return await waiting.unit(session)

    return await asyncio.create_task(run(), context=waiting.context.copy())


def is_conflict(error: BaseException) -> bool:
    """Whether ``error`` is the database's "another transaction got in the way: run
    yours again" (PostgreSQL SQLSTATE 40001 or 40P01)."""
    return (
        isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) in CONFLICT_STATES
    )


async def _pause_after_conflict() -> None:
    GROUP_CONFLICTS.inc()
    await asyncio.sleep(random.uniform(0, CONFLICT_PAUSE_SECONDS))  # noqa: S311 (not crypto)


class _UnitFailedError(Exception):
    def __init__(self, waiting: _Waiting[Any], error: Exception) -> None:
        super().__init__(repr(error))
        self.waiting = waiting
        self.error = error


def _fail(group: list[_Waiting[Any]], error: Exception) -> None:
    """The group's transaction failed: a lone unit's caller gets the error itself, each of
    several its own ``GroupCommitError`` caused by it."""
    if len(group) == 1:
        _settle(group[0].future, error)
        return
    for waiting in group:
        failed = GroupCommitError(
            f"the transaction of a group of {len(group)} units failed: {error!r}"
        )
        failed.__cause__ = error
        _settle(waiting.future, failed)


def _settle(future: asyncio.Future[Any], error: Exception) -> None:
    if not future.done():
        future.set_exception(error)
