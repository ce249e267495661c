"""API clients and issuer keys looked up once a few seconds (``kit/lookup_cache.py``).

A change made by another process (here: an UPDATE or INSERT that bypasses this process's
functions, as another API process or the CLI in a process of its own makes it) is honoured
once the cached row is older than ``CREDENTIAL_CACHE_SECONDS``; a change made through this
process is honoured at once; a key registered anywhere (a rotation) verifies at once.
"""

from __future__ import annotations

import asyncio
import json
import uuid

from sqlalchemy import update

from tests.conftest import Api
from tests.verification.helpers import registered_key
from verification.authorization.issuer_keys import CachedKeys, revoke_key
from verification.authorization.models import IssuerKey
from verification.authorization.signing import IssuerKeyPair
from verification.clients.models import ApiClient, Role
from verification.clients.service import ClientsByToken, create_client, revoke_client
from verification.db import utcnow
from verification.kit.lookup_cache import REFRESH_AHEAD, REFRESH_DELAY, Generation, LookupCache

TTL = 5.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_is_kept_for_its_seconds_and_while_nothing_changed() -> None:
    clock, changes = Clock(), Generation()
    cache: LookupCache[str, int] = LookupCache(TTL, generation=changes, clock=clock)
    cache.put("a", 1)
    clock.now += TTL - 0.01
    assert cache.get("a") == 1
    clock.now += 0.01
    assert cache.get("a") is None  # expired
    cache.put("a", 2)
    changes.bump()
    assert cache.get("a") is None  # a change in this process forgets everything at once


def test_the_oldest_entries_go_first_and_zero_seconds_keeps_nothing() -> None:
    cache: LookupCache[int, int] = LookupCache(TTL, generation=Generation(), max_entries=3)
    for i in range(5):
        cache.put(i, i)
    assert [cache.get(i) for i in range(5)] == [None, None, 2, 3, 4]
    off: LookupCache[int, int] = LookupCache(0, generation=Generation())
    off.put(1, 1)
    assert off.get(1) is None


async def test_an_entry_near_its_end_is_refreshed_in_the_background_once() -> None:
    clock, changes = Clock(), Generation()
    cache: LookupCache[str, int] = LookupCache(TTL, generation=changes, clock=clock)
    found = iter([2, None])
    lookups: list[str] = []

    async def lookup() -> int | None:
        lookups.append("a")
        return next(found)

    cache.put("a", 1)
    assert cache.get("a", refresh=lookup) == 1
    await cache.settled()
    assert lookups == []  # early in its time: no refresh
    clock.now += TTL * (1 - REFRESH_AHEAD)
    assert cache.get("a", refresh=lookup) == 1  # served, and looked up again meanwhile
    assert cache.get("a", refresh=lookup) == 1  # one refresh at a time
    await cache.settled()
    assert lookups == ["a"]
    clock.now += TTL * REFRESH_AHEAD  # the first entry's end: the refreshed one lives on
    assert cache.get("a") == 2
    clock.now += TTL * (1 - 2 * REFRESH_AHEAD)
    assert cache.get("a", refresh=lookup) == 2
    await cache.settled()  # the row is gone now: the entry is forgotten
    assert cache.get("a") is None


async def test_a_refresh_looks_up_only_after_its_delay_off_the_reading_requests_path() -> None:
    clock = Clock()
    slept: list[float] = []
    release = asyncio.Event()

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await release.wait()

    cache: LookupCache[str, int] = LookupCache(
        TTL, generation=Generation(), clock=clock, sleep=sleep
    )
    lookups: list[str] = []

    async def lookup() -> int | None:
        lookups.append("a")
        return 2

    cache.put("a", 1)
    clock.now += TTL * (1 - REFRESH_AHEAD)
    assert cache.get("a", refresh=lookup) == 1
    for _ in range(5):  # the reading request goes on: nothing is looked up meanwhile
        await asyncio.sleep(0)
    assert (slept, lookups) == ([REFRESH_DELAY], [])
    release.set()
    await cache.settled()
    assert lookups == ["a"]
    clock.now += TTL * REFRESH_AHEAD
    assert cache.get("a") == 2  # what the refresh found is kept


async def test_a_refresh_that_overlaps_a_change_keeps_nothing() -> None:
    clock, changes = Clock(), Generation()
    cache: LookupCache[str, int] = LookupCache(TTL, generation=changes, clock=clock)
    cache.put("a", 1)

    async def lookup() -> int | None:
        changes.bump()  # this process changes a credential while the lookup runs
        return 2

    clock.now += TTL * (1 - REFRESH_AHEAD)
    assert cache.get("a", refresh=lookup) == 1
    await cache.settled()
    cache.put("b", 3)
    assert cache.get("a") is None  # neither the old row nor what the refresh read
    assert cache.get("b") == 3


