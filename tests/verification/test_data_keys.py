"""Data-key rotation: rotate, keep reading, write under the new key, re-encrypt, retire.

Runs on its own database (SQLite, or a fresh PostgreSQL database when
VERIFICATION_TEST_DATABASE_URL is set) and its own key file, so rotating
leaves the session's shared app alone.
"""

from __future__ import annotations

import asyncio
import json
import stat
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import select
from typer.testing import CliRunner

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import SourceResult, SourceStatus
from mock_sources.scenarios import household
from tests.conftest import LeakWatch, fresh_database
from tests.verification.helpers import fresh_id_number, scenario_body, supported_body
from verification.app import create_app
from verification.authorization.signing import IssuerKeyPair
from verification.batches.models import Batch, BatchItem
from verification.cli import app as cli_app
from verification.cli import migrate_database
from verification.data_keys.columns import (
    BATCH_ITEM_RESULT,
    ENCRYPTED_COLUMNS,
    INTEGRITY_CLOSING_NOTE,
    INTEGRITY_EXPLANATION,
    INTEGRITY_FINDING,
    SPOT_CHECK_NOTE,
)
from verification.data_keys.rotation import (
    DataKeyInUseError,
    reencrypt,
    retire_data_key,
    rotate_data_key,
    rows_not_under_key,
    rows_under_key,
)
from verification.db import import_models
from verification.demo import ensure_demo
from verification.integrity_record.models import IntegrityEntry
from verification.kit.crypto import (
    KeyRing,
    KeyRingError,
    key_id_of,
    read_keyring,
    replace_secret_file,
)
from verification.runtime import Runtime
from verification.settings import Settings
from verification.spot_checks.models import SpotCheckUnit
from verification.verifications import repository as verification_repository
from verification.verifications.models import SourceQuery, Verification, VerificationMember

BATCH_RESULT = {"reasons": [{"code": "review.unchanged", "params": {}}], "changes": []}

SPOT_CHECK_VISIT_NOTE = "入户核实：家庭情况与申报一致"
DECLARATION = {
    "incomes": [{"member_index": 0, "category": "labour", "monthly_amount": "300.00"}],
    "financial_assets_total": "3000.00",
    "vehicles": 1,
    "residences": 1,
}


# ------------------------------------------------------------------------------ key ring


def test_a_new_data_key_becomes_active_and_the_old_ones_stay() -> None:
    ring = KeyRing.generate()
    token = ring.encrypt(b"old row", b"aad")
    rotated = ring.with_new_data_key()
    assert rotated.active_key_id not in ring.data_keys
    assert {**ring.data_keys, rotated.active_key_id: rotated.data_keys[rotated.active_key_id]} == (
        rotated.data_keys
    )
    assert rotated.blind_index_key == ring.blind_index_key  # lookups by ID number keep working
    assert rotated.decrypt(token, b"aad") == b"old row"
    assert key_id_of(rotated.encrypt(b"new row", b"aad")) == rotated.active_key_id


def test_reencrypt_moves_a_value_to_the_active_key_and_checks_its_place() -> None:
    ring = KeyRing.generate()
    token = ring.encrypt(b"value", b"row:1")
    rotated = ring.with_new_data_key()
    moved = rotated.reencrypt(token, b"row:1")
    assert rotated.is_current(moved) and not rotated.is_current(token)
    assert rotated.decrypt(moved, b"row:1") == b"value"
    assert rotated.reencrypt(moved, b"row:1") is moved  # already current: untouched
    with pytest.raises(InvalidTag):
        rotated.reencrypt(token, b"row:2")


def test_only_a_retired_key_can_be_removed() -> None:
    ring = KeyRing.generate()
    rotated = ring.with_new_data_key()
    with pytest.raises(KeyRingError, match="active"):
        rotated.without_data_key(rotated.active_key_id)
    with pytest.raises(KeyRingError, match="no data key"):
        rotated.without_data_key("k-missing")
    assert set(rotated.without_data_key(ring.active_key_id).data_keys) == {rotated.active_key_id}
    with pytest.raises(KeyRingError):
        KeyRing({"a.b": bytes(32)}, "a.b", bytes(32))
    with pytest.raises(KeyRingError):
        key_id_of("plaintext")


