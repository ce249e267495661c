"""Working-day limits (rule 17) from the layered policy: due dates, ceilings, the calendar's end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.verification.policies.layered_files import layer_set, province
from verification.messages.locale import Locale
from verification.messages.render import render
from verification.policies.effective import effective_policy
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import resolve
from verification.procedure.calendar import china
from verification.procedure.deadlines import Anchor, deadlines
from verification.procedure.view import procedure_view

CALENDAR = china()
LAYERS = LayerSet.from_dir(default_layers_dir())
ACCEPTED = dt.date(2026, 9, 28)  # a Monday before the National Day week
RECEIVED = dt.date(2026, 9, 30)


def _by_key(found: list) -> dict:
    return {d.param.key: d for d in found}


def test_the_national_limits_and_their_due_dates() -> None:
    found = _by_key(
        deadlines(
            resolve(LAYERS, "450102", ACCEPTED),
            CALENDAR,
            accepted_on=ACCEPTED,
            received_on=RECEIVED,
        )
    )
    assert {key: d.working_days for key, d in found.items()} == {
        p.INVESTIGATION_START_DAYS.key: 3,
        p.VERIFICATION_START_DAYS.key: 3,
        p.COUNTY_DECISION_DAYS.key: 10,
        p.REFUSAL_NOTICE_DAYS.key: 3,
        p.TOTAL_DAYS.key: 30,
        p.TOTAL_SPECIAL_DAYS.key: 45,
        p.TOTAL_DELEGATED_DAYS.key: 20,
    }
    investigation = found[p.INVESTIGATION_START_DAYS.key]
    assert investigation.anchor is Anchor.ACCEPTED
    assert investigation.due_on == dt.date(2026, 10, 8)  # 29, 30 September, 8 October
    assert "第十五条第一款" in investigation.source.citation_text()
    # the 核对 runs from the request, not the acceptance
    check = found[p.VERIFICATION_START_DAYS.key]
    # 8, 9 October and Saturday 10 October, worked in place of the holiday
    assert check.starts_on == RECEIVED and check.due_on == dt.date(2026, 10, 10)
    assert "第十七条第一款" in check.source.citation_text()
    total = found[p.TOTAL_DAYS.key]
    assert total.due_on == CALENDAR.add_working_days(ACCEPTED, 30)
    assert CALENDAR.working_days_between(ACCEPTED, total.due_on) == 30
    assert "第二十二条" in total.source.citation_text()
    assert found[p.TOTAL_DELEGATED_DAYS.key].due_on == CALENDAR.add_working_days(ACCEPTED, 20)
    assert "四（一）" in found[p.TOTAL_DELEGATED_DAYS.key].source.citation_text()
    # counted from events the service does not see: no date
    for key in (p.COUNTY_DECISION_DAYS.key, p.REFUSAL_NOTICE_DAYS.key):
        assert found[key].starts_on is None and found[key].due_on is None


def test_before_the_2022_notice_there_is_no_delegated_limit() -> None:
    day = dt.date(2022, 3, 1)
    found = _by_key(
        deadlines(resolve(LAYERS, "450102", day), CALENDAR, accepted_on=day, received_on=day)
    )
    assert p.TOTAL_DELEGATED_DAYS.key not in found
    assert found[p.TOTAL_DAYS.key].working_days == 30


def test_a_due_date_beyond_the_calendar_is_not_computed() -> None:
    late = dt.date(CALENDAR.last_year, 12, 20)
    found = _by_key(
        deadlines(resolve(LAYERS, "450102", late), CALENDAR, accepted_on=late, received_on=late)
    )
    total = found[p.TOTAL_DAYS.key]
    assert total.due_on is None
    assert total.not_covered is not None and total.not_covered.last_year == CALENDAR.last_year
    view = procedure_view(
        assessed=resolve(LAYERS, "450102", late),
        accepted=resolve(LAYERS, "450102", late),
        accepted_on=late,
        received_on=late,
        calendar=CALENDAR,
        queried_scopes=set(),
        outcome="eligible",
        results={},
    )
    message = next(d.message for d in view.deadlines if d.parameter == p.TOTAL_DAYS.key)
    assert message.code == "procedure.deadline.not_covered"
    assert f"{CALENDAR.last_year}年" in message.text and "不作推算" in message.text


LENGTHENING = """
[[deadline.total_working_days]]
valid_from = 2022-01-01
value = 40
source = "zz-doc"

[[deadline.investigation_start_working_days]]
valid_from = 2022-01-01
value = 2
source = "zz-doc"
"""


def test_a_region_may_shorten_a_limit_but_not_lengthen_it(tmp_path: Path) -> None:
    layers = layer_set(tmp_path, zz=province(body=LENGTHENING))
    effective = resolve(layers, "990101", ACCEPTED)
    found = _by_key(deadlines(effective, CALENDAR, accepted_on=ACCEPTED, received_on=ACCEPTED))
    shortened = found[p.INVESTIGATION_START_DAYS.key]
    assert shortened.working_days == 2 and shortened.lengthened is None
    assert shortened.due_on == dt.date(2026, 9, 30)
    total = found[p.TOTAL_DAYS.key]
    assert total.working_days == 30  # the national ceiling, not the region's 40
    assert total.lengthened is not None and total.lengthened.regional_days == 40
    assert total.due_on == CALENDAR.add_working_days(ACCEPTED, 30)
    # the report flags it in its notes …
    view = procedure_view(
        assessed=effective,
        accepted=effective,
        accepted_on=ACCEPTED,
        received_on=ACCEPTED,
        calendar=CALENDAR,
        queried_scopes=set(),
        outcome="eligible",
        results={},
    )
    (note,) = view.notes
    assert note.code == "procedure.deadline.lengthened"
    assert note.params["regional_days"] == 40 and note.params["working_days"] == 30
    assert "不能延长" in note.text and "测试省" in note.text
    assert "longer than the ceiling" in render(note.code, note.params, Locale.EN)
    (deadline,) = [d for d in view.deadlines if d.parameter == p.TOTAL_DAYS.key]
    assert deadline.lengthened_to == 40 and deadline.working_days == 30
    # … and so does the effective-policy view
    shown = {v.key: v for v in effective_policy(layers, "990101", ACCEPTED).parameters}
    assert shown[p.TOTAL_DAYS.key].value == 40
    assert shown[p.TOTAL_DAYS.key].exceeds is not None
    assert shown[p.TOTAL_DAYS.key].exceeds.value == 30


@pytest.mark.parametrize("year", range(2021, 2027))
def test_every_covered_year_gives_dates_for_every_limit_from_acceptance(year: int) -> None:
    day = dt.date(year, 7, 1)
    for deadline in deadlines(
        resolve(LAYERS, "450102", day), CALENDAR, accepted_on=day, received_on=day
    ):
        if deadline.starts_on is not None:
            assert deadline.due_on is not None
            assert CALENDAR.is_working_day(deadline.due_on)
            assert CALENDAR.working_days_between(day, deadline.due_on) == deadline.working_days
