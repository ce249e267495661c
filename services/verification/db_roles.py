"""The application's PostgreSQL role: least privilege, made by ``verification migrate --app-role``.

Migrations run as the schema owner; the API and the workers log in as a role
that may read and write the service's tables but can neither change the schema
nor change or remove what the audit log holds: on ``audit_events``,
``audit_nodes`` and ``audit_checkpoints`` it may only SELECT and INSERT, on
``audit_head`` (the one row that grows with the log) also UPDATE, on
``audit_pending`` (entries waiting for the integrator) also DELETE (its trigger refuses
to delete an entry the log does not hold), and ``alembic_version`` it may only read.
The triggers on the audit tables refuse UPDATE/DELETE/TRUNCATE even for the owner; the
grants make the refusal hold even if a trigger were dropped.  Running it again (every
``migrate``) grants the same on tables new migrations made, and sets the password again.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# append-only: the app may read and add, never change or remove
# (the production log's and the sandbox's, docs/decisions/0013-sandbox.md)
AUDIT_TABLES = (
    "audit_events",
    "audit_nodes",
    "audit_checkpoints",
    "sandbox_audit_events",
    "sandbox_audit_nodes",
    "sandbox_audit_checkpoints",
)
# grows only (its trigger checks how): no DELETE or TRUNCATE
GROWING_TABLES = ("audit_head", "sandbox_audit_head")
# insert-only, emptied by the integrator: no UPDATE or TRUNCATE
QUEUE_TABLES = ("audit_pending", "sandbox_audit_pending")
READ_ONLY_TABLES = ("alembic_version",)
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class RoleError(Exception):
    """The role cannot be made as asked (a bad name, not PostgreSQL)."""


def _literal(value: str) -> str:
    """A SQL string literal (standard_conforming_strings: only quotes are special)."""
    if "\x00" in value:
        raise RoleError("a password cannot contain a NUL character")
    return "'" + value.replace("'", "''") + "'"


def grant_statements(role: str, database: str, password: str | None) -> list[str]:
    """What makes ``role`` the application's role in ``database`` (idempotent)."""
    if not _ROLE_NAME.fullmatch(role):
        raise RoleError(f"role name {role!r}: lower-case letters, digits and _ only")
    quoted_db = '"' + database.replace('"', '""') + '"'
    statements = [
        f"ALTER ROLE {role} LOGIN",
        f"GRANT CONNECT ON DATABASE {quoted_db} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {', '.join(READ_ONLY_TABLES)} FROM {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(AUDIT_TABLES)} FROM {role}",
        f"REVOKE DELETE, TRUNCATE ON {', '.join(GROWING_TABLES)} FROM {role}",
        f"REVOKE UPDATE, TRUNCATE ON {', '.join(QUEUE_TABLES)} FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}",
    ]
    if password is not None:
        statements.append(f"ALTER ROLE {role} PASSWORD {_literal(password)}")
    return statements


async def ensure_app_role(connection: AsyncConnection, role: str, password: str | None) -> None:
    """Create ``role`` if it does not exist and grant it what the service needs, no more.
    The caller commits."""
    if connection.dialect.name != "postgresql":
        raise RoleError("the application role is a PostgreSQL role (SQLite has none)")
    database = (await connection.execute(text("SELECT current_database()"))).scalar_one()
    exists = (
        await connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    ).scalar_one_or_none()
    statements = grant_statements(role, str(database), password)
    if exists is None:
        # no superuser, no CREATEDB, no CREATEROLE, inherits nothing
        await connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN NOINHERIT")
    for statement in statements:  # no bind parameters: a password may hold ':' or '%'
        await connection.exec_driver_sql(statement)
