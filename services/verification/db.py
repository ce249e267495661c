"""Database engine, sessions and the declarative base.

PostgreSQL is the production database, and the one for several processes (API,
``verification worker`` processes on any machine).  SQLite is the single-process
embedded default, on stock aiosqlite through SQLAlchemy's ``sqlite+aiosqlite`` dialect:
one service process (``verification serve``, with its batch runner inside it); the short
CLI commands may open the file meanwhile.  On SQLite every transaction of the writer
engine starts with ``BEGIN IMMEDIATE`` so writers — including audit appends — are
serialized by the database itself; a separate reader engine begins deferred
transactions and, with WAL, never waits for the writer.  A statement that meets
another connection's write lock waits for it up to ``sqlite_busy_timeout`` seconds
(sqlite3's own ``timeout``) on aiosqlite's thread, so the event loop keeps running.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import importlib
import socket
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any, cast

import psycopg
import psycopg_pool
from sqlalchemy import DateTime, Dialect, Insert, MetaData, Table, event, insert
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

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
    "verification.people.models",
    "verification.batches.models",
    "verification.outbox.models",
    "verification.appeals.models",
    "verification.integrity_record.models",
    "verification.cross_lists.models",
    "verification.spot_checks.models",
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


@functools.cache
def insert_into(model: type[Base]) -> Insert:
    """A plain INSERT into ``model``'s table (``table``), built once: executed with its
    row or rows as parameters.  SQLAlchemy keys its compiled statements on each
    statement's cache key, computed over the statement's structure once per statement
    object: a statement built anew for every request pays for it every time."""
    return insert(table(model))


def dialect_insert(dialect: str, target: type[Base] | Table) -> PgInsert | SqliteInsert:
    """The dialect's own INSERT into ``target`` (a model or its table), for what only it
    has: ``ON CONFLICT … DO NOTHING``.  ``dialect``: ``session.get_bind().dialect.name``."""
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(target)


def violates_unique(error: sa_exc.IntegrityError, index: str, sqlite_column: str) -> bool:
    """Whether ``error`` is the database refusing a row under the unique ``index``:
    PostgreSQL names the index; SQLite names the column (``table.column``) instead."""
    text = str(error.orig)
    return index in text or f"UNIQUE constraint failed: {sqlite_column}" in text


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def import_models() -> MetaData:
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base.metadata


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(
    url: str,
    *,
    writer: bool = True,
    sqlite_busy_timeout: float = SQLITE_BUSY_TIMEOUT_SECONDS,
    pool_size: int | None = None,
    **kwargs: Any,
) -> AsyncEngine:
    """An engine for ``url``; on SQLite a ``writer=False`` engine begins deferred
    transactions, for reads that must not queue behind the single writer, and a
    statement waits up to ``sqlite_busy_timeout`` seconds for another process's lock.

    PostgreSQL connections are not pinged before each use (that is three round trips a
    transaction, ~5 % of a batch worker's CPU).  Instead a pooled connection whose socket
    the server (or the network) has closed meanwhile is discarded when it is checked out,
    at no cost: asyncpg notices the closed socket while the connection sits in the pool.
    A connection that dies in use fails its transaction once (a ``503`` for that request,
    a retry for a batch item), and SQLAlchemy then discards every older pooled connection.
    Connections are renewed after half an hour regardless.  ``pool_size`` (PostgreSQL)
    connections are kept, and half as many more opened at a peak and closed when returned
    (SQLAlchemy's default is 5 and 10 more: at 32 requests in flight most checkouts then
    opened a connection and prepared their statements anew, about 5 % of a verification's
    CPU; with 20 kept, 0.2–0.35 a verification still did: raise the setting where the
    server's ``max_connections`` allows).

    Bound values are never rendered into an error's text (``hide_parameters``): a failed
    statement's exception, logged or in a traceback, names the statement, not the values
    (a blind index, a ciphertext, a household's fields).
    """
    kwargs.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        if pool_size is not None:
            kwargs.setdefault("pool_size", pool_size)
            kwargs.setdefault("max_overflow", pool_size // 2)
        engine = create_async_engine(url, pool_recycle=1800, **kwargs)
        event.listen(engine.sync_engine, "checkout", _discard_closed)
        return engine
    connect_args = {"timeout": sqlite_busy_timeout, **kwargs.pop("connect_args", {})}
    engine = create_async_engine(url, connect_args=connect_args, **kwargs)

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


def _discard_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Pool ``checkout`` hook: a connection whose socket was closed while it sat in the
    pool (server restarted, backend terminated, network reset) is replaced by a new one
    (SQLAlchemy's documented way: raise ``DisconnectionError``), without a round trip."""
    driver = getattr(dbapi_connection, "driver_connection", None)
    is_closed = getattr(driver, "is_closed", None)
    if callable(is_closed) and is_closed():
        raise sa_exc.DisconnectionError("the pooled connection was closed")


def create_session_factory(
    engine: AsyncEngine, *, info: dict[str, Any] | None = None
) -> async_sessionmaker[AsyncSession]:
    """Sessions of ``engine``; ``info`` is copied into every session's ``info`` (the
    runtime puts the audit log's write guard there, see ``audit.log.append_events``)."""
    return async_sessionmaker(engine, expire_on_commit=False, info=info)


# --- the database is unavailable --------------------------------------------------------------

# SQLSTATE class 08 (connection exception), the server shutting down or starting up
# (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now), no connection
# slot left (53300 too_many_connections)
_UNAVAILABLE_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})
# SQLite: another process holds the lock past our patience, the file cannot be reached
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "unable to open database file",
    "disk i/o error",
    "database or disk is full",
)


