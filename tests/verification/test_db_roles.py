"""The application's PostgreSQL role (#16): `verification migrate --app-role` makes it, and
PostgreSQL itself refuses it any change to the audit log.

Runs in every suite, the SQLite one included, against the real PostgreSQL server
(``VERIFICATION_TEST_DATABASE_URL``, or the CI server at 127.0.0.1:5432), in a database
and with a role of its own, both dropped at the end.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import make_url

from tests.conftest import CI_POSTGRES, PG_ENV, _pg_admin_url, real_postgres_database
from verification.db_roles import AUDIT_TABLES, RoleError, grant_statements

VERIFICATION = Path(sys.executable).parent / "verification"


def _dsn(url: str, user: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if user is not None:
        parsed = parsed.set(username=user, password=None)
    return parsed.render_as_string(hide_password=False)


async def _admin(admin: str, *statements: str) -> None:
    connection = await asyncpg.connect(_dsn(admin))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def own_database() -> Iterator[tuple[str, str]]:
    """A database of this test's own on the real server, owned by a schema owner that is no
    superuser (LOGIN CREATEROLE, as deploy/postgres makes it): its URL, and the name of the
    application role to make."""
    admin = _pg_admin_url(os.environ.get(PG_ENV) or CI_POSTGRES)
    suffix = uuid.uuid4().hex[:8]
    owner, role = f"verification_owner_{suffix}", f"verification_app_{suffix}"
    asyncio.run(_admin(admin, f"CREATE ROLE {owner} LOGIN CREATEROLE"))
    try:
        with real_postgres_database() as url:
            database = make_url(url).database
            asyncio.run(_admin(admin, f'ALTER DATABASE "{database}" OWNER TO {owner}'))
            asyncio.run(_admin(_dsn(url), f"ALTER SCHEMA public OWNER TO {owner}"))
            yield make_url(url).set(username=owner).render_as_string(hide_password=False), role
    finally:
        asyncio.run(_admin(admin, f"DROP ROLE IF EXISTS {role}", f"DROP ROLE IF EXISTS {owner}"))


def _cli(*args: str, url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    env |= {"VERIFICATION_DATABASE_URL": url, "VERIFICATION_DATA_DIR": str(cwd / "var")}
    return subprocess.run(
        [str(VERIFICATION), *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=180, check=False,
    )  # fmt: skip


def test_the_app_role_may_not_change_the_audit_log(own_database, tmp_path: Path) -> None:
    url, role = own_database
    password_file = tmp_path / "app-db-password"
    password_file.write_text("it's:%secret$1\n")
    made = _cli(
        "migrate", "--app-role", role, "--app-password-file", str(password_file),
        url=url, cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    assert f"application role {role} granted" in made.stderr

    # the service works as that role: a client created through the CLI appends to the log
    as_app = make_url(url).set(username=role).render_as_string(hide_password=False)
    created = _cli(
        "clients", "create", "--name", "ops", "--role", "admin", url=as_app, cwd=tmp_path
    )
    assert created.returncode == 0, created.stdout + created.stderr
    # ... pending until integrated, which the role may do too (DELETE on audit_pending)
    integrated = _cli("audit", "integrate", url=as_app, cwd=tmp_path)
    assert integrated.returncode == 0, integrated.stdout + integrated.stderr

    async def probe() -> None:
        connection = await asyncpg.connect(_dsn(url, user=role))
        try:
            assert await connection.fetchval("SELECT count(*) FROM audit_events") >= 1
            for statement in (
                "UPDATE audit_events SET body = body",
                *(f"DELETE FROM {table}" for table in (*AUDIT_TABLES, "audit_head")),
                *(f"TRUNCATE {table}" for table in AUDIT_TABLES),
                "UPDATE audit_nodes SET hash = hash",
                "UPDATE audit_checkpoints SET size = size",
                "UPDATE audit_pending SET template = template",
                "TRUNCATE audit_pending",
                "DELETE FROM alembic_version",
                "CREATE TABLE intruder (i int)",
                "ALTER TABLE api_clients ADD COLUMN intruder int",
            ):
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await connection.execute(statement)
            # the rest of the service's tables it may change
            assert await connection.fetchval(
                "SELECT has_table_privilege(current_user, 'api_clients', 'UPDATE')"
                " AND has_table_privilege(current_user, 'procrastinate_jobs', 'DELETE')"
                " AND has_table_privilege(current_user, 'audit_head', 'UPDATE')"
                " AND has_table_privilege(current_user, 'audit_pending', 'DELETE')"
            )
        finally:
            await connection.close()

    asyncio.run(probe())

    # migrate again (a new release): the grants are made again, nothing fails on the role
    again = _cli("migrate", "--app-role", role, url=url, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr


def test_a_role_name_is_checked_before_it_reaches_sql() -> None:
    with pytest.raises(RoleError, match="role name"):
        grant_statements('app"; DROP TABLE audit_events; --', "verification", None)
    quoted = grant_statements("verification_app", "db", "it's")[-1]
    assert quoted == "ALTER ROLE verification_app PASSWORD 'it''s'"
