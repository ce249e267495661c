"""Demo material exists only in demo mode, is marked, and is refused outside it (#15, item 13).

`verification serve` with production settings used to write a demo issuer key
and a case_system token into the production database before refusing to
start.  Now it checks everything before writing anything, and makes nothing of
the demo; demo-marked keys and tokens are refused by an app in production mode.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import insert, inspect, select

from connectors.sdk.discovery import installed_sources
from tests.conftest import fresh_database
from tests.verification.helpers import scenario_body
from verification.app import create_app
from verification.audit import merkle
from verification.audit.log import HEAD_ID, chain_hash, pack_range, unpack_range
from verification.authorization.models import IssuerKey
from verification.cli import alembic_config, migrate_database
from verification.clients.models import ApiClient, Role
from verification.clients.service import create_client, hash_token
from verification.db import UTCDateTime, create_engine, create_session_factory, utcnow
from verification.demo import DemoRefused, ensure_demo
from verification.kit.canonical_json import canonical_bytes
from verification.kit.crypto import KeyRing, load_or_create_signing_key, write_secret_file
from verification.settings import Settings

SCOPES = installed_sources().scopes  # the installed sources

VERIFICATION = Path(sys.executable).parent / "verification"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _production_env(database_url: str, data_dir: Path, port: int) -> dict[str, str]:
    """deploy/verification.env.example, pointed at a test database and directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    return env | {
        "VERIFICATION_DATABASE_URL": database_url,
        "VERIFICATION_DATA_DIR": str(data_dir),
        "VERIFICATION_KEY_FILE": str(data_dir / "keys.json"),
        "VERIFICATION_MODE": "production",
        "VERIFICATION_GENERATE_MISSING_KEYS": "false",
        "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
        "VERIFICATION_PORT": str(port),
        "VERIFICATION_BATCH_ENGINE": "inprocess",
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        **{
            f"VERIFICATION_SOURCES__{scope.upper()}__BASE_URL": f"http://127.0.0.1:9/{scope}"
            for scope in SCOPES
        },
    }