_POOL_TIMEOUTS = sa_exc.TimeoutError | psycopg_pool.PoolTimeout


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, the exceptions it was raised from, and the members of exception groups."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        if current.__cause__ is not None:
            pending.append(current.__cause__)
        if isinstance(current, sa_exc.DBAPIError) and isinstance(current.orig, BaseException):
            pending.append(current.orig)


def _unavailable(error: BaseException) -> bool:
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(error, sqlite3.OperationalError):
        return str(error).lower().startswith(_SQLITE_UNAVAILABLE)
    return (
        (isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated)
        # no connection could be had from the pool in time, or the driver could not
        # connect (asyncpg's connect raises these as they are)
        or isinstance(error, _POOL_TIMEOUTS | ConnectionError | socket.gaierror)
        or (
            isinstance(sqlstate, str)
            and (sqlstate.startswith("08") or sqlstate in _UNAVAILABLE_STATES)
        )
        # psycopg's own: the connection failed or was lost (no error from the server)
        or (isinstance(error, psycopg.OperationalError) and sqlstate is None)
    )


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot be reached for now (connection refused
    or lost, server shutting down or starting, pool exhausted, SQLite locked by another
    process past the patience or its file unreachable), as opposed to a fault of the
    statement or the data; looks through the exceptions it was raised from."""
    return any(_unavailable(cause) for cause in _chain(error))


Transaction = Callable[[], AbstractAsyncContextManager[AsyncSession]]


class Transactions:
    """Opens write transactions: ``async with transactions() as session: ...`` commits on exit.

    On SQLite, writers of this process queue on an asyncio lock before taking
    the database's write lock, so they wait for each other in order, on the loop,
    rather than each holding a pooled connection in SQLite's busy wait; only another
    connection's writer (a CLI command's) meets that.
    """

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, serialize: bool
    ) -> None:
        self._session_factory = session_factory
        self._lock = asyncio.Lock() if serialize else None
        bind = session_factory.kw.get("bind")
        # whether ``one_statement`` commits a statement on its own (PostgreSQL)
        self.autocommits = bind is not None and bind.dialect.name == "postgresql"

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[AsyncSession]:
        lock = self._lock or nullcontext()
        async with lock, self._session_factory() as session, session.begin():
            yield session

    @asynccontextmanager
    async def one_statement(self) -> AsyncIterator[AsyncSession]:
        """A write of a single statement, its own transaction: on PostgreSQL the session's
        connection is in autocommit (SQLAlchemy's documented ``isolation_level=
        "AUTOCOMMIT"``), so the write is one round trip instead of BEGIN, the statement and
        COMMIT — a statement is atomic on its own.  Each further statement would commit on
        its own: give it one (``autocommits``).  On SQLite, a transaction as ``transactions()``
        gives."""
        if not self.autocommits:
            async with self() as session:
                yield session
            return
        async with self._session_factory() as session, session.begin():
            await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            yield session
