"""The comparison, pure: each category, and the lines' boundaries to the fen."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from verification.cross_lists.comparison import (
    CrossingKind,
    Enrolled,
    Income,
    IncomeBand,
    Lines,
    Listed,
    band,
    compare,
)

# an example: a standard of 900.00 a month and the national edge multiple 1.5 (办法 第八条第二款)
LINES = Lines(standard_monthly=Decimal("900.00"), edge_line_monthly=Decimal("1350.00"))
DAY = dt.date(2026, 11, 20)


def _income(per_capita: str, lines: Lines | None = LINES) -> Income:
    return Income(Decimal(per_capita), uuid.uuid4(), DAY, "450102", "urban", lines)


def _household(*people: str, per_capita: str | None = "100.00") -> Enrolled:
    income = None if per_capita is None else _income(per_capita)
    return Enrolled(uuid.uuid4(), "450102", frozenset(people), income)


def _listed(entry: int, person: str) -> Listed:
    return Listed(entry, person, f"450102********{entry:04d}")


@pytest.mark.parametrize(
    ("per_capita", "expected"),
    [
        ("0.00", IncomeBand.BELOW_STANDARD),
        ("899.99", IncomeBand.BELOW_STANDARD),
        ("900.00", IncomeBand.EDGE),  # at the standard: the income rule fails (低于 is strict)
        ("1349.99", IncomeBand.EDGE),
        ("1350.00", IncomeBand.ABOVE_EDGE_LINE),  # at the edge line: no longer 低保边缘
        ("99999.00", IncomeBand.ABOVE_EDGE_LINE),
    ],
)
def test_the_bands_follow_the_engines_strict_lines(per_capita: str, expected: IncomeBand) -> None:
    assert band(Decimal(per_capita), LINES) is expected


def test_households_on_one_list_and_not_the_other() -> None:
    on_both = _household("a", "b")
    only_enrolled = _household("c")
    result = compare(
        [on_both, only_enrolled], [_listed(1, "b"), _listed(2, "x"), _listed(3, "y")], {}
    )
    assert [e.household_id for e in result.enrolled_not_listed] == [only_enrolled.household_id]
    assert [(p.entry, p.person_index) for p in result.listed_not_enrolled] == [(2, "x"), (3, "y")]
    assert result.crossing == ()
    counts = result.counts()
    assert counts["enrolled_households"] == 2 and counts["listed_people"] == 3
    assert counts["enrolled_not_listed"] == 1 and counts["listed_not_enrolled"] == 2
    # x and y have no verified income: counted apart, never guessed
    assert counts["without_band"] == 2


@pytest.mark.parametrize(
    ("per_capita", "crossing"),
    [("899.99", None), ("900.00", IncomeBand.EDGE), ("1350.00", IncomeBand.ABOVE_EDGE_LINE)],
)
def test_an_enrolled_household_at_or_above_the_standard_crosses(
    per_capita: str, crossing: IncomeBand | None
) -> None:
    household = _household("a", per_capita=per_capita)
    result = compare([household], [], {})
    if crossing is None:
        assert result.crossing == ()
        return
    (found,) = result.crossing
    assert found.crossing is CrossingKind.ENROLLED_AT_OR_ABOVE_STANDARD
    assert found.band is crossing
    assert found.household_id == household.household_id and found.entry is None
    assert found.lines == LINES
    assert result.counts()[CrossingKind.ENROLLED_AT_OR_ABOVE_STANDARD.value] == 1


@pytest.mark.parametrize(
    ("per_capita", "crosses"), [("899.99", True), ("900.00", False), ("1500.00", False)]
)
def test_a_listed_person_not_enrolled_below_the_standard_crosses(
    per_capita: str, crosses: bool
) -> None:
    result = compare([], [_listed(7, "p")], {"p": _income(per_capita)})
    assert [p.entry for p in result.listed_not_enrolled] == [7]
    if not crosses:
        assert result.crossing == ()
        return
    (found,) = result.crossing
    assert found.crossing is CrossingKind.LISTED_BELOW_STANDARD
    assert found.band is IncomeBand.BELOW_STANDARD
    assert (found.entry, found.person_masked, found.household_id) == (7, "450102********0007", None)


def test_a_listed_person_who_is_enrolled_is_judged_with_the_household_only() -> None:
    household = _household("p", per_capita="100.00")
    # the listed person's own latest income is ignored: their household is enrolled
    result = compare([household], [_listed(1, "p")], {"p": _income("10.00")})
    assert result.listed_not_enrolled == () and result.enrolled_not_listed == ()
    assert result.crossing == ()


def test_without_a_report_or_a_policy_there_is_no_band() -> None:
    no_report = _household("a", per_capita=None)
    no_policy = Enrolled(uuid.uuid4(), "450102", frozenset({"b"}), _income("5000.00", None))
    result = compare([no_report, no_policy], [_listed(1, "z")], {"z": _income("1.00", None)})
    assert result.crossing == ()
    assert result.counts()["without_band"] == 3
