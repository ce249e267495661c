"""The one mechanism of the list endpoints: their ``cursor`` and ``limit`` parameters, their
cursors, the keyset query of a page and what a page answers besides its items.

A list route declares its filters and takes ``page: PageQuery`` (or its own
``page_parameters(…)``: the dependency of ``cursor`` and ``limit``); its use case opens the cursor
with the list's ``Cursors`` (``after``) before it reads, asks its repository for
``page.fetch`` rows after that position (``keyset_rows`` runs a (``created_at``, ``id``)
keyset query), and cuts them with ``Cursors.page``, which gives the rows of the page, the
next page's cursor and its link.  What stays each list's own: its filters, its order key,
its audit event and its row→item mapping.

``GET /v1/verifications``, ``/v1/households``, ``/v1/households/{id}/verifications``,
``/v1/batches`` and ``/v1/integrity-entries`` list the caller's own rows oldest first, in the
stable order (``created_at``, ``id``): a page is the rows after the last one of the previous
page, so rows inserted meanwhile never shift a page (no row is repeated or skipped; a new row
appears on a later page, being the newest).  Their cursor (``SealedCursors``) names that last
row and the query (list and filters); it is sealed with a key derived from the deployment's
key file, so every replica accepts it, an altered one is ``422 invalid-cursor`` and one
passed with other filters ``422 cursor-mismatch``.  The older lists (the due list, a batch's
items, a webhook endpoint's deliveries, the audit log) keep their plain cursors
(``PlainCursors``: their own order keys, not bound to the filters; the audit log's refusal is
``422 bad-cursor``) and their envelopes without ``next``: both are their published contract.
"""

from __future__ import annotations

import abc
import datetime as dt
import inspect
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Final, Generic, Protocol, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import SQLColumnExpression, Uuid, literal, select, tuple_
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from starlette.datastructures import URL

from verification.db import UTCDateTime
from verification.kit.crypto import KeyRing
from verification.kit.cursor import (
    CURSOR_MAX_LENGTH,
    CURSOR_PATTERN,
    CursorNotOursError,
    CursorOfAnotherQueryError,
    decode_cursor,
    encode_cursor,
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
_NOT_OURS: Final = "the cursor is not one this service issued"
T = TypeVar("T")
P = TypeVar("P")  # a position in a list's order: what a cursor names


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


# ---- the parameters: `cursor` and `limit` ---------------------------------------------

# a page's `next_cursor`, passed back as it came: opaque, base64url; one the service did
# not issue is refused (422)
CursorQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=CURSOR_MAX_LENGTH,
        pattern=CURSOR_PATTERN,
        description="`next_cursor` of the previous page, as it came (opaque, base64url)",
    ),
]


@dataclass(frozen=True)
class PageRequest:
    """What a list request asks of its page: where it starts (``cursor``, None: the first
    page), how many rows (``limit``), and the request's URL (the next page's link)."""

    cursor: str | None
    limit: int
    url: URL

    @property
    def fetch(self) -> int:
        """How many rows a page's query asks for: one more than ``limit``, which tells
        whether there is a next page."""
        return self.limit + 1

    @property
    def paged(self) -> bool:
        """Whether this is a later page (a ``cursor`` came), as the audit events say."""
        return self.cursor is not None


def page_parameters(
    *, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT, described: bool = True
) -> Any:
    """The dependency of a list's ``cursor`` and ``limit`` query parameters (``Depends``, for
    ``Annotated[PageRequest, page_parameters(…)]``): ``limit`` from 1 to ``maximum``,
    ``default`` when not given.  ``described``: ``limit`` has its description in the OpenAPI
    document (the lists older than the sealed cursors published theirs without one; adding
    it would change their contract).  FastAPI lists a dependency's parameters after the
    route's own and those of the dependencies declared before it: a route takes ``page``
    after its caller's dependency and before any other that has parameters (the language,
    the audit log), so ``cursor`` and ``limit`` stay where its document has them.  FastAPI
    validates a dependency's parameters before the route's own: a 422 naming an invalid
    ``cursor`` or ``limit`` and an invalid filter lists the paging ones first."""
    limit_query = Annotated[
        int,
        Query(ge=1, le=maximum, description=f"items a page (1–{maximum})" if described else None),
    ]

    async def paging(request: Request, cursor: str | None, limit: int) -> PageRequest:
        return PageRequest(cursor=cursor, limit=limit, url=request.url)

    # FastAPI reads the parameters from the signature; the annotations are objects made
    # here (this module's are strings, which FastAPI could not resolve in this scope)
    keyword = inspect.Parameter.KEYWORD_ONLY
    paging.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", keyword, annotation=Request),
            inspect.Parameter("cursor", keyword, default=None, annotation=CursorQuery),
            inspect.Parameter("limit", keyword, default=default, annotation=limit_query),
        ],
        return_annotation=PageRequest,
    )
    return Depends(paging)


# the lists in (``created_at``, ``id``) order: ``limit`` 1–500, default 100
PageQuery = Annotated[PageRequest, page_parameters()]


# ---- the cursors ------------------------------------------------------------------------


