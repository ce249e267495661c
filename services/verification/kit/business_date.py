"""Business dates: the calendar day of an instant in the deployment's time zone.

Instants (``created_at``, audit times, authorization validity) are UTC with an
offset.  Dates a person works with — the assessment date, the 公示 date, an
enrolment, the next review, the due list — are the day it is *where the service
is deployed* (``VERIFICATION_TIMEZONE``, default Asia/Shanghai): a verification
at 20:34 UTC on 5 December is dated 6 December in Beijing.  Every such date is
computed here, from an aware instant, never from ``date.today()`` or the UTC date.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"


def business_date(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The calendar day ``instant`` falls on in ``zone``; ``instant`` must be aware."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("a business date needs an aware instant (UTC with an offset)")
    return instant.astimezone(zone).date()
