"""When an unavailable source is expected back: its circuit breaker's half-open time.

A connector built on the SDK's ``HttpConnector`` says how long its open breaker stays open
(``breaker_half_open_in``, on the breaker's monotonic clock); this turns that into a wall-clock
time a caller can act on.  A connector without a breaker, or whose breaker is not open, has
no such time (``None``: unknown — it may answer at once).  Breakers are per process: the time
is the view of the process that answers, and another replica's breaker may differ.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class _WithBreaker(Protocol):
    @property
    def breaker_half_open_in(self) -> float | None: ...


def half_open_in(connector: object) -> float | None:
    """Seconds until ``connector``'s open breaker lets a probe through; ``None`` when it has
    no breaker or it is not open."""
    if not isinstance(connector, _WithBreaker):
        return None
    return connector.breaker_half_open_in


def expected_back(
    connectors: Mapping[str, object], scopes: Iterable[str], now: dt.datetime
) -> dict[str, dt.datetime]:
    """For each of ``scopes`` whose breaker is open: when it lets a probe through again, in
    UTC to the second (rounded up).  Scopes whose breaker is not open are left out."""
    back: dict[str, dt.datetime] = {}
    for scope in scopes:
        seconds = half_open_in(connectors.get(scope))
        if seconds is not None:
            at = now + dt.timedelta(seconds=seconds)
            back[scope] = at.replace(microsecond=0) + (
                dt.timedelta(seconds=1) if at.microsecond else dt.timedelta()
            )
    return back


@dataclass(frozen=True)
class AllOpen:
    """Every source a retry would ask has an open breaker: when to come back."""

    retry_after: int  # whole seconds until the first of them lets a probe through (≥ 1)
    back: Mapping[str, dt.datetime]  # each scope's expected time


def all_open(
    connectors: Mapping[str, object], scopes: Iterable[str], now: dt.datetime
) -> AllOpen | None:
    """``AllOpen`` when every one of ``scopes`` (at least one) has an open breaker, else
    ``None`` (some source would be asked: a retry is worth a revision)."""
    wanted = sorted(set(scopes))
    waits = {scope: half_open_in(connectors.get(scope)) for scope in wanted}
    if not wanted or any(seconds is None for seconds in waits.values()):
        return None
    first = min(seconds for seconds in waits.values() if seconds is not None)
    return AllOpen(
        retry_after=max(1, math.ceil(first)),
        back=expected_back(connectors, wanted, now),
    )
