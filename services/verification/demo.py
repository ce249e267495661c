"""The embedded default's demo state: an issuer key, a client token, signed requests.

Everything is generated at first run under ``<data_dir>/demo`` (mode 0600
for secrets) and registered in the database, marked as demo (``demo`` column),
so that it is refused outside demo mode; nothing secret is in the repo.
Running it again reuses what exists.  Only demo mode makes it (``DemoRefused``
otherwise, before anything is written).  Scenario households come from the mock
agencies (``mock_sources.scenarios``), imported here only, for the demo.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mock_sources.scenarios import HOUSEHOLDS, household
from verification.authorization.issuer_keys import register_key
from verification.authorization.models import IssuerKey
from verification.authorization.signing import IssuerKeyPair, authorization_payload
from verification.clients.models import ApiClient, Role
from verification.clients.service import create_client, hash_token
from verification.db import create_engine, create_session_factory, utcnow
from verification.kit.crypto import write_secret_file
from verification.settings import Settings

DEMO_ISSUER = "450102001"  # 兴宁区某街道 (demo)
DEMO_ISSUER_NAME = "南宁市兴宁区示例街道办事处（演示）"


class DemoRefused(Exception):  # noqa: N818 - a refusal, not a bug
    """Demo material is made only in demo mode."""


@dataclass(frozen=True)
class DemoState:
    key_pair: IssuerKeyPair
    token: str
    directory: Path


async def ensure_demo(settings: Settings) -> DemoState:
    if not settings.demo_mode():
        raise DemoRefused(
            "demo keys and tokens are made only in demo mode (VERIFICATION_MODE=demo, the default)"
        )
    directory = settings.data_dir / "demo"
    key_file = directory / "issuer-key.json"
    token_file = directory / "client-token"
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            if key_file.exists():
                key_pair = IssuerKeyPair.from_json(key_file.read_text())
            else:
                key_pair = IssuerKeyPair.generate(DEMO_ISSUER, utcnow())
                write_secret_file(key_file, key_pair.to_json())
            if not await _key_registered(session, key_pair.kid):
                await register_key(
                    session,
                    issuer_code=key_pair.issuer,
                    issuer_name=DEMO_ISSUER_NAME,
                    kid=key_pair.kid,
                    jwk=key_pair.public_jwk,
                    actor="demo",
                    demo=True,
                )
            token = token_file.read_text().strip() if token_file.exists() else ""
            known = (
                token
                and (
                    await session.execute(
                        select(ApiClient).where(ApiClient.token_hash == hash_token(token))
                    )
                ).scalar_one_or_none()
            )
            if not known:
                _client, token = await create_client(
                    session,
                    name="demo case system",
                    role=Role.CASE_SYSTEM,
                    issuers=[DEMO_ISSUER],
                    region_prefixes=["45"],
                    actor="demo",
                    demo=True,
                )
                token_file.unlink(missing_ok=True)
                write_secret_file(token_file, token + "\n")
    finally:
        await engine.dispose()
    return DemoState(key_pair=key_pair, token=token, directory=directory)


async def _key_registered(session: AsyncSession, kid: str) -> bool:
    return await session.get(IssuerKey, kid) is not None


def scenario_request(key_pair: IssuerKeyPair, scenario: str) -> dict[str, object]:
    """A ready request body for a scenario household, freshly signed."""
    found = household(scenario)
    if found is None:
        raise KeyError(scenario)
    payload = authorization_payload(
        issuer=key_pair.issuer,
        region_code=found.region,
        area=found.area,
        members=[
            {
                "id_number": m.id_number,
                "name": m.name,
                "relation": m.relation.value,
                "consented": True,
            }
            for m in found.members
        ],
        now=utcnow(),
    )
    return {"authorization": key_pair.sign(payload)}


def write_scenario_requests(state: DemoState) -> dict[str, Path]:
    requests_dir = state.directory / "requests"
    requests_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for found in HOUSEHOLDS:
        path = requests_dir / f"{found.name}.json"
        path.unlink(missing_ok=True)
        write_secret_file(path, json.dumps(scenario_request(state.key_pair, found.name), indent=2))
        written[found.name] = path
    return written
