"""``ConcurrencyLimit``: an asyncio slot limiter whose capacity can change while in use.

``AgencyClient`` holds one per agency to cap the requests it has in flight.
Unlike ``asyncio.Semaphore`` its capacity can be changed at run time with
``resize``, so a worker process can shrink its share of an agency's global
limit when other workers join, and grow it again when they leave.

- **Shrinking never cancels a holder.**  Requests already in flight finish;
  no new one is admitted until ``in_use`` has fallen below the new capacity.
- **Growing admits waiters at once**, up to the new capacity.
- **FIFO.**  Waiters are admitted in arrival order, and a new acquirer never
  overtakes a waiter.
- **A slot is handed over, not raced for.**  ``release`` (or growing) grants
  the freed slot to the first waiter there and then, and counts it in
  ``in_use``.  If the capacity shrinks before that waiter has resumed, the
  latest such grants are taken back and their waiters return to the front of
  the queue; so whenever ``acquire`` returns, ``in_use <= capacity``.
- **Cancellation-safe.**  A waiter cancelled while queued leaves the queue; one
  cancelled after its slot was granted but before it resumed hands the slot
  on to the next waiter.  No slot leaks and no wakeup is lost.

All of it is touched only from one event loop, between awaits, so no lock is
needed; it is not thread-safe.  The limiter itself is bound to no loop (each
wait creates its future in the running loop), so it may be built before one runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from types import TracebackType


class _Waiter:
    """One queued ``acquire``: its current future and whether a slot is granted to it."""

    __slots__ = ("future", "granted")

    def __init__(self, future: asyncio.Future[None]) -> None:
        self.future = future
        self.granted = False


def _checked(capacity: int) -> int:
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        raise TypeError(f"capacity must be an int, not {type(capacity).__name__}")
    if capacity < 1:
        raise ValueError(f"capacity must be at least 1, not {capacity}")
    return capacity


class ConcurrencyLimit:
    """At most ``capacity`` holders admitted at once; ``resize`` changes ``capacity`` live.

    Use ``async with limit:`` or ``await limit.acquire()`` … ``limit.release()``.
    """

    __slots__ = ("_capacity", "_granted", "_in_use", "_waiters")

    def __init__(self, capacity: int) -> None:
        self._capacity = _checked(capacity)
        self._in_use = 0  # holders plus slots granted to waiters that have not resumed yet
        self._waiters: deque[_Waiter] = deque()  # queued, first come first served
        self._granted: deque[_Waiter] = deque()  # granted, not resumed yet; in grant order

    def __repr__(self) -> str:
        return (
            f"<ConcurrencyLimit capacity={self._capacity} in_use={self._in_use} "
            f"waiting={len(self._waiters)}>"
        )

    @property
    def capacity(self) -> int:
        """How many holders may be admitted at once."""
        return self._capacity

    @property
    def in_use(self) -> int:
        """Slots taken: holders, and waiters already granted a slot but not yet resumed.

        May exceed ``capacity`` for a while after it shrank below the holders in flight."""
        return self._in_use

    @property
    def waiting(self) -> int:
        """Acquirers queued for a slot."""
        return len(self._waiters)

    def locked(self) -> bool:
        """Would ``acquire`` wait now?"""
        return self._in_use >= self._capacity or bool(self._waiters)

    def resize(self, capacity: int) -> None:
        """Change the capacity (at least 1).  Shrinking lets holders finish and admits
        no one until ``in_use < capacity``; growing admits waiters at once."""
        self._capacity = _checked(capacity)
        self._take_back_grants()
        self._grant()

    def try_acquire(self) -> bool:
        """Take a slot if one is free and no one is queued (``acquire`` would not wait);
        whether it was taken.  Never waits: a caller that bounds its wait (a timeout) need
        not set one up when there is nothing to wait for."""
        if self._waiters or self._in_use >= self._capacity:
            return False
        self._in_use += 1
        return True

    async def acquire(self) -> None:
        """Wait for a slot (FIFO).  If cancelled, no slot is taken."""
        if self.try_acquire():
            return
        waiter = _Waiter(asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            while True:
                await waiter.future
                if waiter.granted:
                    self._granted.remove(waiter)
                    return
                # the grant was taken back by a shrink: ``waiter`` is queued again,
                # at the front, with a fresh future
        except asyncio.CancelledError:
            if waiter.granted:  # a slot was handed over but will never be used
                self._granted.remove(waiter)
                self._in_use -= 1
            else:
                self._discard(waiter)
            self._grant()
            raise

    def release(self) -> None:
        """Give back a slot taken by ``acquire``; the first waiter gets it."""
        if self._in_use - len(self._granted) <= 0:
            raise RuntimeError("ConcurrencyLimit released more often than acquired")
        self._in_use -= 1
        self._grant()

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def _grant(self) -> None:
        """Hand free slots to the waiters at the front of the queue."""
        while self._waiters and self._in_use < self._capacity:
            waiter = self._waiters.popleft()
            if waiter.future.done():  # cancelled; its task has not cleaned up yet
                continue
            waiter.granted = True
            self._in_use += 1
            self._granted.append(waiter)
            waiter.future.set_result(None)

    def _take_back_grants(self) -> None:
        """After a shrink, take back the latest grants not yet used, while over capacity;
        their waiters go back to the front of the queue in their original order."""
        while self._in_use > self._capacity and self._granted:
            waiter = self._granted.pop()
            waiter.granted = False
            self._in_use -= 1
            waiter.future = waiter.future.get_loop().create_future()
            self._waiters.appendleft(waiter)

    def _discard(self, waiter: _Waiter) -> None:
        with contextlib.suppress(ValueError):  # already popped by ``_grant`` as a cancelled one
            self._waiters.remove(waiter)
