"""A verification's two writes on PostgreSQL, each one statement: the seam of the
PostgreSQL-only SQL; every other database (SQLite) takes the portable path.

A verification writes twice: before any agency is asked (its authorization, the
verification and its members, and the ``authorization_accepted`` audit entry) and after
(the round's answers, the report, the webhook event and the round's audit entries).  The
portable path is a transaction of a few statements each: BEGIN, 4 statements, COMMIT — six
round trips.  On PostgreSQL each write here is one statement of data-modifying CTEs
(``WITH … INSERT … RETURNING``), run in autocommit (``Transactions.one_statement``): one
round trip, atomic as a statement is, the same rows.  Many rows of one table go in as
arrays (``unnest``), so the statement's text, and its prepared statement, is the same
whatever the household's size.

Each statement writes only under the condition the portable path checks first, and writes
nothing otherwise; the caller then takes the portable path, which decides as it always did:

- **start**: the authorization was recorded now, or was recorded before with the same
  content (else: recorded with other content — ``409`` — or by a concurrent first use not
  yet visible, which the portable path reads again);
- **round**: the verification's UPDATE to its report matched its row.

The audit entries are recorded in the same statement as the change they record (an access
is durably recorded before any agency is asked); their ids, assigned in the rows' order by
``INSERT … SELECT … ORDER BY`` (as SQLAlchemy's sorted insertmanyvalues relies on), are
returned sorted.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Select,
    Table,
    Text,
    bindparam,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import CTE

from verification.audit.log import current_stream, ensure_writable, mark_recorded, pending_entries
from verification.audit.models import Stream
from verification.authorization.models import AuthorizationRecord
from verification.authorization.records import AUTHORIZATION_COLUMNS
from verification.db import table
from verification.outbox.models import WebhookEvent
from verification.verifications.models import SourceQuery, Verification, VerificationMember

# ---- before the fan-out ----------------------------------------------------------------


async def record_start(
    session: AsyncSession,
    authorization: Mapping[str, Any],
    verification: Mapping[str, Any],
    members: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
) -> list[int] | None:
    """The authorization (unless recorded already with the same content), the verification,
    its members and the audit entries of ``events``, in one statement; the entries' ids, or
    None when nothing was written (the authorization is recorded with other content, or not
    visible yet: the portable path decides)."""
    ensure_writable(session)
    stream = current_stream()
    entries = pending_entries(events)
    parameters = {
        **_prefixed("a_", authorization),
        **_prefixed("v_", verification),
        **_columns("m_", _MEMBER_COLUMNS, members),
        **_columns("p_", _PENDING_COLUMNS, entries),
        "p_recorded_at": entries[0]["recorded_at"],
    }
    ids = sorted(int(row[0]) for row in await session.execute(_start(stream), parameters))
    if not ids:
        return None
    mark_recorded(session)
    return ids


_VERIFICATION_COLUMNS = (
    "id",
    "client_id",
    "authorization_id",
    "purpose",
    "region_code",
    "area",
    "status",
    "policy_id",
    "policy_version",
    "created_at",
    "as_of",
    "accepted_on",
    "decision_due_on",
    "decision_due_provisional",
    "revision",
    "sandbox",
    "declaration_enc",
)
_MEMBER_COLUMNS = (
    "member_index",
    "person_index",
    "id_number_masked",
    "id_number_enc",
    "name_enc",
    "relation",
)
_PENDING_COLUMNS = (
    "action",
    "client_id",
    "verification_id",
    "authorization_id",
    "person_index",
    "template",
)


@functools.cache
def _start(stream: Stream) -> Select[int]:
    authorizations = table(AuthorizationRecord)
    recorded = (
        pg_insert(authorizations)
        .values({name: _param("a_", authorizations.c[name]) for name in AUTHORIZATION_COLUMNS})
        .on_conflict_do_nothing(index_elements=[authorizations.c.authorization_id])
        .returning(authorizations.c.authorization_id)
        .cte("recorded")
    )
    # recorded now, or before with the same content and not withdrawn since; a withdrawn
    # one writes nothing: the portable path refuses it (``authorization-revoked``).  The
    # row is read share-locked (ADR 0031): a withdrawal holding it (``consent/revoke.py``)
    # is waited for and its ``revoked_at`` seen, one coming later waits for this use
    accepted = or_(
        exists(select(recorded.c.authorization_id)),
        exists(
            select(authorizations.c.authorization_id)
            .where(
                authorizations.c.authorization_id
                == _param("a_", authorizations.c.authorization_id),
                authorizations.c.content_hash == _param("a_", authorizations.c.content_hash),
                authorizations.c.revoked_at.is_(None),
            )
            .with_for_update(read=True)
        ),
    )
    verifications = table(Verification)
    started = (
        insert(verifications)
        .from_select(
            list(_VERIFICATION_COLUMNS),
            select(*(_param("v_", verifications.c[n]) for n in _VERIFICATION_COLUMNS)).where(
                accepted
            ),
        )
        .cte("started")
    )
    members = table(VerificationMember)
    rows = _unnest("m_", members, _MEMBER_COLUMNS)
    member_rows = (
        insert(members)
        .from_select(
            ["verification_id", *_MEMBER_COLUMNS],
            select(
                _param("v_", verifications.c.id),
                *(rows.c[n] for n in _MEMBER_COLUMNS),
            )
            .where(accepted)
            .order_by(rows.c.ord),
        )
        .cte("members")
    )
    entries = _entries(stream, accepted)
    return select(entries.c.id).add_cte(recorded, started, member_rows)


# ---- after the fan-out -----------------------------------------------------------------


async def write_round(
    session: AsyncSession,
    *,
    verification_id: uuid.UUID,
    values: Mapping[str, Any],
    source_rows: Sequence[Mapping[str, Any]],
    webhook_event: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
) -> list[int] | None:
    """A completed round in one statement: the verification's UPDATE to ``values`` (its
    report), its source answers, the webhook event and the audit entries of ``events``; the
    entries' ids, or None when the UPDATE matched no row (nothing written)."""
    ensure_writable(session)
    stream = current_stream()
    entries = pending_entries(events)
    revision = {row["revision"] for row in source_rows}
    queried_at = {row["queried_at"] for row in source_rows}
    if len(revision) > 1 or len(queried_at) > 1:
        raise ValueError("a round's source answers share their revision and time")
    answers = [{**row, "reason_params": _json_text(row["reason_params"])} for row in source_rows]
    parameters = {
        "r_verification_id": verification_id,
        **_prefixed("r_", values),
        **_columns("s_", _SOURCE_COLUMNS, answers),
        "s_revision": next(iter(revision), values["revision"]),
        "s_queried_at": next(iter(queried_at), values["completed_at"]),
        **_prefixed("w_", webhook_event),
        **_columns("p_", _PENDING_COLUMNS, entries),
        "p_recorded_at": entries[0]["recorded_at"],
    }
    ids = sorted(int(row[0]) for row in await session.execute(_round(stream), parameters))
    if not ids:
        return None
    mark_recorded(session)
    return ids


