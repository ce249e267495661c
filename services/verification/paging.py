"""What the list endpoints share: keyset pages in (``created_at``, ``id``) order, sealed
cursors bound to the query, and time-range filters.

``GET /v1/verifications``, ``/v1/households``, ``/v1/households/{id}/verifications`` and
``/v1/batches`` list the caller's own rows oldest first, in the stable order (``created_at``,
``id``): a page is the rows after the last one of the previous page, so rows inserted
meanwhile never shift a page (no row is repeated or skipped; a new row appears on a later
page, being the newest).  The cursor names that last row and the query (list and filters);
it is sealed with a key derived from the deployment's key file, so every replica accepts it,
an altered one is ``422 invalid-cursor`` and one passed with other filters ``422
cursor-mismatch``.  The queries are each package's (``repository.py``); this module gives
them the conditions of a keyset and of a time range.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Final, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import SQLColumnExpression, Uuid, literal, tuple_
from sqlalchemy.sql.elements import ColumnElement
from starlette.datastructures import URL

from verification.db import UTCDateTime
from verification.kit.crypto import KeyRing
from verification.kit.cursor import (
    CursorNotOursError,
    CursorOfAnotherQueryError,
    open_cursor,
    query_fingerprint,
    seal_cursor,
)
from verification.kit.rfc3339 import Rfc3339DateTime
from verification.problems import InvalidRequest

DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 500
_KEY_PURPOSE: Final = "page-cursor"
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
T = TypeVar("T")


@dataclass(frozen=True)
class TimeRange:
    """``start`` (included) to ``end`` (excluded), either open; UTC."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None

    @classmethod
    def of(cls, name: str, start: dt.datetime | None, end: dt.datetime | None) -> TimeRange:
        """``422 invalid-time-range`` when ``start`` is not before ``end``."""
        if start is not None and end is not None and start >= end:
            raise InvalidRequest(
                f"{name}_from must be before {name}_before (the range is empty)",
                code="invalid-time-range",
                audit={"fields": [f"{name}_from", f"{name}_before"]},
            )
        return cls(_utc(start), _utc(end))

    def conditions(self, column: SQLColumnExpression[dt.datetime]) -> list[ColumnElement[bool]]:
        """The SQL conditions ``column`` meets in the range."""
        conditions = []
        if self.start is not None:
            conditions.append(column >= literal(self.start, UTCDateTime()))
        if self.end is not None:
            conditions.append(column < literal(self.end, UTCDateTime()))
        return conditions

    def bounds(self) -> tuple[str | None, str | None]:
        """As the fingerprint and the audit event state them."""
        return (
            None if self.start is None else self.start.isoformat(),
            None if self.end is None else self.end.isoformat(),
        )


ANY_TIME: Final = TimeRange()  # no bound


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # RFC 3339 on the wire always has an offset; code may not
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


@dataclass(frozen=True)
class Keyset:
    """The last row of a page: where the next one starts."""

    created_at: dt.datetime
    id: uuid.UUID

    def condition(
        self, created_at: SQLColumnExpression[dt.datetime], id_: SQLColumnExpression[uuid.UUID]
    ) -> ColumnElement[bool]:
        """The SQL condition of the rows after this one in (``created_at``, ``id``) order: a
        row-value comparison, which both databases answer from an index on
        (…, created_at, id)."""
        return tuple_(created_at, id_) > tuple_(
            literal(self.created_at, UTCDateTime()), literal(self.id, Uuid())
        )


class Pager:
    """The cursors of one query: a list and its filters."""

    def __init__(self, keyring: KeyRing, listing: str, filters: dict[str, Any]) -> None:
        self._key = keyring.derived_key(_KEY_PURPOSE)
        self._fingerprint = query_fingerprint(listing, filters)

    def after(self, cursor: str | None) -> Keyset | None:
        """Where the page starts: after the row ``cursor`` names (None: the first page)."""
        if cursor is None:
            return None
        try:
            micros, hex_id = open_cursor(self._key, self._fingerprint, cursor)
            return Keyset(_EPOCH + dt.timedelta(microseconds=int(micros)), uuid.UUID(hex=hex_id))
        except CursorOfAnotherQueryError:
            raise InvalidRequest(
                "the cursor was issued for another list or other filters",
                code="cursor-mismatch",
            ) from None
        except (CursorNotOursError, ValueError, TypeError):
            raise InvalidRequest(
                "the cursor is not one this service issued", code="invalid-cursor"
            ) from None

    def cursor(self, last: Keyset) -> str:
        micros = (last.created_at - _EPOCH) // dt.timedelta(microseconds=1)
        return seal_cursor(self._key, self._fingerprint, [micros, last.id.hex])

    def page(
        self, rows: list[T], limit: int, keyset: Callable[[T], Keyset]
    ) -> tuple[list[T], str | None]:
        """The first ``limit`` of ``rows`` (the query asked for ``limit + 1``) and the cursor
        of the next page (None: this is the last); ``keyset`` reads a row's ``Keyset``."""
        page = rows[:limit]
        more = len(rows) > limit
        return page, self.cursor(keyset(page[-1])) if more and page else None


class Page(BaseModel):
    """What every list answers besides its items."""

    next_cursor: str | None = Field(
        description="pass as `cursor`, with the same filters, for the next page; null: this "
        "is the last page"
    )
    next: str | None = Field(
        description="the next page's path and query (this request's filters and `limit` with "
        "`cursor` set), relative to the service; null: this is the last page"
    )


def next_link(url: URL, next_cursor: str | None) -> str | None:
    """The request's path and query with ``cursor`` replaced: the next page's link."""
    if next_cursor is None:
        return None
    following = url.include_query_params(cursor=next_cursor)
    return f"{following.path}?{following.query}"


# the query parameters every list takes (with ``dependencies.CursorQuery``)
LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items a page (1–{MAX_LIMIT})")]
FromQuery = Annotated[
    Rfc3339DateTime | None,
    Query(description="from this instant, included (RFC 3339 date-time with an offset)"),
]
BeforeQuery = Annotated[
    Rfc3339DateTime | None,
    Query(description="before this instant, excluded (RFC 3339 date-time with an offset)"),
]
RegionQuery = Annotated[
    str | None, Query(pattern=r"^[0-9]{2,6}$", description="region-code prefix (2–6 digits)")
]
