"""Small-cell suppression: no count small enough to point at a family is shown.

The rule (ADR 0019): a count from 1 to ``threshold`` − 1 is shown as ``<threshold``
("<5") and served as ``null``; zero and counts at or above the threshold are shown.  A
group whose cells are the parts of one whole shows their total only when no part is
suppressed (otherwise the total minus the shown parts would give the suppressed one
away).  A figure that is not a count (a latency) is withheld when it rests on fewer
records than the threshold.  Pure: no database, no web framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

DEFAULT_THRESHOLD: Final = 5  # an example value; VERIFICATION_STATISTICS_MIN_COUNT sets it
WITHHELD: Final = "—"


@dataclass(frozen=True, slots=True)
class Shown:
    count: int | None
    shown: str
    suppressed: bool


def small(count: int, threshold: int) -> bool:
    """A count that could point at a family: at least one, below the threshold."""
    return 0 < count < threshold


def count_shown(count: int, threshold: int) -> Shown:
    if small(count, threshold):
        return Shown(None, f"<{threshold}", suppressed=True)
    return Shown(count, str(count), suppressed=False)


def total_shown(parts: list[int], threshold: int) -> Shown:
    """The total of ``parts``: itself suppressed when small, withheld when a part is."""
    total = sum(parts)
    if small(total, threshold):
        return count_shown(total, threshold)
    if any(small(part, threshold) for part in parts):
        return Shown(None, WITHHELD, suppressed=True)
    return Shown(total, str(total), suppressed=False)


def measure_shown(value: int | None, basis: int, threshold: int) -> Shown:
    """A figure resting on ``basis`` records, withheld when they are too few (or none)."""
    if value is None or basis < threshold:
        return Shown(None, WITHHELD, suppressed=value is not None)
    return Shown(value, str(value), suppressed=False)
