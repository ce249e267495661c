"""Shared fixtures: a migrated database, the real mock agencies, a running app.

The database is SQLite in a temporary directory, or — when
``VERIFICATION_TEST_DATABASE_URL`` names a PostgreSQL server — a fresh
database created on that server for this run and dropped afterwards.  Either
way it is built by ``alembic upgrade head``, as in production.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mock_sources.server import serve_in_thread
from verification.app import create_app
from verification.authorization.signing import IssuerKeyPair
from verification.cli import migrate_database
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import create_engine, create_session_factory
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings

PG_ENV = "VERIFICATION_TEST_DATABASE_URL"


def _pg_admin_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


async def _create_pg_database(server_url: str) -> str:
    name = f"verification_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def _drop_pg_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await engine.dispose()


@contextmanager
def fresh_database(directory: Path) -> Iterator[str]:
    """A new empty database: SQLite under ``directory``, or one on the PostgreSQL server."""
    server = os.environ.get(PG_ENV)
    if not server:
        yield f"sqlite+aiosqlite:///{directory / 'verification.db'}"
        return
    admin = _pg_admin_url(server)
    url = asyncio.run(_create_pg_database(admin))
    try:
        yield url
    finally:
        asyncio.run(_drop_pg_database(admin, url))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def mock_sources_url() -> Iterator[str]:
    with serve_in_thread() as url:
        yield url


@pytest.fixture(scope="session")
def settings(
    database_url: str, mock_sources_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    port = int(mock_sources_url.rsplit(":", 1)[1])
    settings = Settings(
        database_url=database_url,
        data_dir=tmp_path_factory.mktemp("data"),
        mock_sources_port=port,
        log_format="json",
        verification_deadline_seconds=10,
    )
    migrate_database(settings)
    return settings


@dataclass
class Api:
    http: httpx.AsyncClient
    runtime: Runtime
    settings: Settings
    issuer_key: IssuerKeyPair
    token: str  # the demo case system
    other_token: str  # a second case system, same issuer
    auditor_token: str

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self.runtime.session_factory


@pytest.fixture(scope="session")
async def api(settings: Settings) -> AsyncIterator[Api]:
    demo = await ensure_demo(settings)
    engine = create_engine(settings.database_url)
    async with create_session_factory(engine)() as session, session.begin():
        _, other = await create_client(
            session,
            name="other case system",
            role=Role.CASE_SYSTEM,
            issuers=[demo.key_pair.issuer],
            region_prefixes=["45"],
            actor="test",
        )
        _, auditor = await create_client(
            session, name="auditor", role=Role.AUDITOR, issuers=[], region_prefixes=[], actor="test"
        )
    await engine.dispose()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield Api(
                http=http,
                runtime=app.state.runtime,
                settings=settings,
                issuer_key=demo.key_pair,
                token=demo.token,
                other_token=other,
                auditor_token=auditor,
            )
