"""The consent-use record from audit entries (pure): rounds, purposes, outcomes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from verification.consent.record import Entry, beijing_time, revocation_of, uses_of

T0 = dt.datetime(2026, 12, 6, 16, 0, tzinfo=dt.UTC)


def _at(minutes: int, **body: Any) -> Entry:
    return Entry(at=T0 + dt.timedelta(minutes=minutes), body=body)


def _query(minutes: int, scope: str, status: str, **more: Any) -> Entry:
    return _at(minutes, action="source_query", scope=scope, status=status, **more)


def test_rounds_purposes_and_each_agencys_outcome() -> None:
    first = {"verification_id": "v1", "request_id": "r1", "client_id": "c1"}
    collect = {"verification_id": "v1", "request_id": "p1", "client_id": "c1"}
    entries = [
        _at(0, action="authorization_accepted", scopes=["bank", "tax", "hukou"], **first),
        _query(1, "bank", "pending", revision=0, person="a", **first),
        _query(1, "bank", "ok", revision=0, person="b", **first),
        _query(1, "tax", "not_found", revision=0, person="a", **first),
        _query(1, "tax", "ok", revision=0, person="b", **first),
        _query(1, "tax", "ok", revision=0, person="b", attempt=2, **first),
        _at(2, action="report_created", revision=0, **first),  # not a use of its own
        _at(3, action="report_read", **first),  # nor a read
        # a poll that found the answer not ready yet: the agency was asked again
        _query(30, "bank", "pending", revision=0, trigger="poll", **collect),
        # the answers collected: the next revision
        _at(60, action="sources_answered", revision=1, pairs=["0:bank"], **collect),
        _query(60, "bank", "ok", revision=1, **collect),
        # a retry of revision 1 whose start was recorded, its queries discarded
        _at(90, action="verification_retried", revision=2, pairs=["1:tax", "0:tax"], **first),
        _query(91, "tax", "unavailable", revision=2, discarded=True, **first),
        _query(91, "tax", "rejected", revision=2, discarded=True, **first),
    ]
    uses = uses_of(reversed(entries))  # recorded order does not matter
    assert [u.purpose for u in uses] == [
        "first_verification",
        "answer_collection",
        "answer_collection",
        "retry",
    ]
    first_use, poll, collected, retry = uses
    assert [(a.scope, a.outcome) for a in first_use.agencies] == [
        ("bank", "pending"),
        ("tax", "answered"),
        ("hukou", "pending"),  # asked, no answer recorded yet
    ]
    assert [(a.scope, a.outcome) for a in poll.agencies] == [("bank", "pending")]
    assert [(a.scope, a.outcome) for a in collected.agencies] == [("bank", "answered")]
    assert [(a.scope, a.outcome) for a in retry.agencies] == [("tax", "unavailable")]
    assert {u.client_id for u in uses} == {"c1"} and first_use.at == T0


def test_an_obligors_queries_are_an_obligor_consent_use() -> None:
    common = {"verification_id": "v1", "request_id": "r1", "client_id": "c1"}
    uses = uses_of(
        [
            _query(0, "tax", "not_found", revision=0, subject="obligor", **common),
            _query(0, "bank", "ok", revision=0, subject="obligor", **common),
        ]
    )
    assert [(u.purpose, [(a.scope, a.outcome) for a in u.agencies]) for u in uses] == [
        ("obligor_consent_use", [("tax", "not_found"), ("bank", "answered")])
    ]


def test_a_batch_review_and_the_revocation() -> None:
    review = {"verification_id": "v2", "request_id": "batch:b1", "client_id": "c1"}
    entries = [
        _at(0, action="review_started", scopes=["hukou"], **review),
        _query(1, "hukou", "ok", revision=0, **review),
        _at(5, action="authorization_revoked", withdrawn_on="2026-12-07", reason="moved_away"),
    ]
    (use,) = uses_of(entries)
    assert use.purpose == "batch_review" and use.verification_id == "v2"
    revocation = revocation_of(entries)
    assert revocation is not None
    assert (revocation.withdrawn_on, revocation.reason) == (dt.date(2026, 12, 7), "moved_away")
    assert revocation_of(entries[:2]) is None


def test_beijing_time() -> None:
    assert beijing_time(T0, ZoneInfo("Asia/Shanghai")) == "2026-12-07 00:00"
