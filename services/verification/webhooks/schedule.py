"""When a failed delivery is tried again: the retry schedule, as data.

After the n-th failed attempt the next one is ``RETRY_DELAYS[n - 1]`` later; when the
schedule is exhausted (12 attempts, the last about 2 days and 20 hours after the first) the delivery
is given up and its endpoint disabled.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

_S, _M, _H = 1, 60, 3600
RETRY_DELAYS: Final[tuple[dt.timedelta, ...]] = tuple(
    dt.timedelta(seconds=s) for s in (5 * _S, 5 * _M, 30 * _M, 2 * _H, 5 * _H, *(10 * _H,) * 6)
)
MAX_ATTEMPTS: Final = len(RETRY_DELAYS) + 1


def next_attempt(failed_attempts: int, now: dt.datetime) -> dt.datetime | None:
    """When to try again after ``failed_attempts`` failures, the last at ``now``; None:
    give up."""
    if failed_attempts < 1:
        raise ValueError("a retry follows a failed attempt")
    if failed_attempts > len(RETRY_DELAYS):
        return None
    return now + RETRY_DELAYS[failed_attempts - 1]
