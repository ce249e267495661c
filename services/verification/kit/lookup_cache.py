"""Credentials looked up on every request, kept in this process for a few seconds.

Every request looks up its client's API token, and every verification its authorization's
signing key: two statements that return the same rows request after request.  A
``LookupCache`` keeps what a lookup found for ``seconds``
(``VERIFICATION_CREDENTIAL_CACHE_SECONDS``, 5 by default; 0 turns it off).

- A change made elsewhere (a client revoked or its token rotated, an issuer key revoked,
  by another API process or by the command line in a process of its own) is honoured by
  this process within that time at the latest.
- A change made in this process (through ``clients.service`` and
  ``authorization.issuer_keys``, whichever session or engine they run on) is seen at
  once: those functions call ``credentials_changed``, which empties every cache of the
  process when they change a row and again when its transaction commits.
- Lookups that find nothing are not kept: a client or key created anywhere (a new key
  for a rotation) is usable at once.
- **Refresh-ahead**: an entry read in the last ``REFRESH_AHEAD`` of its time is looked up
  again in the background (``get``'s ``refresh``), once at a time, so that no request
  waits for the lookup when it expires (it used to, once every few seconds: a p99 round
  trip).  What the refresh finds is kept for ``seconds`` again, unless the process changed
  a credential meanwhile; a row it no longer finds is forgotten.  An entry is still never
  served past its time: a refresh that has not finished by then leaves the request to look
  up as before.  The refresh starts ``REFRESH_DELAY`` after the read that found the entry
  due: that read is a request's first step (its authentication), and the lookup's round
  trips and rows would otherwise be worked through on that request's own path, before
  anything it does (1–2 ms of a verification's, once every few seconds); a moment
  later they fall in the request's waits (a verification's agencies) or after it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession


class Generation:
    """A counter every cache compares its entries with: bumping it empties them all."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self) -> None:
        self.value += 1


# API clients and issuer keys changed in this process
CREDENTIALS = Generation()


def credentials_changed(session: AsyncSession) -> None:
    """``session`` changes an API client or an issuer key: forget every cached credential
    now and again when its transaction commits (a lookup in between may have kept the row
    as it was before)."""
    CREDENTIALS.bump()
    event.listen(session.sync_session, "after_commit", _bump_after_commit, once=True)


def _bump_after_commit(_session: Any) -> None:
    CREDENTIALS.bump()


K = TypeVar("K")
V = TypeVar("V")

# an entry read in this last fraction of its time is refreshed in the background
REFRESH_AHEAD = 0.25
# and looked up this long after that read (at most half of the time left: see above)
REFRESH_DELAY = 0.05


class LookupCache(Generic[K, V]):
    """Values found for keys, each kept ``seconds`` (from when it was found) while
    ``generation`` does not change; at most ``max_entries`` (the oldest go first)."""

    def __init__(
        self,
        seconds: float,
        *,
        generation: Generation = CREDENTIALS,
        max_entries: int = 4096,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.seconds = seconds
        self._sleep = sleep
        self._generation = generation
        self._max = max_entries
        self._clock = clock
        self._entries: dict[K, tuple[V, float, int]] = {}
        self._refreshing: dict[K, asyncio.Task[None]] = {}

    def get(self, key: K, refresh: Callable[[], Awaitable[V | None]] | None = None) -> V | None:
        """The value kept for ``key``, or None (never found, expired, or forgotten).  With
        ``refresh`` (the lookup), an entry in the last ``REFRESH_AHEAD`` of its time is
        looked up again in a background task (called within a running event loop)."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires, generation = entry
        now = self._clock()
        if generation != self._generation.value or now >= expires:
            del self._entries[key]
            return None
        if (
            refresh is not None
            and now >= expires - REFRESH_AHEAD * self.seconds
            and key not in self._refreshing
        ):
            task = asyncio.get_running_loop().create_task(self._refresh(key, refresh))
            self._refreshing[key] = task
        return value

    async def _refresh(self, key: K, lookup: Callable[[], Awaitable[V | None]]) -> None:
        try:
            await self._sleep(min(REFRESH_DELAY, REFRESH_AHEAD * self.seconds / 2))
            generation = self._generation.value
            value = await lookup()
        except Exception:  # the request that finds the entry expired looks it up itself
            return
        finally:
            self._refreshing.pop(key, None)
        if generation != self._generation.value:  # changed meanwhile: what it read may be old
            return
        if value is None:
            self._entries.pop(key, None)
        else:
            self.put(key, value)

    def put(self, key: K, value: V) -> None:
        if self.seconds <= 0:
            return
        self._entries.pop(key, None)
        while len(self._entries) >= self._max:
            del self._entries[next(iter(self._entries))]
        self._entries[key] = (value, self._clock() + self.seconds, self._generation.value)

    def clear(self) -> None:
        self._entries.clear()

    async def settled(self) -> None:
        """Wait for the refreshes under way (tests, shutdown)."""
        while self._refreshing:
            await asyncio.gather(*self._refreshing.values(), return_exceptions=True)
