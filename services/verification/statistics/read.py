"""Reading the supervisor's view: the period and region checked, every registered section
computed, the read audited (``statistics_read``: the region, the period and the sections;
no personal data, for there is none in the view)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from connectors.sdk.discovery import installed_sources
from verification.clients.models import ApiClient
from verification.messages.locale import Locale
from verification.problems import Forbidden, InvalidRequest
from verification.runtime import Runtime
from verification.statistics.model import (
    Period,
    PeriodView,
    StatisticsScope,
    StatisticsView,
)
from verification.statistics.publish import publish, suppression
from verification.statistics.sections import SECTIONS

READ_ACTION = "statistics_read"


def period_of(starts_on: dt.date, ends_before: dt.date) -> Period:
    """``422 invalid-period`` unless ``starts_on`` is before ``ends_before``."""
    if starts_on >= ends_before:
        raise InvalidRequest(
            "`from` must be before `to` (the period is from `from`, included, to `to`, excluded)",
            code="invalid-period",
            audit={"fields": ["from", "to"]},
        )
    return Period(starts_on, ends_before)


def check_region(client: ApiClient, region: str) -> None:
    """``403 region-not-supervised`` unless ``region`` lies within one of the client's
    region prefixes (a prefix of the region, or the region itself)."""
    if not client.may_use_region(region):
        raise Forbidden(
            "the region is not within the client's region prefixes",
            code="region-not-supervised",
            audit={"region_prefix": region},
        )


def read_event(
    region: str, period: Period, *, client_id: str | None, actor: str | None, request_id: str | None
) -> dict[str, Any]:
    """The audit event of a read: who, which region, which period, which sections."""
    event: dict[str, Any] = {
        "action": READ_ACTION,
        "region_prefix": region,
        "period": [period.starts_on.isoformat(), period.ends_before.isoformat()],
        "sections": [section.key for section in SECTIONS],
    }
    if client_id is not None:
        event["client_id"] = client_id
    if actor is not None:
        event["actor"] = actor
    if request_id is not None:
        event["request_id"] = request_id
    return event


async def compute(
    session: AsyncSession,
    region: str,
    period: Period,
    *,
    today: dt.date,
    zone: ZoneInfo,
    threshold: int,
    locale: Locale,
) -> StatisticsView:
    """Every registered section for ``region`` and ``period``, published (not audited)."""
    scope = StatisticsScope(region, period, today, zone, installed_sources().scopes)
    sections = [await section.compute(session, scope) for section in SECTIONS]
    return StatisticsView(
        region=region,
        period=PeriodView(starts_on=period.starts_on, ends_before=period.ends_before),
        today=today,
        language=locale.value,
        suppression=suppression(threshold, locale),
        sections=[publish(section, threshold, locale) for section in sections],
    )


async def read_statistics(
    rt: Runtime,
    client: ApiClient,
    region: str,
    *,
    starts_on: dt.date,
    ends_before: dt.date,
    locale: Locale,
    request_id: str,
) -> StatisticsView:
    """The view for a supervisor client of ``region``; the read is audited."""
    period = period_of(starts_on, ends_before)
    check_region(client, region)
    async with rt.read_session_factory() as session:
        view = await compute(
            session,
            region,
            period,
            today=rt.today(),
            zone=rt.settings.timezone,
            threshold=rt.settings.statistics_min_count,
            locale=locale,
        )
    await rt.audit.record(
        [read_event(region, period, client_id=str(client.id), actor=None, request_id=request_id)]
    )
    return view
