"""No listed person's ID number lies in the database in clear after an upload, a comparison
and its reads — every column of every row (SQLite: also the database files' bytes;
PostgreSQL: each row cast to text), as ``test_no_plaintext_at_rest.py`` scans for the
scenario people — nor in the audit log; only the masked form and the blind index are
stored."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import make_url, select, text

from tests.verification.helpers import fresh_body, fresh_id_number, fresh_members
from tests.verification.route_access import new_client
from tests.verification.test_no_plaintext_at_rest import _read_in_a_child, _table_names
from verification.clients.models import Role
from verification.cross_lists.models import CrossListEntry
from verification.db import is_sqlite
from verification.kit.masking import mask_id_number


async def test_no_listed_id_number_in_clear_in_any_table(api) -> None:
    _, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="no plaintext lists")
    members = fresh_members()
    verified = await api.http.post(
        "/v1/verifications",
        json=fresh_body(api.issuer_key, members=members),
        headers=api.auth(token),
    )
    assert verified.status_code == 201, verified.text
    # listed only (never verified), and a verified person (their number is stored encrypted)
    listed_only = [fresh_id_number() for _ in range(3)]
    numbers = [*listed_only, members[0]["id_number"]]
    uploaded = await api.http.post(
        "/v1/cross-lists",
        json={"kind": "edge_household", "region_prefix": "450102", "id_numbers": numbers},
        headers=api.auth(token),
    )
    assert uploaded.status_code == 201, uploaded.text
    list_id = uploaded.json()["id"]
    compared = await api.http.post(
        f"/v1/cross-lists/{list_id}/comparisons", headers=api.auth(token)
    )
    assert compared.status_code == 201, compared.text
    for params in ({}, {"format": "csv"}):
        read = await api.http.get(
            f"/v1/cross-list-comparisons/{compared.json()['id']}",
            params=params,
            headers=api.auth(token),
        )
        assert read.status_code == 200
    await api.drain()

    needles = {n: n for n in numbers} | {n.lower(): n for n in numbers}
    masked = {mask_id_number(n) for n in numbers}
    url = api.settings.database_url
    sqlite = is_sqlite(url)
    problems: list[str] = []
    masked_seen: set[str] = set()
    async with api.runtime.engine.connect() as connection:
        tables = await _table_names(connection, sqlite)
        assert {"cross_lists", "cross_list_entries", "cross_list_comparisons"} <= set(tables)
        for table in tables:
            query = f'SELECT * FROM "{table}"' if sqlite else f'SELECT t::text FROM "{table}" AS t'
            for row in await connection.execute(text(query)):
                row_text = " ".join(str(v) for v in row if v is not None)
                problems += [f"{table}: {mask_id_number(n)}" for n in needles if n in row_text]
                masked_seen.update(m for m in masked if m in row_text)
    assert masked_seen == masked  # the scan reads the content: the masked forms are found
    if sqlite:
        path = Path(make_url(url).database or "")
        files = b"".join(_read_in_a_child(p) for p in (path, *path.parent.glob(path.name + "-*")))
        problems += [f"file: {mask_id_number(n)}" for n in needles if n.encode() in files]
    assert problems == []

    async with api.sessions() as session:
        stored = (
            await session.execute(
                select(CrossListEntry.person_index, CrossListEntry.person_masked)
                .where(CrossListEntry.list_id == uuid.UUID(list_id))
                .order_by(CrossListEntry.entry)
            )
        ).all()
    keyring = api.runtime.keyring
    assert stored == [(keyring.blind_index(n), mask_id_number(n)) for n in numbers]