async def test_a_client_revoked_elsewhere_is_refused_once_a_refresh_found_it(api: Api) -> None:
    clock = Clock()
    cache: LookupCache[str, ApiClient] = LookupCache(TTL, clock=clock)
    clients = ClientsByToken(api.runtime.read_session_factory, cache)
    client, token = await _new_client(api)
    assert await clients(token, accept_demo=True) is not None
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(ApiClient).where(ApiClient.id == client.id).values(revoked_at=utcnow())
        )
    clock.now += TTL * (1 - REFRESH_AHEAD)
    assert await clients(token, accept_demo=True) is not None  # kept: within its time
    await cache.settled()  # the refresh read the revoked row
    assert await clients(token, accept_demo=True) is None


async def _new_client(api: Api) -> tuple[ApiClient, str]:
    async with api.sessions() as session, session.begin():
        return await create_client(
            session,
            name=f"cached {uuid.uuid4().hex[:6]}",
            role=Role.CASE_SYSTEM,
            issuers=["450102001"],
            region_prefixes=["45"],
            actor="test",
        )


async def test_a_client_revoked_elsewhere_is_refused_after_the_cache_seconds(api: Api) -> None:
    clock = Clock()
    clients = ClientsByToken(api.runtime.read_session_factory, LookupCache(TTL, clock=clock))
    client, token = await _new_client(api)
    assert (found := await clients(token, accept_demo=True)) is not None
    assert found.id == client.id
    # another process revokes it: this process's functions are not involved
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(ApiClient).where(ApiClient.id == client.id).values(revoked_at=utcnow())
        )
    clock.now += TTL - 0.5
    assert await clients(token, accept_demo=True) is not None  # within the cache seconds
    clock.now += 0.5
    assert await clients(token, accept_demo=True) is None  # after them: refused


async def test_a_client_revoked_through_this_process_is_refused_at_once(api: Api) -> None:
    clients = ClientsByToken(api.runtime.read_session_factory, LookupCache(TTL, clock=Clock()))
    client, token = await _new_client(api)
    assert await clients(token, accept_demo=True) is not None
    async with api.sessions() as session, session.begin():
        await revoke_client(session, client.id, reason="left", actor="test", now=utcnow())
    assert await clients(token, accept_demo=True) is None
    # and through the API, the app's own lookup (the same cache as every request)
    other, other_token = await _new_client(api)
    assert (await api.http.get("/v1/policies", headers=api.auth(other_token))).status_code == 200
    async with api.sessions() as session, session.begin():
        await revoke_client(session, other.id, reason="left", actor="test", now=utcnow())
    refused = await api.http.get("/v1/policies", headers=api.auth(other_token))
    assert refused.status_code == 401 and refused.json()["code"] == "invalid-token"


async def test_a_key_revoked_elsewhere_is_refused_after_the_cache_seconds(api: Api) -> None:
    clock = Clock()
    keys = CachedKeys(api.runtime.read_session_factory, LookupCache(TTL, clock=clock))
    pair = await registered_key(api)
    assert (key := await keys(pair.kid)) is not None and not key.revoked
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(IssuerKey).where(IssuerKey.kid == pair.kid).values(revoked_at=utcnow())
        )
    clock.now += TTL - 0.5
    assert (key := await keys(pair.kid)) is not None and not key.revoked
    clock.now += 0.5
    assert (key := await keys(pair.kid)) is not None and key.revoked


async def test_a_key_rotation_is_seen_at_once(api: Api) -> None:
    keys = CachedKeys(api.runtime.read_session_factory, LookupCache(TTL, clock=Clock()))
    old = await registered_key(api)
    assert await keys(old.kid) is not None
    new = IssuerKeyPair.generate(old.issuer, utcnow())
    assert await keys(new.kid) is None  # not registered yet: not kept as missing either
    async with api.sessions() as session, session.begin():  # another process registers it
        session.add(
            IssuerKey(
                kid=new.kid,
                issuer_code=old.issuer,
                public_jwk=json.dumps(new.public_jwk),
                demo=False,
            )
        )
    assert (key := await keys(new.kid)) is not None and not key.revoked
    # the old key, revoked through this process, is refused at once
    async with api.sessions() as session, session.begin():
        await revoke_key(session, old.kid, reason="rotated", actor="test", now=utcnow())
    assert (key := await keys(old.kid)) is not None and key.revoked