def test_key_file_updates_are_atomic_and_private(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    with pytest.raises(KeyRingError, match="does not exist"):
        rotate_data_key(path)
    replace_secret_file(path, KeyRing.generate().to_json())
    path.chmod(0o644)  # even a file loosened by hand comes back private
    before = read_keyring(path)
    rotated = rotate_data_key(path)
    assert read_keyring(path) == rotated and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert rotated.data_keys[before.active_key_id] == before.data_keys[before.active_key_id]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys.json", "keys.json.lock"]


def test_every_encrypted_column_is_known_to_the_rotation() -> None:
    metadata = import_models()
    encrypted = {
        f"{table.name}.{column.name}"
        for table in metadata.tables.values()
        for column in table.columns
        if column.name.endswith("_enc")
    }
    assert encrypted == {column.name for column in ENCRYPTED_COLUMNS}
    for column in ENCRYPTED_COLUMNS:
        assert column.key_names and set(column.key_names) <= set(column.table.c.keys())
        assert set(column.row_fields) <= set(column.table.c.keys())


# ------------------------------------------------------------------- a database to rotate


@dataclass
class Keyed:
    http: httpx.AsyncClient
    runtime: Runtime
    settings: Settings
    issuer_key: IssuerKeyPair
    token: str
    created: dict[str, str]  # verification id → scenario name

    @property
    def key_file(self) -> Path:
        return self.settings.resolved_key_file()

    def restart(self) -> None:
        """What restarting the service does for the key ring: read the key file again."""
        self.runtime.keyring = read_keyring(self.key_file)

    async def submit(
        self, name: str, idempotency_key: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        body = {**scenario_body(self.issuer_key, name), **extra}
        headers = {"Authorization": f"Bearer {self.token}"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        response = await self.http.post("/v1/verifications", json=body, headers=headers)
        assert response.status_code == 201, response.text
        report: dict[str, Any] = response.json()
        self.created[report["id"]] = name
        return report

    async def get(self, path: str) -> httpx.Response:
        return await self.http.get(path, headers={"Authorization": f"Bearer {self.token}"})

    async def post(self, path: str) -> httpx.Response:
        return await self.http.post(path, headers={"Authorization": f"Bearer {self.token}"})


@pytest.fixture(scope="module")
def keyed_settings(
    mock_sources_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    directory = tmp_path_factory.mktemp("data-keys")
    with fresh_database(directory) as url:
        settings = Settings(
            database_url=url,
            data_dir=directory / "var",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            log_format="json",
            verification_deadline_seconds=10,
            webhook_poll_seconds=0,  # nothing is delivered to the endpoint it registers
        )
        migrate_database(settings)
        yield settings


@pytest.fixture(scope="module")
async def keyed(keyed_settings: Settings, leak_watch: LeakWatch) -> AsyncIterator[Keyed]:
    demo = await ensure_demo(keyed_settings)
    app = create_app(keyed_settings)
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        event_hooks={"response": [leak_watch.on_response]},
    )
    async with app.router.lifespan_context(app), client as http:
        yield Keyed(
            http=http,
            runtime=app.state.runtime,
            settings=keyed_settings,
            issuer_key=demo.key_pair,
            token=demo.token,
            created={},
        )


class BankDown:
    scope: ClassVar[str] = "bank"

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        return SourceResult("bank", SourceStatus.UNAVAILABLE, reason="HTTP 503", attempts=1)

    async def aclose(self) -> None:
        return None


async def _key_ids(keyed: Keyed, verification_id: str) -> set[str]:
    """The key ids of every encrypted value stored for one verification."""
    vid = uuid.UUID(verification_id)
    async with keyed.runtime.session_factory() as session:
        row = await session.get(Verification, vid)
        assert row is not None
        values = [row.declaration_enc, row.report_enc]
        for member in (
            await session.execute(
                select(VerificationMember).where(VerificationMember.verification_id == vid)
            )
        ).scalars():
            values += [member.id_number_enc, member.name_enc]
        values += (
            await session.execute(
                select(SourceQuery.evidence_enc).where(SourceQuery.verification_id == vid)
            )
        ).scalars()
    return {key_id_of(value) for value in values if value is not None}


async def _integrity_entry(keyed: Keyed, verification_id: str) -> None:
    """An integrity entry on ``verification_id`` with every encrypted column set, written as
    its use cases write them (through ``INTEGRITY_*``)."""
    keyring = keyed.runtime.keyring
    async with keyed.runtime.transaction() as session:
        verification = await session.get(Verification, uuid.UUID(verification_id))
        assert verification is not None
        entry = IntegrityEntry(
            id=uuid.uuid4(),
            client_id=verification.client_id,
            verification_id=verification.id,
            revision=0,
            finding_index=0,
            finding_code="finding.financial_assets",
            finding_subject="financial_assets",
            region_code=verification.region_code,
            member_count=1,
            status="dismissed",
            closing_reason="other",
        )
        entry.finding_enc = INTEGRITY_FINDING.encrypt_json(
            keyring, {"finding": {}, "period_months": 36}, id=entry.id
        )
        entry.explanation_enc = INTEGRITY_EXPLANATION.encrypt_json(
            keyring, {"reason": "借款", "evidence": []}, id=entry.id
        )
        entry.closing_note_enc = INTEGRITY_CLOSING_NOTE.encrypt(keyring, b"note", id=entry.id)
        session.add(entry)


async def _batch_item_result(keyed: Keyed, verification_id: str) -> None:
    """Enrol the household of ``verification_id`` and store a batch item's result for it,
    written as the batch review writes it (through ``BATCH_ITEM_RESULT``)."""
    response = await keyed.http.post(
        "/v1/households",
        json={"verification_id": verification_id, "category": "stable"},
        headers={"Authorization": f"Bearer {keyed.token}"},
    )
    assert response.status_code == 201, response.text
    household_id = uuid.UUID(response.json()["id"])
    async with keyed.runtime.transaction() as session:
        client_id = (
            await session.execute(
                select(Verification.client_id).where(Verification.id == uuid.UUID(verification_id))
            )
        ).scalar_one()
        batch = Batch(client_id=client_id, selection="households", total=1, created_by="test")
        session.add(batch)
        await session.flush()
        session.add(
            BatchItem(
                batch_id=batch.id,
                household_id=household_id,
                state="done",
                recommendation="continue",
                result_enc=BATCH_ITEM_RESULT.encrypt_json(
                    keyed.runtime.keyring,
                    BATCH_RESULT,
                    batch_id=batch.id,
                    household_id=household_id,
                ),
            )
        )


async def _spot_check_note(keyed: Keyed, day: str) -> None:
    """A spot check of the day's verifications and a visit's note for a drawn household."""
    auth = {"Authorization": f"Bearer {keyed.token}"}
    created = await keyed.http.post(
        "/v1/spot-checks",
        json={"region_prefix": "4501", "period_from": day, "period_to": day},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    await keyed.runtime.drain(checkpoint=True)
    view = (await keyed.get(f"/v1/spot-checks/{created.json()['id']}")).json()
    visit = await keyed.http.post(
        f"/v1/spot-checks/{view['id']}/visits",
        json={
            "verification_id": view["drawn"][0]["verification_id"],
            "visited_on": day,
            "outcome": "consistent",
            "note": SPOT_CHECK_VISIT_NOTE,
        },
        headers=auth,
    )
    assert visit.status_code == 200, visit.text


async def _readable_through_the_service(keyed: Keyed) -> None:
    """Every verification decrypts through the service's own read paths (report, members,
    declaration, evidence) — the associated data the re-encryption used is the service's —
    and so does every batch item's result."""
    async with keyed.runtime.read_session_factory() as session:
        for item in (await session.execute(select(BatchItem))).scalars():
            assert BATCH_ITEM_RESULT.decrypt_json(keyed.runtime.keyring, item) == BATCH_RESULT
        notes = (
            (
                await session.execute(
                    select(SpotCheckUnit).where(SpotCheckUnit.visit_note_enc.is_not(None))
                )
            )
            .scalars()
            .all()
        )
        assert notes and all(
            SPOT_CHECK_NOTE.decrypt(keyed.runtime.keyring, unit).decode() == SPOT_CHECK_VISIT_NOTE
            for unit in notes
        )
    for verification_id, name in keyed.created.items():
        response = await keyed.get(f"/v1/verifications/{verification_id}")
        assert response.status_code == 200, response.text
        assert response.json()["id"] == verification_id
        for revision in range(response.json()["revision"]):  # the ones it replaced, kept
            kept = await keyed.get(f"/v1/verifications/{verification_id}?revision={revision}")
            assert kept.status_code == 200, kept.text
            assert kept.json()["revision"] == revision
        # its appeals too: their evidence and their decisions' notes
        appeals = await keyed.get(f"/v1/verifications/{verification_id}/appeals")
        assert appeals.status_code == 200, appeals.text
        async with keyed.runtime.read_session_factory() as session:
            row = await session.get(Verification, uuid.UUID(verification_id))
            assert row is not None
            loaded = await verification_repository.load_household(
                session, keyed.runtime.keyring, row
            )
            results = await verification_repository.latest_results(
                session, keyed.runtime.keyring, row.id
            )
        scenario = household(name)
        assert scenario is not None
        assert [(m.id_number, m.name) for m in loaded.members] == [
            (m.id_number, m.name) for m in scenario.members
        ]
        assert len(results) == len(installed_sources().scopes) * len(scenario.members)
        if row.declaration_enc is not None:
            assert loaded.declared is not None


async def test_rotate_reencrypt_retire(keyed: Keyed) -> None:
    transaction = keyed.runtime.transaction
    old = read_keyring(keyed.key_file)

    # under the first key: one with a declaration, one with the bank down (to retry later)
    first = await keyed.submit("eligible", idempotency_key="first", declaration=DECLARATION)
    real = dict(keyed.runtime.connectors)
    keyed.runtime.connectors["bank"] = BankDown()
    try:
        failing = await keyed.submit("large_deposits", idempotency_key="failing")
    finally:
        keyed.runtime.connectors.update(real)
    assert failing["outcome"] == "review_required"
    assert await _key_ids(keyed, first["id"]) == {old.active_key_id}
    await _batch_item_result(keyed, first["id"])  # so that every registered column has rows
    await _integrity_entry(keyed, first["id"])
    # a household verified with a support obligor (verification_obligors, their answers)
    supported = await keyed.http.post(
        "/v1/verifications",
        json=supported_body(keyed, "elderly_supported"),
        headers={"Authorization": f"Bearer {keyed.token}"},
    )
    assert supported.status_code == 201, supported.text
    # a webhook endpoint's signing secret; sent with a key, to be repeated after the rotation
    endpoint = {"url": "http://127.0.0.1:9/hook", "event_types": ["verification.revised"]}
    register = {"Authorization": f"Bearer {keyed.token}", "Idempotency-Key": "endpoint"}
    registered = await keyed.http.post("/v1/webhooks/endpoints", json=endpoint, headers=register)
    assert registered.status_code == 201, registered.text
    auth = {"Authorization": f"Bearer {keyed.token}"}
    appealed = await keyed.http.post(  # an appeal's evidence, and its decision's note
        f"/v1/verifications/{first['id']}/appeals",
        json={
            "disputed": {"scopes": ["bank"]},
            "evidence": [{"kind": "other", "description": "家庭情况说明"}],
        },
        headers=auth,
    )
    assert appealed.status_code == 201, appealed.text
    decided = await keyed.http.post(
        f"/v1/appeals/{appealed.json()['id']}/decision",
        json={"decision": "rejected", "reason_codes": ["findings_confirmed"], "note": "复查无误"},
        headers=auth,
    )
    assert decided.status_code == 200, decided.text
    listed = await keyed.http.post(  # a cross list, compared: its encrypted entries
        "/v1/cross-lists",
        json={"kind": "other", "region_prefix": "45", "id_numbers": [fresh_id_number()]},
        headers={"Authorization": f"Bearer {keyed.token}"},
    )
    assert listed.status_code == 201, listed.text
    compared = await keyed.http.post(
        f"/v1/cross-lists/{listed.json()['id']}/comparisons",
        headers={"Authorization": f"Bearer {keyed.token}"},
    )
    assert compared.status_code == 201, compared.text
    await _spot_check_note(keyed, first["as_of"])  # a home visit's note
    # a report revision replaced under the first key (report_revisions): bank down, retried
    keyed.runtime.connectors["bank"] = BankDown()
    try:
        replaced = await keyed.submit("eligible")
    finally:
        keyed.runtime.connectors.update(real)
    assert (await keyed.post(f"/v1/verifications/{replaced['id']}/retry")).status_code == 200

    rotated = rotate_data_key(keyed.key_file)
    new_kid = rotated.active_key_id
    assert set(rotated.data_keys) == {old.active_key_id, new_kid}
    assert stat.S_IMODE(keyed.key_file.stat().st_mode) == 0o600
    keyed.restart()

    # old rows stay readable; new writes (a new verification, a retry's revision) use the new key
    again = (await keyed.get(f"/v1/verifications/{first['id']}")).json()
    assert {**again, "audit": first["audit"]} == first  # its audit entry may be integrated
    assert again["audit"]["entry"] == first["audit"]["entry"]
    second = await keyed.submit("two_houses")
    assert await _key_ids(keyed, second["id"]) == {new_kid}
    retried = await keyed.post(f"/v1/verifications/{failing['id']}/retry")
    assert retried.status_code == 200, retried.text
    assert retried.json()["revision"] == 1 and retried.json()["outcome"] == "ineligible"
    assert await _key_ids(keyed, failing["id"]) == {old.active_key_id, new_kid}  # mixed
    await _readable_through_the_service(keyed)

    # the old key cannot be retired while rows use it; the active one never
    with pytest.raises(DataKeyInUseError) as refused:
        await retire_data_key(keyed.key_file, old.active_key_id, transaction)
    assert set(refused.value.usage) == {column.name for column in ENCRYPTED_COLUMNS}
    assert all(refused.value.usage.values()), refused.value.usage  # every column is rotated
    assert refused.value.usage["verification_members.id_number_enc"] == 9  # 3 + 2 + 1 + 3
    assert refused.value.usage["idempotency_keys.response_enc"] == 3  # paged on a composite key
    assert old.active_key_id in read_keyring(keyed.key_file).data_keys
    with pytest.raises(KeyRingError, match="active"):
        await retire_data_key(keyed.key_file, new_kid, transaction)

    # re-encryption, interrupted after its first batch: that batch stays done
    pending = sum((await rows_not_under_key(transaction, new_kid)).values())
    assert pending == sum(refused.value.usage.values()) > 4

    class StopRequestedError(Exception):
        pass

    first_batch: list[int] = []

    def interrupt(column: object, rows: int) -> None:
        first_batch.append(rows)
        raise StopRequestedError

    with pytest.raises(StopRequestedError):
        await reencrypt(transaction, keyed.runtime.keyring, batch_size=2, on_batch=interrupt)
    [done_before] = first_batch
    assert sum((await rows_not_under_key(transaction, new_kid)).values()) == pending - done_before
    await _readable_through_the_service(keyed)  # half-way: every row still reads

    # resumed: the rest, in batches of at most 2; then nothing left to do
    batches: list[tuple[str, int]] = []
    result = await reencrypt(
        transaction,
        keyed.runtime.keyring,
        batch_size=2,
        on_batch=lambda column, rows: batches.append((column.name, rows)),
    )
    assert result.total == pending - done_before and result.total_remaining == 0
    assert sum(rows for _, rows in batches) == pending - done_before
    assert len(batches) > len(ENCRYPTED_COLUMNS)  # several batches for the larger columns
    assert all(1 <= rows <= 2 for _, rows in batches)
    assert (await reencrypt(transaction, keyed.runtime.keyring)).total == 0
    for verification_id in keyed.created:
        assert await _key_ids(keyed, verification_id) == {new_kid}
    await _readable_through_the_service(keyed)

    # now the old key can go, and everything still reads without it
    usage = await rows_under_key(transaction, old.active_key_id)
    assert set(usage) == {column.name for column in ENCRYPTED_COLUMNS}
    assert not any(usage.values())
    retired = await retire_data_key(keyed.key_file, old.active_key_id, transaction)
    assert set(retired.data_keys) == {new_kid}
    assert read_keyring(keyed.key_file) == retired
    keyed.restart()
    await _readable_through_the_service(keyed)
    # a request repeated with its Idempotency-Key is still recognised and answered: its
    # fingerprint's key is not a data key (it derives from the blind-index key, kept), and
    # its stored response was re-encrypted with the rest
    repeated = await keyed.http.post("/v1/webhooks/endpoints", json=endpoint, headers=register)
    assert repeated.status_code == 201 and repeated.headers["idempotency-replayed"] == "true"
    assert repeated.content == registered.content
    other = {**endpoint, "url": "http://127.0.0.1:9/other"}
    reused = await keyed.http.post("/v1/webhooks/endpoints", json=other, headers=register)
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency-key-reused"
    # the next test's CLI writes to this database while this module's app is paused between
    # tests: leave its audit integrator idle (nothing pending), not inside a write
    # transaction it would hold until the app runs again
    await keyed.runtime.drain()
    await asyncio.sleep(0.3)


def test_the_cli_rotates_reencrypts_and_retires(
    keyed: Keyed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERIFICATION_DATABASE_URL", keyed.settings.database_url)
    monkeypatch.setenv("VERIFICATION_DATA_DIR", str(keyed.settings.data_dir))
    runner = CliRunner()
    before = read_keyring(keyed.key_file)
    assert keyed.created, "runs after test_rotate_reencrypt_retire, on its rows"

    rotated = runner.invoke(cli_app, ["keys", "rotate-data-key"])
    assert rotated.exit_code == 0, rotated.output
    after = read_keyring(keyed.key_file)
    assert after.active_key_id in rotated.output and before.active_key_id in after.data_keys

    listed = runner.invoke(cli_app, ["keys", "data-keys"])
    assert listed.exit_code == 0, listed.output
    assert f"{after.active_key_id} (active)\t0" in listed.output

    refused = runner.invoke(cli_app, ["keys", "retire-data-key", before.active_key_id])
    assert refused.exit_code == 1 and "still used by" in refused.output

    done = runner.invoke(cli_app, ["keys", "reencrypt", "--batch", "3"])
    assert done.exit_code == 0, done.output
    assert "re-encrypted" in done.output and "verification_members.name_enc" in done.output
    again = runner.invoke(cli_app, ["keys", "reencrypt"])
    assert again.exit_code == 0 and "nothing to do" in again.output

    retired = runner.invoke(cli_app, ["keys", "retire-data-key", before.active_key_id])
    assert retired.exit_code == 0, retired.output
    assert set(read_keyring(keyed.key_file).data_keys) == {after.active_key_id}
    unknown = runner.invoke(cli_app, ["keys", "retire-data-key", "k-nope"])
    assert unknown.exit_code != 0
    assert json.loads(keyed.key_file.read_text())["active_key_id"] == after.active_key_id


async def test_after_the_cli_everything_reads_under_the_new_key(keyed: Keyed) -> None:
    keyed.restart()
    for verification_id in keyed.created:
        assert await _key_ids(keyed, verification_id) == {keyed.runtime.keyring.active_key_id}
    await _readable_through_the_service(keyed)