@dataclass(frozen=True)
class PageOf(Generic[T]):
    """A page cut from its query's rows: the rows, the next page's cursor and its link (None
    both: this is the last page)."""

    rows: list[T]
    next_cursor: str | None
    next: str | None


class Cursors(abc.ABC, Generic[P]):
    """How a list's cursors name a position in its order."""

    @abc.abstractmethod
    def after(self, cursor: str | None) -> P | None:
        """Where the page starts: after the position ``cursor`` names (None: the first
        page); ``422`` for a cursor this service did not issue for this list."""

    @abc.abstractmethod
    def cursor(self, last: P) -> str:
        """The cursor of the page after the row at ``last``."""

    def page(
        self, rows: Sequence[T], request: PageRequest, position: Callable[[T], P]
    ) -> PageOf[T]:
        """The first ``request.limit`` of ``rows`` (the query asked for ``request.fetch``),
        the next page's cursor and link; ``position`` reads a row's position."""
        page = list(rows[: request.limit])
        if len(rows) <= request.limit or not page:
            return PageOf(page, None, None)
        following = self.cursor(position(page[-1]))
        return PageOf(page, following, next_link(request.url, following))


class Keyed(Protocol):
    """A row listed in (``created_at``, ``id``) order."""

    @property
    def created_at(self) -> dt.datetime: ...

    @property
    def id(self) -> uuid.UUID: ...


@dataclass(frozen=True)
class Keyset:
    """The last row of a page: where the next one starts."""

    created_at: dt.datetime
    id: uuid.UUID

    @classmethod
    def of(cls, row: Keyed) -> Keyset:
        return cls(row.created_at, row.id)

    def condition(
        self, created_at: SQLColumnExpression[dt.datetime], id_: SQLColumnExpression[uuid.UUID]
    ) -> ColumnElement[bool]:
        """The SQL condition of the rows after this one in (``created_at``, ``id``) order: a
        row-value comparison, which both databases answer from an index on
        (…, created_at, id)."""
        return tuple_(created_at, id_) > tuple_(
            literal(self.created_at, UTCDateTime()), literal(self.id, Uuid())
        )


class SealedCursors(Cursors[Keyset]):
    """The cursors of one query in (``created_at``, ``id``) order: a list and its filters
    (``listing`` names the list; another route listing the same rows names its own)."""

    def __init__(self, keyring: KeyRing, listing: str, filters: dict[str, Any]) -> None:
        self._key = keyring.derived_key(_KEY_PURPOSE)
        self._fingerprint = query_fingerprint(listing, filters)

    def after(self, cursor: str | None) -> Keyset | None:
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
            raise InvalidRequest(_NOT_OURS, code="invalid-cursor") from None

    def cursor(self, last: Keyset) -> str:
        micros = (last.created_at - _EPOCH) // dt.timedelta(microseconds=1)
        return seal_cursor(self._key, self._fingerprint, [micros, last.id.hex])


class PlainCursors(Cursors[P]):
    """Unsealed cursors (``kit.cursor.encode_cursor``) of the lists that had them before the
    sealed ones: a position as JSON (``dump``), read back by ``load``, which raises
    ``ValueError``, ``TypeError`` or ``KeyError`` for a value it did not make (refused as
    ``code``)."""

    def __init__(
        self,
        dump: Callable[[P], Any],
        load: Callable[[Any], P],
        *,
        code: str = "invalid-cursor",
    ) -> None:
        self._dump = dump
        self._load = load
        self._code = code

    def after(self, cursor: str | None) -> P | None:
        if cursor is None:
            return None
        try:
            return self._load(decode_cursor(cursor))
        except (ValueError, TypeError, KeyError):
            raise InvalidRequest(_NOT_OURS, code=self._code) from None

    def cursor(self, last: P) -> str:
        return encode_cursor(self._dump(last))


def whole_number(value: Any) -> int:
    """A plain cursor's value that must be an integer (an id in a list by id)."""
    if not isinstance(value, int):
        raise TypeError("not an integer")
    return value


# ---- the page query and the envelope ----------------------------------------------------


async def keyset_rows(
    session: AsyncSession,
    table: type[T],
    conditions: Sequence[ColumnElement[bool]],
    *,
    after: Keyset | None,
    limit: int,
) -> list[T]:
    """Up to ``limit`` rows of ``table`` (a mapped class with ``created_at`` and ``id``)
    meeting ``conditions`` (a list's filters) after ``after`` in (``created_at``, ``id``)
    order."""
    columns = sa_inspect(table).columns
    created_at, id_ = columns["created_at"], columns["id"]
    keyset = [] if after is None else [after.condition(created_at, id_)]
    rows = await session.scalars(
        select(table).where(*conditions, *keyset).order_by(created_at, id_).limit(limit)
    )
    return list(rows)


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


def next_link(url: URL, next_cursor: str) -> str:
    """The request's path and query with ``cursor`` replaced: the next page's link."""
    following = url.include_query_params(cursor=next_cursor)
    return f"{following.path}?{following.query}"


# the filters several lists take
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
