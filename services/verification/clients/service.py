"""API clients: creating, listing, rotating and revoking them; bearer-token lookup.

Tokens are random, shown once, and stored only as SHA-256 hashes.  Every
change is audited in its own transaction with the acting principal
(``actor``: an admin client's id, or ``"cli"`` for the command line) — never
the token nor its hash.  These functions raise ``DomainError``s; the API and
the CLI render them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from verification.audit.log import append_events
from verification.clients.models import ApiClient, Environment, Role
from verification.kit.id_number import contains_id_number
from verification.kit.lookup_cache import LookupCache, credentials_changed
from verification.kit.masking import mask_text
from verification.problems import Conflict, InvalidRequest, NotFound

TOKEN_PREFIX = "vt_"  # noqa: S105 - a recognisable prefix, not a secret
NAME_MAX = 200
REASON_MAX = 500
MAX_ENTRIES = 100  # issuers or region prefixes per client
ANY_ISSUER = "*"
ISSUER_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"
REGION_PREFIX_PATTERN = r"^[0-9]{2,6}$"
_ISSUER_CODE = re.compile(ISSUER_CODE_PATTERN)
_REGION_PREFIX = re.compile(REGION_PREFIX_PATTERN)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def is_issuer_code(code: str) -> bool:
    """1 to 32 letters, digits, '-' or '_', holding no ID number (issuer codes are written
    into the audit log, which is kept for ever)."""
    return bool(_ISSUER_CODE.fullmatch(code)) and not contains_id_number(code)


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def validate_client_fields(
    name: str, issuers: Sequence[str], region_prefixes: Sequence[str]
) -> tuple[str, list[str], list[str]]:
    """The name stripped and the lists de-duplicated, or ``InvalidRequest`` naming the field."""
    name = mask_text(name.strip())  # stored and listed: personal numbers masked
    if not name or len(name) > NAME_MAX:
        raise InvalidRequest(
            f"the client name must be 1 to {NAME_MAX} characters", code="invalid-client-name"
        )
    issuers, region_prefixes = _unique(issuers), _unique(region_prefixes)
    if len(issuers) > MAX_ENTRIES or len(region_prefixes) > MAX_ENTRIES:
        raise InvalidRequest(
            f"at most {MAX_ENTRIES} issuers and {MAX_ENTRIES} region prefixes",
            code="too-many-entries",
        )
    if any(code != ANY_ISSUER and not is_issuer_code(code) for code in issuers):
        raise InvalidRequest(
            "issuer codes are 1 to 32 letters, digits, '-' or '_', and hold no ID number "
            "(or '*' for any issuer)",
            code="invalid-issuer-code",
        )
    if any(not _REGION_PREFIX.fullmatch(prefix) for prefix in region_prefixes):
        raise InvalidRequest(
            "region prefixes are 2 to 6 digits of the administrative division code",
            code="invalid-region-prefix",
        )
    return name, issuers, region_prefixes


def _reason(reason: str) -> str:
    """A revocation reason, required, with personal identifiers masked (it is stored)."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise InvalidRequest(
            f"give a reason of 1 to {REASON_MAX} characters", code="reason-required"
        )
    return mask_text(reason)


def _event(action: str, client: ApiClient, actor: str, request_id: str | None) -> dict[str, Any]:
    event: dict[str, Any] = {"action": action, "client_id": str(client.id), "actor": actor}
    if request_id:
        event["request_id"] = request_id
    return event


async def find_client_by_token(
    session: AsyncSession, token: str, *, accept_demo: bool
) -> ApiClient | None:
    """The token's client; ``None`` for an unknown or revoked token, and for the demo
    client's token unless ``accept_demo`` (demo mode)."""
    client = (
        await session.execute(select(ApiClient).where(ApiClient.token_hash == hash_token(token)))
    ).scalar_one_or_none()
    return client if usable(client, accept_demo=accept_demo) else None


def usable(client: ApiClient | None, *, accept_demo: bool) -> bool:
    """Whether ``client``'s token is accepted: not revoked, and not the demo client's
    outside demo mode."""
    return client is not None and client.revoked_at is None and (accept_demo or not client.demo)


class ClientsByToken:
    """The bearer-token lookup of every request, its rows kept ``seconds``
    (``kit.lookup_cache``: a client revoked, or its token rotated, by another process is
    refused here within that time; by this process, at once).  The rows it returns are
    detached and shared between requests: read them, never change them."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], cache: LookupCache[str, ApiClient]
    ) -> None:
        self._sessions = sessions
        self._cache = cache  # the runtime's (Runtime.token_cache), shared by every request

    async def __call__(self, token: str, *, accept_demo: bool) -> ApiClient | None:
        """The token's client, as ``find_client_by_token`` finds it."""
        token_hash = hash_token(token)
        client = self._cache.get(token_hash, refresh=lambda: self._lookup(token_hash))
        if client is None:
            client = await self._lookup(token_hash)
            if client is None:
                return None
            self._cache.put(token_hash, client)
        return client if usable(client, accept_demo=accept_demo) else None

    async def _lookup(self, token_hash: str) -> ApiClient | None:
        async with self._sessions() as session:
            return (
                await session.execute(select(ApiClient).where(ApiClient.token_hash == token_hash))
            ).scalar_one_or_none()