def _tables(url: str) -> set[str]:
    async def names() -> set[str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
        finally:
            await engine.dispose()

    return asyncio.run(names())


def _demo_rows(url: str) -> tuple[list[str], list[str]]:
    async def rows() -> tuple[list[str], list[str]]:
        engine = create_engine(url)
        try:
            async with create_session_factory(engine)() as session:
                clients = (await session.execute(select(ApiClient.name))).scalars().all()
                keys = (await session.execute(select(IssuerKey.kid))).scalars().all()
                return list(clients), list(keys)
        finally:
            await engine.dispose()

    return asyncio.run(rows())


def test_production_serve_on_a_fresh_database_refuses_before_writing_anything(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "var"
    with fresh_database(tmp_path) as url:
        result = subprocess.run(
            [str(VERIFICATION), "serve"],
            cwd=tmp_path,
            env=_production_env(url, data_dir, _free_port()),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "refusing to start in production mode; nothing was written" in output
        assert "key file" in output and "verification migrate" in output
        assert "Traceback" not in output
        if url.startswith("sqlite"):
            assert not (tmp_path / "verification.db").exists()
        else:
            assert _tables(url) == set()
    assert not (data_dir / "demo").exists() and not (data_dir / "keys.json").exists()


@pytest.fixture
def production(tmp_path: Path):
    """A migrated database and the key files an operator provides, and the env to serve."""
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    write_secret_file(data_dir / "keys.json", KeyRing.generate().to_json())
    load_or_create_signing_key(data_dir / "audit-log-key.pem")
    with fresh_database(tmp_path) as url:
        migrate_database(Settings(database_url=url, data_dir=data_dir))
        yield url, _production_env(url, data_dir, _free_port())


def test_production_serve_starts_without_making_demo_material(production, tmp_path) -> None:
    url, env = production
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(VERIFICATION), "serve"], cwd=tmp_path, env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{env['VERIFICATION_PORT']}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert _demo_rows(url) == ([], [])
    assert not (tmp_path / "var" / "demo").exists()


def test_production_serve_refuses_the_embedded_mock_agencies(production, tmp_path) -> None:
    url, env = production
    env = env | {"VERIFICATION_EMBEDDED_MOCK_SOURCES": "true"}
    env.pop("VERIFICATION_SOURCES__BANK__BASE_URL")
    result = subprocess.run(
        [str(VERIFICATION), "serve"], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "EMBEDDED_MOCK_SOURCES=false" in result.stderr
    assert "VERIFICATION_SOURCES__BANK__BASE_URL" in result.stderr
    assert _demo_rows(url) == ([], [])


def test_demo_init_refuses_outside_demo_mode(tmp_path: Path) -> None:
    env = _production_env(f"sqlite+aiosqlite:///{tmp_path / 'v.db'}", tmp_path / "var", 1)
    result = subprocess.run(
        [str(VERIFICATION), "demo", "init"], cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "only in demo mode" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "v.db").exists() and not (tmp_path / "var").exists()


async def test_ensure_demo_refuses_outside_demo_mode(settings: Settings) -> None:
    with pytest.raises(DemoRefused):
        await ensure_demo(settings.model_copy(update={"mode": "production"}))


def test_the_mode_is_one_explicit_switch() -> None:
    assert Settings().demo_mode() and Settings().may_generate_keys()
    # turning key generation off does not make a production service (it used to, under "auto")
    assert Settings(generate_missing_keys=False).demo_mode()
    assert not Settings(generate_missing_keys=False).may_generate_keys()
    production = Settings(mode="production")
    assert not production.demo_mode()
    assert not production.may_generate_keys()  # whatever GENERATE_MISSING_KEYS says
    with pytest.raises(ValueError, match="mode"):
        Settings(mode="auto")


async def test_demo_material_is_marked(api) -> None:
    async with api.sessions() as session:
        demo_client = (
            await session.execute(
                select(ApiClient).where(ApiClient.token_hash == hash_token(api.token))
            )
        ).scalar_one()
        other = (
            await session.execute(
                select(ApiClient).where(ApiClient.token_hash == hash_token(api.other_token))
            )
        ).scalar_one()
        demo_key = await session.get(IssuerKey, api.issuer_key.kid)
    assert demo_client.demo and not other.demo
    assert demo_key is not None and demo_key.demo


async def test_an_app_in_production_mode_refuses_demo_tokens_and_keys(api) -> None:
    app = create_app(api.settings.model_copy(update={"mode": "production"}))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as http,
    ):
        demo_token = await http.get("/v1/policies", headers=api.auth())
        assert demo_token.status_code == 401
        assert demo_token.json()["code"] == "invalid-token"
        # a client of its own (not demo) sending an authorization signed by the demo key
        signed = await http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "eligible"),
            headers=api.auth(api.other_token),
        )
        assert signed.status_code == 422, signed.text
        assert signed.json()["code"] == "demo-key"
    # the same, in demo mode, is accepted
    accepted = await api.http.get("/v1/policies", headers=api.auth())
    assert accepted.status_code == 200


# the tables as revision 0006 left them (no demo column)
_OLD_CLIENTS = sa.table(
    "api_clients",
    *(sa.column(n) for n in ("name", "role", "token_hash")),
    sa.column("id", sa.Uuid),
    sa.column("issuers", sa.JSON),
    sa.column("region_prefixes", sa.JSON),
    sa.column("created_at", UTCDateTime),
)
_OLD_ISSUERS = sa.table(
    "issuers", sa.column("code"), sa.column("name"), sa.column("created_at", UTCDateTime)
)
_OLD_KEYS = sa.table(
    "issuer_keys",
    *(sa.column(n) for n in ("kid", "issuer_code", "public_jwk")),
    sa.column("created_at", UTCDateTime),
)


_OLD_EVENTS = sa.table(
    "audit_events",
    *(sa.column(n) for n in ("seq", "action", "client_id", "body", "leaf_hash", "chain_hash")),
    sa.column("recorded_at", UTCDateTime),
)
_HEAD = sa.table(
    "audit_head", sa.column("id"), sa.column("size"), sa.column("chain_hash"),
    sa.column("compact_range", sa.LargeBinary),
)  # fmt: skip


