"""Database engine, sessions and the declarative base.

SQLite (embedded default) and PostgreSQL (production) behind one async
engine.  On SQLite every transaction of the writer engine starts with ``BEGIN
IMMEDIATE`` so writers — including audit appends from several processes — are
serialized by the database itself; a separate reader engine begins deferred
transactions and, with WAL, never waits for the writer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any, cast

from sqlalchemy import DateTime, Dialect, MetaData, Table, event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from verification.sqlite_inline import inline_connector

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MODEL_MODULES = (
    "verification.clients.models",
    "verification.authorization.models",
    "verification.verifications.models",
    "verification.audit.models",
    "verification.idempotency.models",
    "verification.households.models",
    "verification.batches.models",
)


# tables of the job engine (procrastinate), installed by a migration but not modelled here
FOREIGN_TABLE_PREFIX = "procrastinate_"
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0  # how long to wait for another process's write lock


def is_own_table(name: str | None, type_: str, *_: object) -> bool:
    """Alembic's ``include_name``: leave the job engine's tables out of comparisons."""
    return not (type_ == "table" and name is not None and name.startswith(FOREIGN_TABLE_PREFIX))


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        stamp: dt.datetime = value
        if stamp.tzinfo is None:
            return stamp.replace(tzinfo=dt.UTC)
        return stamp.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table(model: type[Base]) -> Table:
    """The Core table of ``model``: hot-path inserts and updates go to the table, which
    skips the ORM's per-row bulk-persistence bookkeeping (column types and defaults still
    apply)."""
    return cast(Table, model.__table__)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def import_models() -> MetaData:
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base.metadata


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, *, writer: bool = True, **kwargs: Any) -> AsyncEngine:
    """An engine for ``url``; on SQLite a ``writer=False`` engine begins deferred
    transactions, for reads that must not queue behind the single writer.

    PostgreSQL connections are not pinged before each use (that is three round trips a
    transaction, ~5 % of a batch worker's CPU): a connection the server has dropped fails
    its transaction once, SQLAlchemy then discards every connection of the pool that is
    older, and the API answers that one request 503 while batch items are retried.
    Connections are renewed after half an hour regardless.
    """
    if not is_sqlite(url):
        return create_async_engine(url, pool_recycle=1800, **kwargs)
    engine = create_async_engine(
        url, async_creator=inline_connector(url, SQLITE_BUSY_TIMEOUT_SECONDS), **kwargs
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # checkpoint every ~40 MB of WAL rather than 4 MB: pages rewritten by every
        # transaction (the audit head, index pages) are copied back once per checkpoint,
        # so fewer checkpoints copy far fewer pages (~5 % of a batch's CPU)
        cursor.execute("PRAGMA wal_autocheckpoint=10000")
        cursor.close()

    begin = "BEGIN IMMEDIATE" if writer else "BEGIN"

    @event.listens_for(engine.sync_engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


Transaction = Callable[[], AbstractAsyncContextManager[AsyncSession]]


class Transactions:
    """Opens write transactions: ``async with transactions() as session: ...`` commits on exit.

    On SQLite, writers of this process queue on an asyncio lock before taking
    the database's write lock, so they wait for each other in order rather than
    in ``sqlite_inline``'s backoff; only other processes' writers meet that.
    """

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, serialize: bool
    ) -> None:
        self._session_factory = session_factory
        self._lock = asyncio.Lock() if serialize else None

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[AsyncSession]:
        lock = self._lock or nullcontext()
        async with lock, self._session_factory() as session, session.begin():
            yield session
