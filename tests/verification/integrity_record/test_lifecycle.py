"""The integrity record's lifecycle, pure: allowed steps, the period, expiry on read, and
which findings are understatements."""

from __future__ import annotations

import datetime as dt

import pytest

from verification.integrity_record.lifecycle import (
    EntryStatus,
    Step,
    TransitionRefusedError,
    is_understatement,
    next_status,
    period,
    status_on,
    understatements,
)

DAY = dt.date(2026, 12, 9)


def test_the_happy_path_runs_proposed_notified_explained_confirmed_withdrawn() -> None:
    status = EntryStatus.PROPOSED.value
    for step, expected in [
        (Step.NOTICE, EntryStatus.NOTIFIED),
        (Step.EXPLANATION, EntryStatus.EXPLAINED),
        (Step.CONFIRM, EntryStatus.CONFIRMED),
        (Step.WITHDRAW, EntryStatus.WITHDRAWN),
    ]:
        after = next_status(step, status, DAY + dt.timedelta(days=30), DAY)
        assert after is expected
        status = after.value


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (Step.CONFIRM, "proposed"),  # never confirmed before the household is told
        (Step.EXPLANATION, "proposed"),
        (Step.EXPLANATION, "explained"),  # once
        (Step.NOTICE, "notified"),
        (Step.CONFIRM, "confirmed"),
        (Step.CONFIRM, "dismissed"),
        (Step.DISMISS, "confirmed"),  # a confirmed entry is withdrawn, not dismissed
        (Step.WITHDRAW, "notified"),
        (Step.WITHDRAW, "withdrawn"),
    ],
)
def test_a_step_not_allowed_from_the_state_is_refused(step: Step, status: str) -> None:
    with pytest.raises(TransitionRefusedError) as refused:
        next_status(step, status, None, DAY)
    assert refused.value.status.value == status


def test_a_confirmed_entry_expires_after_its_last_day_and_cannot_be_withdrawn_then() -> None:
    first, last = period(DAY, 36)
    assert (first, last) == (DAY, dt.date(2029, 12, 8))
    assert status_on("confirmed", last, last) is EntryStatus.CONFIRMED
    assert status_on("confirmed", last, last + dt.timedelta(days=1)) is EntryStatus.EXPIRED
    assert status_on("withdrawn", last, last + dt.timedelta(days=1)) is EntryStatus.WITHDRAWN
    with pytest.raises(TransitionRefusedError) as refused:
        next_status(Step.WITHDRAW, "confirmed", last, last + dt.timedelta(days=1))
    assert refused.value.status is EntryStatus.EXPIRED


def test_the_period_ends_the_day_before_the_same_day_months_later() -> None:
    assert period(dt.date(2026, 1, 31), 1) == (dt.date(2026, 1, 31), dt.date(2026, 2, 27))
    assert period(dt.date(2028, 2, 29), 12) == (dt.date(2028, 2, 29), dt.date(2029, 2, 27))


def _finding(subject: str, declared: str | None, verified: str | None) -> dict[str, object]:
    return {"subject": subject, "declared": declared, "verified": verified}


def test_only_a_declared_figure_below_the_verified_one_is_an_understatement() -> None:
    findings = [
        _finding("financial_assets", "0.00", "5000.00"),  # understated
        _finding("financial_assets", "9000.00", "5000.00"),  # overstated: no
        _finding("income", "100.00", "900.00"),  # understated
        _finding("vehicles", "0", "1"),  # understated
        _finding("member", None, None),  # a member found elsewhere: no figures
        _finding("residences", "2", "1"),
    ]
    assert understatements(findings) == [0, 2, 3]
    assert not is_understatement(_finding("obligor", "0", "1"))