async def _append_as_of_0006(session: Any, events: list[dict[str, Any]]) -> None:
    """Append ``events`` as revision 0006's code did (straight into the log: there was no
    ``audit_pending`` yet)."""
    head = (
        await session.execute(
            select(_HEAD.c.size, _HEAD.c.chain_hash, _HEAD.c.compact_range)
            .where(_HEAD.c.id == HEAD_ID)
            .with_for_update()
        )
    ).one()
    size, chain = int(head[0]), bytes.fromhex(head[1])
    stored = unpack_range(size, bytes(head[2]))
    now = utcnow()
    rows, leaves = [], []
    for event in events:
        seq = size + len(rows) + 1
        body = canonical_bytes({**event, "seq": seq, "at": now.isoformat(timespec="microseconds")})
        leaf = merkle.leaf_hash(body)
        chain = chain_hash(chain, leaf)
        leaves.append(leaf)
        rows.append(
            {
                "seq": seq, "recorded_at": now, "action": event["action"],
                "client_id": event.get("client_id"), "body": body.decode(),
                "leaf_hash": leaf.hex(), "chain_hash": chain.hex(),
            }
        )  # fmt: skip
    created = merkle.completed_nodes(size, leaves, stored)
    await session.execute(insert(_OLD_EVENTS), rows)
    nodes = sa.table("audit_nodes", sa.column("level"), sa.column("idx"), sa.column("hash"))
    await session.execute(
        insert(nodes), [{"level": n.level, "idx": n.index, "hash": n.hash} for n in created]
    )
    new_size = size + len(rows)
    await session.execute(
        sa.update(_HEAD)
        .where(_HEAD.c.id == HEAD_ID)
        .values(
            size=new_size,
            chain_hash=chain.hex(),
            compact_range=pack_range(
                new_size, {**stored, **{(n.level, n.index): n.hash for n in created}}
            ),
        )
    )


def test_the_migration_marks_demo_material_made_before_it(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path / "var")
        settings.data_dir.mkdir()
        command.upgrade(alembic_config(settings), "0006")
        demo_id, other_id = uuid.uuid4(), uuid.uuid4()

        async def seed() -> None:
            engine = create_engine(url)
            try:
                async with create_session_factory(engine)() as session, session.begin():
                    for client_id, name, actor in (
                        (demo_id, "demo case system", "demo"),
                        (other_id, "ops", "cli"),
                    ):
                        await session.execute(
                            insert(_OLD_CLIENTS).values(
                                id=client_id, name=name, role=Role.CASE_SYSTEM.value,
                                token_hash=uuid.uuid4().hex, issuers=[], region_prefixes=[],
                                created_at=utcnow(),
                            )
                        )  # fmt: skip
                        await _append_as_of_0006(
                            session,
                            [{"action": "client_created", "client_id": str(client_id),
                              "actor": actor}],
                        )  # fmt: skip
                    await session.execute(
                        insert(_OLD_ISSUERS).values(code="450102001", name="x", created_at=utcnow())
                    )
                    for kid, actor in (("demo-kid", "demo"), ("real-kid", "cli")):
                        await session.execute(
                            insert(_OLD_KEYS).values(
                                kid=kid, issuer_code="450102001",
                                public_jwk=f'{{"x": "{kid}"}}',  # a key of its own each
                                created_at=utcnow(),
                            )
                        )  # fmt: skip
                        await _append_as_of_0006(
                            session,
                            [{"action": "issuer_key_registered", "kid": kid, "actor": actor}],
                        )
            finally:
                await engine.dispose()

        asyncio.run(seed())
        migrate_database(settings)

        async def marks() -> tuple[dict[str, bool], dict[str, bool]]:
            engine = create_engine(url)
            try:
                async with create_session_factory(engine)() as session:
                    clients = await session.execute(select(ApiClient.name, ApiClient.demo))
                    keys = await session.execute(select(IssuerKey.kid, IssuerKey.demo))
                    return {n: bool(d) for n, d in clients.all()}, {
                        k: bool(d) for k, d in keys.all()
                    }
            finally:
                await engine.dispose()

        clients, keys = asyncio.run(marks())
    assert clients == {"demo case system": True, "ops": False}
    assert keys == {"demo-kid": True, "real-kid": False}


async def test_clients_made_by_the_cli_or_api_are_not_demo(api) -> None:
    async with api.sessions() as session, session.begin():
        client, _ = await create_client(
            session, name="real", role=Role.AUDITOR, issuers=[], region_prefixes=[], actor="cli"
        )
    assert client.demo is False
