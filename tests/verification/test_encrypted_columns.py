"""The registry of encrypted columns: complete, stable, and binding each value to its row.

Every write, read and the key rotation form a column's associated data from its one
declaration in ``verification.data_keys.columns``; the rotation against a real database is
``test_data_keys.py``.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag

from verification.data_keys.columns import (
    APPEAL_EVIDENCE,
    APPEAL_REASONS,
    BATCH_ITEM_RESULT,
    CROSS_LIST_COMPARISON_RESULT,
    ENCRYPTED_COLUMNS,
    IDEMPOTENT_RESPONSE,
    INTEGRITY_CLOSING_NOTE,
    INTEGRITY_EXPLANATION,
    INTEGRITY_FINDING,
    MEMBER_ID_NUMBER,
    MEMBER_NAME,
    OBLIGOR_EVIDENCE,
    OBLIGOR_ID_NUMBER,
    OBLIGOR_NAME,
    REPORT_REVISION,
    SOURCE_EVIDENCE,
    SPOT_CHECK_NOTE,
    VERIFICATION_DECLARATION,
    VERIFICATION_REPORT,
    WEBHOOK_SECRET,
    EncryptedColumn,
)
from verification.db import import_models
from verification.kit.crypto import KeyRing

V = uuid.UUID("0b0e7a8e-54f4-4a36-9a0e-2f3cbb1d2f10")
B = uuid.UUID("6f1f0c55-1b59-4e2a-8d5e-8f0f2d3b9a01")
H = uuid.UUID("c7a0d2b3-0d0e-4c5b-b7a1-1a2b3c4d5e6f")

# The associated data of rows already stored: these bytes may never change (a value
# written under others could not be read any more).
PINNED = {
    VERIFICATION_DECLARATION: ({"id": V}, f"verifications:{V}:declaration"),
    VERIFICATION_REPORT: ({"id": V}, f"verifications:{V}:report"),
    REPORT_REVISION: (
        {"verification_id": V, "revision": 1},
        f"verifications:{V}:report:1",
    ),
    MEMBER_ID_NUMBER: ({"verification_id": V, "member_index": 2}, f"verifications:{V}:member2:id"),
    MEMBER_NAME: ({"verification_id": V, "member_index": 2}, f"verifications:{V}:member2"),
    SOURCE_EVIDENCE: (
        {"verification_id": V, "revision": 1, "member_index": 0, "scope": "bank"},
        f"verifications:{V}:evidence:1:0:bank",
    ),
    IDEMPOTENT_RESPONSE: ({"client_id": B, "key": "k-1"}, f"idempotency:{B}:k-1"),
    BATCH_ITEM_RESULT: ({"batch_id": B, "household_id": H}, f"batch_items:{B}:{H}:result"),
    WEBHOOK_SECRET: ({"endpoint_id": B, "id": H}, f"webhook_endpoints:{B}:secret:{H}"),
    OBLIGOR_ID_NUMBER: (
        {"verification_id": V, "obligor_index": 1},
        f"verifications:{V}:obligor1:id",
    ),
    OBLIGOR_NAME: ({"verification_id": V, "obligor_index": 1}, f"verifications:{V}:obligor1"),
    OBLIGOR_EVIDENCE: (
        {"verification_id": V, "revision": 1, "obligor_index": 0, "scope": "tax"},
        f"verifications:{V}:obligor_evidence:1:0:tax",
    ),
    APPEAL_EVIDENCE: ({"id": H}, f"appeals:{H}:evidence"),
    APPEAL_REASONS: ({"id": H}, f"appeals:{H}:reasons"),
    INTEGRITY_FINDING: ({"id": B}, f"integrity_entries:{B}:finding"),
    INTEGRITY_EXPLANATION: ({"id": B}, f"integrity_entries:{B}:explanation"),
    INTEGRITY_CLOSING_NOTE: ({"id": B}, f"integrity_entries:{B}:closing_note"),
    CROSS_LIST_COMPARISON_RESULT: ({"id": V}, f"cross_list_comparisons:{V}:result"),
    SPOT_CHECK_NOTE: (
        {"spot_check_id": B, "verification_id": V},
        f"spot_checks:{B}:{V}:visit_note",
    ),
}


def _example_row(column: EncryptedColumn) -> dict[str, Any]:
    fields, _ = PINNED[column]
    return dict(fields)


def _other_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=value.int ^ 1)
    if isinstance(value, int):
        return value + 1
    return f"{value}x"


def test_every_encrypted_column_of_the_models_is_declared_once() -> None:
    """A column holding ciphertext is named ``*_enc``; each is declared exactly once."""
    metadata = import_models()
    in_models = {
        f"{table.name}.{column.name}"
        for table in metadata.tables.values()
        for column in table.columns
        if column.name.endswith("_enc")
    }
    declared = [column.name for column in ENCRYPTED_COLUMNS]
    assert sorted(declared) == sorted(set(declared)), "a column is declared twice"
    assert set(declared) == in_models
    assert set(PINNED) == set(ENCRYPTED_COLUMNS)
    for column in ENCRYPTED_COLUMNS:
        assert column.column_name.endswith("_enc")
        assert set(column.row_fields) <= set(column.table.c.keys()), column.name
        assert column.key_names, column.name  # the rotation pages by it


def test_the_associated_data_of_stored_rows_does_not_change() -> None:
    for column, (fields, expected) in PINNED.items():
        assert column.associated_data(**fields) == expected.encode(), column.name
        assert column.aad(fields) == expected.encode()  # from a stored row, as rotation reads it


@pytest.mark.parametrize("column", ENCRYPTED_COLUMNS, ids=lambda column: column.name)
def test_a_value_written_through_the_registry_reads_back_from_its_row(
    column: EncryptedColumn,
) -> None:
    keyring = KeyRing.generate()
    row = _example_row(column)
    row[column.column_name] = column.encrypt(
        keyring, "张三 450102".encode(), **_example_row(column)
    )
    assert column.decrypt(keyring, row) == "张三 450102".encode()

    value = {"amount": "1234.50", "names": ["李四"]}
    row[column.column_name] = column.encrypt_json(keyring, value, **_example_row(column))
    assert column.decrypt_json(keyring, row) == value

    rotated = keyring.with_new_data_key()
    row[column.column_name] = column.reencrypt(rotated, row)
    assert rotated.is_current(row[column.column_name])
    assert column.decrypt_json(rotated, row) == value


@pytest.mark.parametrize("column", ENCRYPTED_COLUMNS, ids=lambda column: column.name)
def test_a_value_in_another_row_does_not_decrypt(column: EncryptedColumn) -> None:
    """Change any one field the associated data is formed from — the value copied to
    another row, revision, member, scope… — and decryption fails."""
    keyring = KeyRing.generate()
    row = _example_row(column)
    sealed = column.encrypt(keyring, b"secret", **row)
    for name in column.row_fields:
        moved = {**row, name: _other_value(row[name]), column.column_name: sealed}
        with pytest.raises(InvalidTag):
            column.decrypt(keyring, moved)
        with pytest.raises(InvalidTag):
            column.reencrypt(keyring.with_new_data_key(), moved)


def test_columns_do_not_share_associated_data() -> None:
    """A value moved to another encrypted column of the same row does not decrypt either."""
    keyring = KeyRing.generate()
    row = {"verification_id": V, "member_index": 0, "name_enc": None, "id_number_enc": None}
    row["id_number_enc"] = MEMBER_ID_NUMBER.encrypt(
        keyring, b"450102199001010011", verification_id=V, member_index=0
    )
    row["name_enc"] = row["id_number_enc"]
    with pytest.raises(InvalidTag):
        MEMBER_NAME.decrypt(keyring, row)
    places = {column.associated_data(**fields) for column, (fields, _) in PINNED.items()}
    assert len(places) == len(PINNED)


def test_the_row_fields_must_be_given_exactly() -> None:
    keyring = KeyRing.generate()
    with pytest.raises(TypeError, match="member_index"):
        MEMBER_NAME.encrypt(keyring, b"x", verification_id=V)
    with pytest.raises(TypeError):
        VERIFICATION_REPORT.encrypt(keyring, b"x", id=V, revision=1)
    with pytest.raises(ValueError, match="empty"):
        VERIFICATION_REPORT.decrypt(keyring, {"id": V, "report_enc": None})


def test_a_template_names_plain_columns() -> None:
    with pytest.raises(ValueError, match="must name a column"):
        EncryptedColumn("t", "x_enc", "t:{id!r}")
    with pytest.raises(ValueError, match="must name a column"):
        EncryptedColumn("t", "x_enc", "t:{row.id}")
    assert EncryptedColumn("t", "x_enc", "t:{a}:{b}:{a}").row_fields == ("a", "b")