async def create_client(
    session: AsyncSession,
    *,
    name: str,
    role: Role,
    issuers: Sequence[str],
    region_prefixes: Sequence[str],
    actor: str,
    request_id: str | None = None,
    demo: bool = False,
    sandbox: bool = False,
) -> tuple[ApiClient, str]:
    """A new client and its token (the only time the token exists outside the caller);
    ``demo`` marks the demo bootstrap's client, ``sandbox`` a sandbox (test) client — a case
    system only (``sandbox-role`` otherwise): the sandbox has no audit log of its own to
    read or administer yet (docs/decisions/0013-sandbox.md).  It is fixed for the client's
    life."""
    name, issuer_list, prefix_list = validate_client_fields(name, issuers, region_prefixes)
    if sandbox and Role(role) is not Role.CASE_SYSTEM:
        raise InvalidRequest(
            "only a case_system client can be a sandbox client", code="sandbox-role"
        )
    token = new_token()
    client = ApiClient(
        name=name,
        role=Role(role).value,
        token_hash=hash_token(token),
        issuers=issuer_list,
        region_prefixes=prefix_list,
        demo=demo,
        sandbox=sandbox,
    )
    session.add(client)
    await session.flush()
    await append_events(
        session,
        [
            {
                **_event("client_created", client, actor, request_id),
                "role": client.role,
                "issuers": issuer_list,
                "region_prefixes": prefix_list,
                **({"demo": True} if demo else {}),
                **({"environment": Environment.SANDBOX.value} if sandbox else {}),
            }
        ],
    )
    return client, token


async def list_clients(session: AsyncSession) -> Sequence[ApiClient]:
    return (
        (await session.execute(select(ApiClient).order_by(ApiClient.created_at, ApiClient.id)))
        .scalars()
        .all()
    )


async def active_case_systems(session: AsyncSession, *, accept_demo: bool) -> list[ApiClient]:
    """The case-system clients not revoked, oldest first; the demo client among them only
    if ``accept_demo`` (it does not exist outside the demo)."""
    query = select(ApiClient).where(ApiClient.role == "case_system", ApiClient.revoked_at.is_(None))
    if not accept_demo:
        query = query.where(ApiClient.demo.is_(False))
    query = query.order_by(ApiClient.created_at, ApiClient.id)
    return list((await session.execute(query)).scalars())


async def get_client(
    session: AsyncSession, client_id: uuid.UUID, *, for_update: bool = False
) -> ApiClient:
    query = select(ApiClient).where(ApiClient.id == client_id)
    if for_update:  # concurrent rotations / revocations of one client queue on the row
        query = query.with_for_update()
    client = (await session.execute(query)).scalar_one_or_none()
    if client is None:
        raise NotFound("no client with this id", code="unknown-client")
    return client


async def rotate_token(
    session: AsyncSession, client_id: uuid.UUID, *, actor: str, request_id: str | None = None
) -> tuple[ApiClient, str]:
    """Replace the client's token: the old one stops working when this commits."""
    client = await get_client(session, client_id, for_update=True)
    if client.revoked_at is not None:
        raise Conflict("the client is revoked; create a new client instead", code="client-revoked")
    token = new_token()
    client.token_hash = hash_token(token)
    credentials_changed(session)
    await session.flush()
    await append_events(session, [_event("client_token_rotated", client, actor, request_id)])
    return client, token


async def revoke_client(
    session: AsyncSession,
    client_id: uuid.UUID,
    *,
    reason: str,
    actor: str,
    now: dt.datetime,
    request_id: str | None = None,
) -> ApiClient:
    """Revoke the client (idempotent: revoking again changes and records nothing).

    ``actor`` is the acting admin's client id (or ``"cli"``); an admin may not
    revoke itself, so the service cannot lose its last admin by accident.
    """
    reason = _reason(reason)
    if actor == str(client_id):
        raise Conflict("an admin may not revoke its own client", code="cannot-revoke-self")
    client = await get_client(session, client_id, for_update=True)
    if client.revoked_at is None:
        client.revoked_at = now
        credentials_changed(session)
        await session.flush()
        await append_events(
            session, [{**_event("client_revoked", client, actor, request_id), "reason": reason}]
        )
    return client