_ROUND_COLUMNS = ("status", "outcome", "completed_at", "revision", "report_enc")
_SOURCE_COLUMNS = (
    "member_index",
    "scope",
    "status",
    "reason",
    "reason_code",
    "reason_params",
    "attempts",
    "requests",
    "duration_ms",
    "evidence_enc",
)
_WEBHOOK_COLUMNS = ("id", "client_id", "type", "resource", "data", "dedupe_key", "created_at")


@functools.cache
def _round(stream: Stream) -> Select[int]:
    verifications = table(Verification)
    completed = (
        update(verifications)
        .where(verifications.c.id == _param("r_verification_id", verifications.c.id, plain=True))
        .values({name: _param("r_", verifications.c[name]) for name in _ROUND_COLUMNS})
        .returning(verifications.c.id)
        .cte("completed")
    )
    written = exists(select(completed.c.id))
    answers = table(SourceQuery)
    rows = _unnest("s_", answers, _SOURCE_COLUMNS)
    answer_rows = (
        insert(answers)
        .from_select(
            ["verification_id", "revision", "queried_at", *_SOURCE_COLUMNS],
            select(
                _param("r_verification_id", verifications.c.id, plain=True),
                _param("s_", answers.c.revision),
                _param("s_", answers.c.queried_at),
                *(
                    rows.c[n].cast(JSON) if n == "reason_params" else rows.c[n]
                    for n in _SOURCE_COLUMNS
                ),
            )
            .where(written)
            .order_by(rows.c.ord),
        )
        .cte("answers")
    )
    webhooks = table(WebhookEvent)
    announced = (
        insert(webhooks)
        .from_select(
            list(_WEBHOOK_COLUMNS),
            select(*(_param("w_", webhooks.c[n]) for n in _WEBHOOK_COLUMNS)).where(written),
        )
        .cte("announced")
    )
    entries = _entries(stream, written)
    return select(entries.c.id).add_cte(completed, answer_rows, announced)


# ---- shared -----------------------------------------------------------------------------


def _entries(stream: Stream, condition: ColumnElement[bool]) -> CTE:
    """The audit entries' INSERT, in the rows' order, under ``condition``; their ids."""
    pending = table(stream.pending)
    rows = _unnest("p_", pending, _PENDING_COLUMNS)
    return (
        insert(pending)
        .from_select(
            ["recorded_at", *_PENDING_COLUMNS],
            select(_param("p_", pending.c.recorded_at), *(rows.c[n] for n in _PENDING_COLUMNS))
            .where(condition)
            .order_by(rows.c.ord),
        )
        .returning(pending.c.id)
        .cte("entries")
    )


def _param(prefix: str, column: Column[Any], *, plain: bool = False) -> Any:
    """A parameter of ``column``'s type named ``prefix`` + the column's name (``plain``:
    named ``prefix``)."""
    return bindparam(prefix if plain else prefix + column.name, type_=column.type)


def _unnest(prefix: str, target: Table, names: Sequence[str]) -> Any:
    """Rows from one array parameter a column (``prefix`` + name; JSON as its text), with
    their ordinal ``ord``."""
    arrays = [
        bindparam(prefix + name, type_=ARRAY(_element_type(target.c[name]))) for name in names
    ]
    return func.unnest(*arrays).table_valued(*names, with_ordinality="ord").render_derived()


def _element_type(column: Column[Any]) -> Any:
    return Text() if isinstance(column.type, JSON) else column.type


def _prefixed(prefix: str, values: Mapping[str, Any]) -> dict[str, Any]:
    return {prefix + name: value for name, value in values.items()}


def _columns(
    prefix: str, names: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> dict[str, list[Any]]:
    return {prefix + name: [row[name] for row in rows] for name in names}


def _json_text(value: Any) -> str:
    """A JSON column's value as the text SQLAlchemy's JSON type would send (``None``: JSON
    ``null``, as the type stores it by default)."""
    return json.dumps(value)
