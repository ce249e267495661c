"""The statements a verification issues, counted: the hot path's cost that does not vary
from run to run (its time does, so no test asserts a time).

A one-member household, each source answering at once, on a warm service (the client's
token and the issuer key already looked up): on SQLite 9 statements in 2 transactions
(issue #17: 8, 26 round trips before; the webhook event is the ninth).  First transaction:
the authorization (one INSERT that does nothing for a reuse), the verification, its
members, the ``authorization_accepted`` entry.  Meanwhile: where else the members are.
Second transaction: the answers (one executemany), the report, the webhook event (one
INSERT), the audit entries (one INSERT).  On PostgreSQL each transaction is one statement
in autocommit (``verifications/single_statement.py``): 3 statements, 3 round trips (no
BEGIN, and the two commits are the statements' own).  The in-process batch runner and
audit integrator run their own statements meanwhile; only the request's are counted (a
context variable marks them: SQLAlchemy runs a statement in the context of the task that
asked for it).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from connectors.sdk.discovery import installed_sources
from tests.conftest import Api
from tests.verification.helpers import fresh_body, fresh_members

_COUNTING = contextvars.ContextVar("counting_statements", default=False)

# statements (BEGIN excluded) and transactions committed by one verification, at most: the
# 8 of issue #17 and the webhook event the report's transaction writes (one INSERT, the
# outbox; its deliveries are made by the sender after the commit); on PostgreSQL the two
# writes are a statement each (the commits counted are SQLAlchemy's, no round trip in
# autocommit)
MOST = {"postgresql": (3, 2), "sqlite": (9, 2)}


@contextmanager
def _counted(api: Api) -> Iterator[dict[str, list[str]]]:
    seen: dict[str, list[str]] = {"statements": [], "transactions": []}

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        # not SQLite's own BEGIN IMMEDIATE; nor the look-ups of the issuer key and of the
        # client's token, cached a few seconds (credential_cache_seconds): on a loaded
        # machine the cache may expire between the two requests (seen on PostgreSQL once)
        if _COUNTING.get() and not sql.startswith(
            ("BEGIN", "SELECT issuer_keys", "SELECT api_clients")
        ):
            seen["statements"].append(sql.split("\n", maxsplit=1)[0][:100])

    def commit(_conn: Any) -> None:  # reads roll back (SQLite) or run in autocommit
        if _COUNTING.get():
            seen["transactions"].append("COMMIT")

    engines = [engine.sync_engine for engine in api.runtime.pooled_engines()]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", commit)
    token = _COUNTING.set(True)
    try:
        yield seen
    finally:
        _COUNTING.reset(token)
        for engine in engines:
            event.remove(engine, "before_cursor_execute", statement)
            event.remove(engine, "commit", commit)


async def test_a_one_member_verification_issues_at_most_9_statements_3_on_postgresql(
    api: Api,
) -> None:
    warm = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert warm.status_code == 201, warm.text
    body = fresh_body(api.issuer_key, members=fresh_members()[:1])  # the applicant alone
    with _counted(api) as seen:
        response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    assert len(response.json()["sources"]) == len(installed_sources().scopes)
    statements, transactions = MOST[api.runtime.engine.dialect.name]
    assert len(seen["statements"]) <= statements, "\n".join(seen["statements"])
    assert len(seen["transactions"]) <= transactions, seen["transactions"]
