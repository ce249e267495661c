"""Each section of the supervisor's view counts what it says, on SQLite and PostgreSQL:
the region prefix, the half-open period (Beijing dates; a Beijing midnight for the
agencies' answers), production rows only; and the published view suppresses small counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.verification.statistics.seed import Seeder, fresh_prefix
from verification.messages.locale import Locale
from verification.statistics import sections
from verification.statistics.model import Period, RawSection, StatisticsScope
from verification.statistics.read import compute

BEIJING = ZoneInfo("Asia/Shanghai")
NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
# the period's bounds as instants: Beijing midnights
START = dt.datetime(2026, 10, 31, 16, 0, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)
SOURCES = ("bank", "hukou")


def _scope(prefix: str, today: dt.date = dt.date(2026, 11, 20)) -> StatisticsScope:
    return StatisticsScope(prefix, NOVEMBER, today, BEIJING, SOURCES)


def _cells(section: RawSection) -> dict[str, dict[str, int]]:
    return {group.key: dict(group.cells) for group in section.groups}


@pytest.fixture
async def seeded(api) -> str:
    """A region with verifications, households and agency answers in and around November."""
    prefix = fresh_prefix()
    inside, outside = f"{prefix}01", "629901"
    async with api.runtime.transaction() as session:
        seed = await Seeder(session).start()
        day = dt.date
        # verifications: the first and last day of the period count, the day after it not
        await seed.verification(inside, day(2026, 11, 1), outcome="eligible")
        await seed.verification(inside, day(2026, 11, 30), outcome="ineligible")
        await seed.verification(inside, day(2026, 11, 15), outcome="review_required")
        await seed.verification(
            inside, day(2026, 11, 15), outcome="eligible", status="awaiting_sources"
        )
        await seed.verification(inside, day(2026, 11, 15), outcome="eligible", review=True)
        await seed.verification(inside, day(2026, 11, 16), outcome="eligible", review=True)
        await seed.verification(inside, day(2026, 12, 1), outcome="eligible")
        await seed.verification(inside, day(2026, 10, 31), outcome="eligible")
        await seed.verification(outside, day(2026, 11, 15), outcome="eligible")
        await seed.verification(inside, day(2026, 11, 15), outcome="eligible", sandbox=True)
        # households
        await seed.household(inside, enrolled_on=day(2026, 11, 1), next_review_on=day(2027, 5, 1))
        await seed.household(
            inside,
            enrolled_on=day(2026, 11, 20),
            next_review_on=day(2026, 11, 25),
            category="three_no",
        )
        await seed.household(
            inside,
            enrolled_on=day(2026, 6, 1),
            next_review_on=day(2026, 11, 10),
            category="variable",
        )
        await seed.household(
            inside,
            enrolled_on=day(2026, 1, 1),
            next_review_on=day(2027, 1, 1),
            ended_on=day(2026, 11, 10),
        )
        await seed.household(
            inside,
            enrolled_on=day(2026, 1, 1),
            next_review_on=day(2027, 1, 1),
            ended_on=day(2026, 12, 1),
        )
        await seed.household(inside, enrolled_on=day(2026, 12, 1), next_review_on=day(2027, 6, 1))
        await seed.household(
            inside,
            enrolled_on=day(2025, 1, 1),
            next_review_on=day(2026, 10, 1),
            recheck_due_on=day(2026, 11, 20),
        )
        await seed.household(outside, enrolled_on=day(2026, 11, 2), next_review_on=day(2026, 11, 3))
        await seed.household(
            inside, enrolled_on=day(2026, 11, 2), next_review_on=day(2026, 11, 3), sandbox=True
        )
        # answers: a Beijing midnight opens the period and the next one closes it
        asked = await seed.verification(inside, day(2020, 1, 1))
        mid = dt.datetime(2026, 11, 15, 2, 0, tzinfo=dt.UTC)
        await seed.answers(
            asked,
            "bank",
            [
                ("ok", 100, START),
                ("ok", 200, mid),
                ("not_found", 300, mid),
                ("unavailable", 3000, END - dt.timedelta(microseconds=1)),
                ("pending", 50, mid),
                ("ok", 1, END),
                ("ok", 1, START - dt.timedelta(seconds=1)),
            ],
        )
        await seed.answers(asked, "bank", [("ok", 400, mid)], obligor=True)
        await seed.answers(asked, "securities", [("rejected", 700, mid)])
        elsewhere = await seed.verification(outside, day(2020, 1, 1))
        await seed.answers(elsewhere, "bank", [("ok", 5, mid)])
    return prefix


async def test_verifications_by_kind_and_outcome(api, seeded: str) -> None:
    async with api.runtime.read_session_factory() as session:
        counted = _cells(await sections.verifications(session, _scope(seeded)))
    assert counted == {
        "application": {"eligible": 1, "ineligible": 1, "review_required": 1, "open": 1},
        "review": {"eligible": 2, "ineligible": 0, "review_required": 0, "open": 0},
    }


async def test_a_narrower_prefix_and_another_region_count_apart(api, seeded: str) -> None:
    async with api.runtime.read_session_factory() as session:
        narrower = _cells(await sections.verifications(session, _scope(f"{seeded}0")))
        other = _cells(await sections.verifications(session, _scope(f"{seeded}9")))
    assert narrower["application"]["eligible"] == 1
    assert sum(other["application"].values()) + sum(other["review"].values()) == 0


async def test_households_enrolled_ended_and_enrolled_at_the_end(api, seeded: str) -> None:
    async with api.runtime.read_session_factory() as session:
        counted = _cells(await sections.households(session, _scope(seeded)))
    assert counted == {
        "enrolled": {"three_no": 1, "illness_disability_stable": 0, "stable": 1, "variable": 0},
        "movements": {"ended": 1, "active_at_end": 5},
    }


async def test_reviews_due_and_overdue_on_today_or_the_periods_end(api, seeded: str) -> None:
    async with api.runtime.read_session_factory() as session:
        during = await sections.reviews(session, _scope(seeded, today=dt.date(2026, 11, 20)))
        after = await sections.reviews(session, _scope(seeded, today=dt.date(2026, 12, 10)))
    assert during.as_of == dt.date(2026, 11, 20)
    assert _cells(during)["reviews"] == {"due": 2, "overdue": 2, "recheck_due": 1}
    # judged on the period's end (1 December, excluded): the review of 25 November too
    assert after.as_of == dt.date(2026, 12, 1)
    assert _cells(after)["reviews"] == {"due": 2, "overdue": 3, "recheck_due": 1}


async def test_sharing_per_agency_with_latency(api, seeded: str) -> None:
    async with api.runtime.read_session_factory() as session:
        shared = await sections.sharing(session, _scope(seeded))
    groups = {group.key: group for group in shared.groups}
    # the installed sources first, in their order, then any other that answered
    assert list(groups) == ["bank", "hukou", "securities"]
    bank = groups["bank"]
    assert dict(bank.cells) == {
        "ok": 3,
        "not_found": 1,
        "unavailable": 1,
        "rejected": 0,
        "pending": 1,
    }
    # 100, 200, 300, 400, 3000 (the obligor's answer too; the promise left out)
    assert bank.basis == 5
    assert dict(bank.measures) == {"latency_median_ms": 300, "latency_p95_ms": 3000}
    assert dict(groups["hukou"].cells) == dict.fromkeys(sections.SOURCE_STATUSES, 0)
    assert dict(groups["hukou"].measures) == {"latency_median_ms": None, "latency_p95_ms": None}
    assert dict(groups["securities"].cells)["rejected"] == 1


async def test_appeals_by_decision_and_deadline(api) -> None:
    prefix = fresh_prefix()
    inside, outside = f"{prefix}01", "629901"
    day = dt.date
    due = day(2026, 11, 14)
    async with api.runtime.transaction() as session:
        seed = await Seeder(session).start()
        # one verification each: a verification has at most one open appeal
        reports = [await seed.verification(inside, day(2026, 10, 20)) for _ in range(7)]
        await seed.appeal(reports[0], inside, day(2026, 11, 1), decision_due_on=due)  # overdue
        await seed.appeal(reports[1], inside, day(2026, 11, 10), decision_due_on=day(2026, 11, 24))
        await seed.appeal(
            reports[2],
            inside,
            day(2026, 11, 2),
            decision_due_on=due,
            decision="upheld",
            decided_on=day(2026, 11, 16),  # late
        )
        await seed.appeal(
            reports[3],
            inside,
            day(2026, 11, 30),
            decision_due_on=day(2026, 12, 14),
            decision="rejected",
            decided_on=day(2026, 12, 1),
        )
        # not counted: filed after the period, in another region, a sandbox one
        await seed.appeal(reports[4], inside, day(2026, 12, 1), decision_due_on=day(2026, 12, 15))
        await seed.appeal(reports[5], outside, day(2026, 11, 5), decision_due_on=due)
        await seed.appeal(reports[6], inside, day(2026, 11, 5), decision_due_on=due, sandbox=True)
    async with api.runtime.read_session_factory() as session:
        counted = await sections.appeals(session, _scope(prefix, today=day(2026, 11, 20)))
    assert counted.as_of == day(2026, 11, 20)
    assert _cells(counted) == {
        "appeals": {
            "appeal_open": 2,
            "appeal_upheld": 1,
            "appeal_partly_upheld": 0,
            "appeal_rejected": 1,
        },
        "appeal_deadlines": {"overdue": 1, "decided_late": 1},
    }


async def test_spot_check_coverage(api) -> None:
    prefix = fresh_prefix()
    inside, outside = f"{prefix}01", "629901"
    day = dt.date
    async with api.runtime.transaction() as session:
        seed = await Seeder(session).start()
        # within November: ten framed here (four drawn, three visited), one elsewhere
        await seed.spot_check(
            prefix,
            (day(2026, 11, 1), day(2026, 11, 30)),
            [(inside, i < 4, i < 3) for i in range(10)] + [(outside, True, True)],
        )
        # not counted: a period reaching past November's end, a sandbox one
        await seed.spot_check(prefix, (day(2026, 11, 15), day(2026, 12, 1)), [(inside, True, True)])
        await seed.spot_check(
            prefix, (day(2026, 11, 1), day(2026, 11, 30)), [(inside, True, True)], sandbox=True
        )
    async with api.runtime.read_session_factory() as session:
        counted = await sections.spot_checks(session, _scope(prefix))
    assert _cells(counted) == {
        "spot_checks": {"spot_check_count": 1, "framed": 10, "drawn": 4, "visited": 3}
    }
    (group,) = counted.groups
    assert dict(group.measures) == {"visited_percent": 30} and group.basis == 10
    async with api.runtime.read_session_factory() as session:
        empty = await sections.spot_checks(session, _scope(fresh_prefix()))
    assert dict(empty.groups[0].measures) == {"visited_percent": None}


async def test_the_published_view_suppresses_small_counts(api, seeded: str) -> None:
    async with api.runtime.read_session_factory() as session:
        view = await compute(
            session,
            seeded,
            NOVEMBER,
            today=dt.date(2026, 11, 20),
            zone=BEIJING,
            threshold=5,
            locale=Locale.ZH_CN,
        )
    by_key = {s.key: {g.key: g for g in s.groups} for s in view.sections}
    assert [s.key for s in view.sections] == [s.key for s in sections.SECTIONS]
    bank = by_key["sharing"]["bank"]
    ok = next(c for c in bank.cells if c.key == "ok")
    assert (ok.count, ok.shown, ok.suppressed, ok.label) == (None, "<5", True, "已返回")
    rejected = next(c for c in bank.cells if c.key == "rejected")
    assert (rejected.count, rejected.shown, rejected.suppressed) == (0, "0", False)
    # 6 answers: enough for a total, but it would give the suppressed parts away
    assert bank.total is not None
    assert (bank.total.count, bank.total.shown) == (None, "—")
    median = next(m for m in bank.measures if m.key == "latency_median_ms")
    assert (median.value, median.shown) == (300, "300")  # resting on 5 answers
    securities = by_key["sharing"]["securities"]
    assert all(m.value is None and m.suppressed for m in securities.measures)  # 1 answer
    active = next(c for c in by_key["households"]["movements"].cells if c.key == "active_at_end")
    assert (active.count, active.shown) == (5, "5")
    assert view.suppression.threshold == 5
    assert "<5" in view.suppression.rule
