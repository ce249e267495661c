"""No scenario person's data lies in the database in clear, after every scenario ran.

Every scenario household is verified through the API (one with a declaration),
then every table is read back — every column of every row (SQLite: also the
raw bytes of the database file and its WAL; PostgreSQL: each row cast to
text) — and searched for each person's ID number, name and the distinctive
figures and references the agencies hold on them: balances, investment and
asset values, masked account numbers, product codes, plates, property units,
registry references.  Only the masked ID number may appear, where a masked
form is stored.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from sqlalchemy import make_url, select, text

from mock_sources.records import PersonRecords
from mock_sources.scenarios import HOUSEHOLDS
from tests.verification.helpers import scenario_body
from verification.db import is_sqlite
from verification.kit.masking import mask_id_number
from verification.verifications.models import VerificationMember

DECLARATION = {
    "incomes": [{"member_index": 0, "category": "labour", "monthly_amount": "300.00"}],
    "financial_assets_total": "3000.00",
    "vehicles": 1,
    "residences": 1,
    "rigid_expenses_monthly": "250.00",
}


def _figure(value: Decimal) -> str:
    return f"{value:.2f}"


def _record_needles(records: PersonRecords) -> Iterator[tuple[str, str]]:
    """(what, value) for the distinctive facts the agencies hold on one person."""
    if records.hukou is not None:
        yield "registry reference", records.hukou.record_ref
    if records.bank is not None:
        for account in records.bank.accounts:
            yield "bank account", account.masked_number
            yield "balance", _figure(account.balance)
        for investment in records.bank.investments:
            yield "investment", investment.product_code
            yield "investment value", _figure(investment.market_value)
    for vehicle in records.vehicles:
        yield "plate", vehicle.plate
        yield "vehicle value", _figure(vehicle.value)
    for house in records.properties:
        yield "property unit", house.unit_number
        yield "property value", _figure(house.value)
    if records.provident_fund is not None:
        yield "fund account", records.provident_fund.account_number
        yield "fund balance", _figure(records.provident_fund.balance)


def _needles() -> dict[str, str]:
    """Every clear form to look for → what it is (and whose)."""
    found: dict[str, str] = {}
    for household in HOUSEHOLDS:
        for member in household.members:
            who = f"{household.name}/{member.relation.value}"
            pairs = [
                ("ID number", member.id_number),
                ("name", member.name),
                *_record_needles(member.records),
            ]
            for what, value in pairs:
                for form in {value, value.lower(), json.dumps(value)[1:-1]}:  # \\u escapes too
                    found.setdefault(form, f"{what} of {who}")
    return found


NEEDLES = _needles()
# positive control: the masked forms are stored, so a scan that reads the content finds them
MASKED = {mask_id_number(m.id_number) for h in HOUSEHOLDS for m in h.members}


def _search(haystack: str, where: str) -> list[str]:
    return [f"{NEEDLES[n]} ({n!r}) in {where}" for n in NEEDLES if n in haystack]


def _search_bytes(haystack: bytes, where: str) -> list[str]:
    return [f"{NEEDLES[n]} ({n!r}) in {where}" for n in NEEDLES if n.encode("utf-8") in haystack]


async def _verify_every_scenario(api) -> list[str]:
    ids = []
    for household in HOUSEHOLDS:
        body = scenario_body(api.issuer_key, household.name)
        if household.name == "eligible":
            body["declaration"] = DECLARATION
        response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


async def _table_names(connection, sqlite: bool) -> list[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        if sqlite
        else "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    )
    return sorted((await connection.execute(text(query))).scalars().all())


def _read_in_a_child(path: Path) -> bytes:
    """The bytes of one of the live database's files, read by another process.

    Not ``path.read_bytes()``: closing any descriptor of a file drops every POSIX lock this
    process holds on it, SQLite's included, so a process that opened the database next
    believed itself alone, reset the WAL index this process had mapped, and the suite died
    of SIGBUS (SQLite's "How To Corrupt" §2.2).  A child's descriptors are its own."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read())",
            str(path),
        ],
        check=True,
        capture_output=True,
    ).stdout


async def test_no_personal_data_in_clear_in_any_table(api) -> None:
    report_ids = await _verify_every_scenario(api)
    url = api.settings.database_url
    sqlite = is_sqlite(url)
    problems: list[str] = []
    rows_read = 0
    masked_seen: set[str] = set()
    async with api.runtime.engine.connect() as connection:
        tables = await _table_names(connection, sqlite)
        assert {"verifications", "verification_members", "source_queries"} <= set(tables)
        for table in tables:
            if sqlite:
                result = await connection.execute(text(f'SELECT * FROM "{table}"'))
                for row in result:
                    rows_read += 1
                    for column, value in zip(result.keys(), row, strict=True):
                        where = f"{table}.{column}"
                        if isinstance(value, bytes | memoryview):
                            problems += _search_bytes(bytes(value), where)
                        elif value is not None:
                            problems += _search(str(value), where)
                            masked_seen.update(m for m in MASKED if m in str(value))
            else:
                rows = await connection.execute(text(f'SELECT t::text FROM "{table}" AS t'))
                for (row_text,) in rows:
                    rows_read += 1
                    problems += _search(row_text, table)
                    masked_seen.update(m for m in MASKED if m in row_text)
    assert rows_read > 0 and masked_seen == MASKED
    if sqlite:
        database = Path(make_url(url).database or "")
        files = b"".join(
            _read_in_a_child(path)
            for path in (database, *database.parent.glob(database.name + "-*"))
        )
        problems += _search_bytes(files, "the database files (main, WAL)")
        assert all(m.encode() in files for m in MASKED)
    assert problems == [], "\n".join(sorted(set(problems)))

    # where a masked form is stored, it is the mask (and the blind index, never the number)
    async with api.sessions() as session:
        members = (
            (
                await session.execute(
                    select(VerificationMember).where(
                        VerificationMember.verification_id.in_(
                            [uuid.UUID(report_id) for report_id in report_ids]
                        )
                    )
                )
            )
            .scalars()
            .all()
        )
    by_verification = dict(zip(report_ids, HOUSEHOLDS, strict=True))
    assert len(members) == sum(len(h.members) for h in HOUSEHOLDS)
    for row in members:
        person = by_verification[str(row.verification_id)].members[row.member_index]
        assert row.id_number_masked == mask_id_number(person.id_number)
        assert re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", row.id_number_masked)
        assert row.person_index == api.runtime.keyring.blind_index(person.id_number)
        assert row.id_number_enc.startswith("v1.") and row.name_enc.startswith("v1.")
