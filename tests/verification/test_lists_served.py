"""From the outside: `verification serve` as a real process (on SQLite, or on the PostgreSQL
server of the PG run), a case system paging through its verifications over plain HTTP by
following each page's `next` link, with verifications made between pages."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import fresh_database
from tests.verification.batches.test_embedded_restart import Serve, _free_port
from tests.verification.helpers import fresh_body
from verification.authorization.signing import IssuerKeyPair
from verification.cli import migrate_database
from verification.demo import ensure_demo
from verification.settings import Settings


@dataclass
class Served:
    base: str
    key: IssuerKeyPair
    token: str


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "var",
            mock_sources_port=_free_port(),
            review_schedule="",
            retention_schedule="",
        )
        migrate_database(settings)
        demo = asyncio.run(ensure_demo(settings))
        serve = Serve(tmp_path, settings)
        serve.start()
        try:
            asyncio.run(serve.ready())
            asyncio.run(_no_faults(serve.mock_port))  # ready() slows the agencies down
            yield Served(f"http://127.0.0.1:{serve.port}", demo.key_pair, demo.token)
        finally:
            serve.stop()


async def _no_faults(port: int) -> None:
    async with httpx.AsyncClient() as http:
        assert (await http.delete(f"http://127.0.0.1:{port}/_faults")).status_code == 204


async def test_paging_through_the_verifications_of_a_served_process(served: Served) -> None:
    auth = {"Authorization": f"Bearer {served.token}"}
    async with httpx.AsyncClient(base_url=served.base, headers=auth, timeout=30) as http:

        async def verify() -> str:
            response = await http.post("/v1/verifications", json=fresh_body(served.key))
            assert response.status_code == 201, response.text
            return str(response.json()["id"])

        made = [await verify() for _ in range(3)]
        page: dict[str, Any] = (
            await http.get("/v1/verifications", params={"limit": 2, "outcome": "eligible"})
        ).json()
        seen = [item["id"] for item in page["items"]]
        made.append(await verify())  # between pages
        while page["next"] is not None:
            response = await http.get(page["next"])
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == "application/json"
            page = response.json()
            assert len(page["items"]) <= 2
            seen += [item["id"] for item in page["items"]]
        assert seen == made
        # an altered cursor is a problem, not a page
        tampered = await http.get(
            "/v1/verifications", params={"limit": 2, "outcome": "eligible", "cursor": "AAAA"}
        )
        assert tampered.status_code == 422
        assert tampered.headers["content-type"] == "application/problem+json"
        assert tampered.json()["code"] == "invalid-cursor"
