"""Write transactions that record their audit entries: a unit of work and its events.

A *unit* is the writes of one piece of work: run in a session's transaction, it
returns its value and the audit events that record it; the committer records those
events in the same transaction (``append_events``: pending entries, no lock) and
commits.  The unit's caller gets its value and its entries' ids once they are
committed, so an entry still precedes whatever the caller does next (a review's
``review_started`` entry is stored before any agency is asked).

Recording takes no lock (``audit.sequencer`` integrates the entries later), so each unit
has a transaction of its own (``OwnTransaction``): the group commit that shared one
transaction and one append among concurrent units is gone with the lock it amortized.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import append_events
from verification.db import Transaction

T = TypeVar("T")
Events = Sequence[Mapping[str, Any]]
Unit = Callable[[AsyncSession], Awaitable[tuple[T, Events]]]


class Committer(Protocol):
    async def __call__(self, unit: Unit[T], /) -> tuple[T, list[int]]:
        """Run ``unit`` in a write transaction, record its events and commit; its value and
        its entries' ids."""
        ...


class OwnTransaction:
    """Each unit in a transaction of its own."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    async def __call__(self, unit: Unit[T], /) -> tuple[T, list[int]]:
        async with self._transaction() as session:
            value, events = await unit(session)
            entries = await append_events(session, events)
        return value, entries
