"""``verification clients``: API clients and their tokens.

Works on the database directly, as the actor ``cli``; this is also how the first admin
client is bootstrapped.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from verification.cli.common import console, database_call

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from verification.clients.models import ApiClient


class RoleChoice(StrEnum):
    """The values of ``verification.clients.models.Role`` (a test keeps them equal), declared
    here so that ``verification --help`` does not import the database layer."""

    CASE_SYSTEM = "case_system"
    AUDITOR = "auditor"
    ADMIN = "admin"
    SUPERVISOR = "supervisor"


clients_app = typer.Typer(
    help="API clients (case systems, auditors, admins, supervisors) and their tokens.",
    no_args_is_help=True,
)


@clients_app.command("create")
def clients_create(
    name: Annotated[str, typer.Option(help="who the client is, e.g. the case system's name")],
    role: Annotated[RoleChoice, typer.Option(help="case_system, auditor, admin or supervisor")],
    issuer: Annotated[
        list[str] | None,
        typer.Option("--issuer", help="an issuer code the client may use ('*' = any); repeatable"),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option("--region", help="a region-code prefix (2-6 digits); repeatable"),
    ] = None,
    sandbox: Annotated[
        bool,
        typer.Option(
            "--sandbox",
            help="a sandbox (test) case system: its verifications go to the sandbox agencies "
            "and its data is apart from production's; fixed for the client's life",
        ),
    ] = False,
) -> None:
    """Create a client and print its token (shown this once; only its hash is kept)."""
    from verification.clients.models import Role
    from verification.clients.service import create_client

    async def _create(session: AsyncSession) -> tuple[str, str]:
        client, token = await create_client(
            session,
            name=name,
            role=Role(role.value),
            issuers=issuer or [],
            region_prefixes=region or [],
            actor="cli",
            sandbox=sandbox,
        )
        return str(client.id), token

    client_id, token = database_call(_create)
    kind = f"sandbox {role.value}" if sandbox else role.value
    console.print(f"created {kind} client {client_id}; its token (shown once):")
    print(token)


@clients_app.command("list")
def clients_list() -> None:
    """List every client (never tokens)."""
    from rich.table import Table

    from verification.clients.service import list_clients

    async def _list(session: AsyncSession) -> Sequence[ApiClient]:
        return await list_clients(session)

    table = Table(
        "id", "name", "role", "environment", "issuers", "region prefixes", "created", "revoked"
    )
    for client in database_call(_list):
        table.add_row(
            str(client.id),
            client.name,
            client.role,
            client.environment.value,
            ", ".join(client.issuers),
            ", ".join(client.region_prefixes),
            f"{client.created_at:%Y-%m-%d %H:%M}",
            f"{client.revoked_at:%Y-%m-%d %H:%M}" if client.revoked_at else "",
        )
    Console().print(table)


@clients_app.command("rotate")
def clients_rotate(
    client_id: Annotated[uuid.UUID, typer.Argument(metavar="ID", help="the client's id")],
) -> None:
    """Give the client a new token (printed once); the old token stops working at once."""
    from verification.clients.service import rotate_token

    async def _rotate(session: AsyncSession) -> str:
        _client, token = await rotate_token(session, client_id, actor="cli")
        return token

    token = database_call(_rotate)
    console.print(f"new token for {client_id} (shown once; the old one no longer works):")
    print(token)


@clients_app.command("revoke")
def clients_revoke(
    client_id: Annotated[uuid.UUID, typer.Argument(metavar="ID", help="the client's id")],
    reason: Annotated[str, typer.Option(help="why the client is revoked (audited)")],
) -> None:
    """Revoke a client: its token is refused from now on (idempotent)."""
    from verification.clients.service import revoke_client
    from verification.db import utcnow

    async def _revoke(session: AsyncSession) -> None:
        await revoke_client(session, client_id, reason=reason, actor="cli", now=utcnow())

    database_call(_revoke)
    console.print(f"revoked client {client_id}")
