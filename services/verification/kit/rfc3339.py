"""Dates and date-times on the wire as RFC 3339 says, and nothing else.

pydantic also reads a number (``0.5``, ``"1700000000"``) as a Unix time, and a
date-time without an offset or a bare date as a date-time; the OpenAPI document
says ``format: date`` / ``date-time``, so the service takes exactly that
(``2026-01-31``; ``2026-01-31T08:00:00Z`` or ``…+08:00``).  A date or datetime
object built in Python passes as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")


def _date(value: object) -> object:
    if isinstance(value, dt.date) or (isinstance(value, str) and _DATE.fullmatch(value)):
        return value
    raise ValueError("a date is written YYYY-MM-DD (RFC 3339 full-date)")


def _date_time(value: object) -> object:
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _DATE_TIME.fullmatch(value)):
        return value
    raise ValueError(
        "a date-time is written YYYY-MM-DDThh:mm:ss with Z or an offset (RFC 3339 date-time)"
    )


Rfc3339Date = Annotated[dt.date, BeforeValidator(_date)]
Rfc3339DateTime = Annotated[dt.datetime, BeforeValidator(_date_time)]
