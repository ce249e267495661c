"""Spot-check coverage of a region and a period, for the supervisor's view: how many
households were in a frame, drawn and visited (no ids, no personal data)."""

from __future__ import annotations

import datetime as dt

from verification.runtime import Runtime
from verification.spot_checks import repository
from verification.spot_checks.repository import Coverage


async def coverage(
    runtime: Runtime, region_prefix: str, period_from: dt.date, period_to: dt.date
) -> Coverage:
    """The coverage of the production spot checks whose period lies within the given one,
    counting their units in ``region_prefix`` (the caller audits its own read)."""
    async with runtime.read_session_factory() as session:
        return await repository.coverage(session, region_prefix, period_from, period_to)
