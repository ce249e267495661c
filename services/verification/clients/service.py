"""API tokens: random, shown once, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import append_events
from verification.clients.models import ApiClient, Role

TOKEN_PREFIX = "vt_"  # noqa: S105 - a recognisable prefix, not a secret


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


async def find_client_by_token(session: AsyncSession, token: str) -> ApiClient | None:
    client = (
        await session.execute(select(ApiClient).where(ApiClient.token_hash == hash_token(token)))
    ).scalar_one_or_none()
    if client is None or client.revoked_at is not None:
        return None
    return client


async def create_client(
    session: AsyncSession,
    *,
    name: str,
    role: Role,
    issuers: Sequence[str],
    region_prefixes: Sequence[str],
    actor: str,
) -> tuple[ApiClient, str]:
    token = new_token()
    client = ApiClient(
        name=name,
        role=role.value,
        token_hash=hash_token(token),
        issuers=list(issuers),
        region_prefixes=list(region_prefixes),
    )
    session.add(client)
    await session.flush()
    await append_events(
        session,
        [
            {
                "action": "client_created",
                "client_id": str(client.id),
                "role": role.value,
                "issuers": list(issuers),
                "region_prefixes": list(region_prefixes),
                "actor": actor,
            }
        ],
    )
    return client, token
