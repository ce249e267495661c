"""The 公示 content from the layered policy: exactly the fields the rule in force lists."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.verification.reports.sample import sample_report
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import resolve
from verification.public_notice.content import public_notice

LAYERS = LayerSet.from_dir(default_layers_dir())
ALLOWANCE = "allowance_amount"


@pytest.mark.parametrize(
    ("region", "day", "fields"),
    [
        # 办法 第二十四条: name, number of members, amount
        ("450102", dt.date(2026, 12, 7), ["applicant_name", "household_size", ALLOWANCE]),
        # 民发〔2012〕220号 第二十九条: name, members, amount
        ("450102", dt.date(2020, 5, 6), ["applicant_name", "household_members", ALLOWANCE]),
        # Inner Mongolia 2013 (seed 003): members, income, amount
        ("150102", dt.date(2015, 5, 6), ["household_members", "income", ALLOWANCE]),
    ],
)
def test_exactly_the_listed_fields_are_published(
    region: str, day: dt.date, fields: list[str]
) -> None:
    report = sample_report(outcome="eligible", suggested_allowance_monthly="324.99")
    notice = public_notice(report, resolve(LAYERS, region, day), day)
    assert [f.value for f in notice.fields] == fields
    published = notice.published.model_dump(exclude_none=True)
    assert list(published) == fields
    assert notice.notice_period is not None
    assert notice.notice_period.days == 7
    assert notice.notice_period.ends_on == day + dt.timedelta(days=6)
    if "household_members" in fields:
        assert published["household_members"] == [
            m.name_masked for m in report.members if m.status != "deceased"
        ]
