"""The working-day calendar's years as operator data (ADR 0028): a year file per State Council
notice, checked by file and field, merged with the package's years, cited by the deadlines."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from tests.verification.calendar_years import (
    ACCEPTED,
    FIXTURE_FILE,
    TOTAL_DUE,
    package_until_2026,
    pin_package,
    pinned_tables,
    with_fixture,
)
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import resolve
from verification.procedure import calendar
from verification.procedure.calendar import CalendarNotCoveredError, china
from verification.procedure.calendar_files import (
    CalendarFileError,
    check_set,
    load_dir,
    load_year,
    parse_year,
)
from verification.procedure.deadlines import deadlines
from verification.procedure.decision import decision_deadline

EXAMPLE = Path(__file__).parents[3] / "docs" / "calendar" / "2026.example.toml"
LAYERS = LayerSet.from_dir(default_layers_dir())
FIXTURE_TEXT = FIXTURE_FILE.read_text(encoding="utf-8")


def test_the_fixture_year_extends_the_calendar() -> None:
    merged = with_fixture()
    assert (merged.first_year, merged.last_year) == (2004, 2027)
    assert merged.last_day == dt.date(2027, 12, 31)
    # the fixture's eight-day New Year holiday and its Saturday worked
    assert not merged.is_working_day(dt.date(2027, 1, 4))  # a Monday, off
    assert merged.is_working_day(dt.date(2027, 1, 9))  # a Saturday, worked
    assert merged.is_working_day(dt.date(2027, 3, 1))  # an ordinary Monday
    source = merged.sources[2027]
    assert source.kind == "file" and source.file == "2027.toml"
    assert "测试夹具" in source.citation and "2026-11-01发布" in source.citation
    assert merged.sources[2026].kind == "package"


def test_a_deadline_crossing_into_the_file_year_is_computed_with_it() -> None:
    without = package_until_2026()
    with pytest.raises(CalendarNotCoveredError):
        without.add_working_days(ACCEPTED, 30)
    merged = with_fixture()
    assert merged.add_working_days(ACCEPTED, 30) == TOTAL_DUE
    effective = resolve(LAYERS, "450102", ACCEPTED)
    found = {
        d.param.key: d
        for d in deadlines(effective, merged, accepted_on=ACCEPTED, received_on=ACCEPTED)
    }
    total = found[p.TOTAL_DAYS.key]
    assert total.due_on == TOTAL_DUE and total.not_covered is None
    # the deadline cites both years' sources: the package's 2026, the file's 2027
    text = total.calendar_text()
    assert text is not None
    assert text.startswith("2026年：软件包 chinesecalendar ")
    assert "2027年：运营方文件 2027.toml，《测试夹具" in text
    # a deadline within 2026 cites the package only
    investigation = found[p.INVESTIGATION_START_DAYS.key]
    assert investigation.due_on == dt.date(2026, 12, 4)
    assert investigation.calendar_text() == merged.sources[2026].text()
    # the decision deadline: definitive with the file, provisional (weekdays only) without
    decided = decision_deadline(effective, merged, ACCEPTED)
    assert decided is not None and decided.due_on == TOTAL_DUE and not decided.provisional
    assert decided.calendar == text
    guessed = decision_deadline(effective, without, ACCEPTED)
    assert guessed is not None and guessed.provisional
    assert guessed.due_on == dt.date(2027, 1, 12)  # 1 January counted as a weekday


def _broken(old: str, new: str) -> str:
    assert old in FIXTURE_TEXT
    return FIXTURE_TEXT.replace(old, new)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _broken("make_up_days = [2027-01-09]", "make_up_days = [2027-01-11]"),
            "2027.toml: holidays[0] (元旦).make_up_days[0]: 2027-01-11 是星期一；"
            "调休上班日是周六或周日",
        ),
        (
            _broken("last = 2027-01-08", "last = 2028-01-08"),
            "2027.toml: holidays[0] (元旦).last: 2028-01-08 不在 2027 年内",
        ),
        (
            _broken("last = 2027-01-08", "last = 2027-01-10"),
            "2027.toml: holidays[0] (元旦).make_up_days[0]: 2027-01-09 在本假期之内",
        ),
        (
            FIXTURE_TEXT + '\n[[holidays]]\nname = "春节"\nfirst = 2027-01-07\nlast = 2027-01-12\n',
            "2027.toml: holidays: 元旦（2027-01-01至2027-01-08）与 "
            "春节（2027-01-07至2027-01-12）重叠",
        ),
        (
            FIXTURE_TEXT + '\n[[holidays]]\nname = "元旦"\nfirst = 2027-12-31\nlast = 2027-12-31\n',
            "2027.toml: holidays[1] (元旦).name: 元旦 已在 holidays[0] (元旦) 中列出",
        ),
        (
            _broken('name = "元旦"', 'name = "圣诞节"'),
            "2027.toml: holidays[0] (圣诞节).name: '圣诞节' 不是法定节日",
        ),
        (
            _broken("last = 2027-01-08", "last = 2026-12-30"),
            "2027.toml: holidays[0] (元旦).last: 2026-12-30 不在 2027 年内",
        ),
        (
            _broken("first = 2027-01-01", "frist = 2027-01-01"),
            "2027.toml: holidays[0] (元旦).first: Field required",
        ),
        (
            _broken("published = 2026-11-01", "published = 2028-01-01"),
            "2027.toml: notice.published: 2028-01-01 晚于 2027 年",
        ),
        (
            _broken("year = 2027", "year = 2028"),
            "2027.toml: notice.title: 标题未写“2028年”",
        ),
        (
            _broken('number = "测试夹具，无文号"\n', "").replace(
                'url = "https://example.invalid/calendar-fixture-2027"\n', ""
            ),
            "2027.toml: notice: 写明通知的文号（number）或网址（url）",
        ),
        (_broken("[notice]", "[notise]"), "2027.toml: notise: 未知的表"),
        (_broken("year = 2027", "year = "), "2027.toml: 不是有效的 TOML"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_field(text: str, expected: str) -> None:
    with pytest.raises(CalendarFileError) as caught:
        parse_year("2027.toml", text)
    assert str(caught.value).startswith(expected), str(caught.value)


def test_a_year_claimed_by_two_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "2027.toml").write_text(FIXTURE_TEXT, encoding="utf-8")
    (tmp_path / "2027-again.toml").write_text(FIXTURE_TEXT, encoding="utf-8")
    with pytest.raises(
        CalendarFileError, match=r"^2027\.toml: notice\.year: 2027 年已由 2027-again\.toml 给出"
    ):
        load_dir(tmp_path)


def test_a_missing_year_between_covered_years_is_refused(tmp_path: Path) -> None:
    later = FIXTURE_TEXT.replace("2027", "2028").replace("2028-01-09", "2028-01-08")
    later = later.replace("last = 2028-01-08", "last = 2028-01-07")
    (tmp_path / "2028.toml").write_text(later, encoding="utf-8")
    tables, version = pinned_tables()
    with pytest.raises(CalendarFileError, match=r"^2028\.toml: notice\.year: 缺少 2027 年"):
        calendar.merge(tables, version, load_dir(tmp_path))  # type: ignore[arg-type]


def test_the_service_refuses_a_bad_directory(tmp_path: Path) -> None:
    (tmp_path / "2027.toml").write_text(_broken("2027-01-09]", "2027-01-11]"), encoding="utf-8")
    with pytest.raises(CalendarFileError, match=r"^2027\.toml: holidays\[0\]"):
        calendar.load(tmp_path)
    # no directory: the package's years
    assert calendar.load(tmp_path / "missing").last_year == china().last_year


def test_the_example_is_an_existing_year_and_is_never_loaded() -> None:
    example = load_year(EXAMPLE)
    assert example.year == 2026 and example.example
    # refused as operator data
    with pytest.raises(CalendarFileError, match=r"notice\.example: 示例文件不作为日历数据载入"):
        check_set([example])
    # transcribed from the package: the same working days on every day of 2026
    tables, version = calendar._package()
    as_file = dataclasses.replace(example, example=False)
    merged = calendar.merge(tables, version, {2026: as_file})
    source = merged.sources[2026]
    assert source.kind == "package" and source.file == "2026.example.toml"
    assert source.note == "文件 2026.example.toml 与软件包一致，可删除"


def _year_2026(**changes: object) -> object:
    example = dataclasses.replace(load_year(EXAMPLE), example=False, file="2026.toml")
    return dataclasses.replace(example, **changes)


def test_a_file_differing_from_the_package_is_refused_unless_it_says_why() -> None:
    tables, version = calendar._package()
    example = load_year(EXAMPLE)
    # 清明节 ends a day later (Tuesday 7 April off) in the file than in the package
    holidays = tuple(
        dataclasses.replace(h, last=dt.date(2026, 4, 7)) if h.name == "清明节" else h
        for h in example.holidays
    )
    differing = _year_2026(holidays=holidays)
    with pytest.raises(CalendarFileError) as caught:
        calendar.merge(tables, version, {2026: differing})  # type: ignore[dict-item]
    message = str(caught.value)
    assert message.startswith("2026.toml: notice.year: 2026 年在软件包 chinesecalendar ")
    assert "2026-04-07" in message and "corrects_package" in message
    # said why: the file is used and cited, with the reason
    correcting = _year_2026(holidays=holidays, corrects_package="软件包漏了补假")
    merged = calendar.merge(tables, version, {2026: correcting})  # type: ignore[dict-item]
    assert not merged.is_working_day(dt.date(2026, 4, 7))
    assert merged.is_working_day(dt.date(2025, 4, 7))  # other years: the package's
    source = merged.sources[2026]
    assert source.kind == "file" and source.note == "软件包漏了补假"
    assert source.text().endswith("；更正软件包：软件包漏了补假")


def test_correcting_a_year_the_package_does_not_hold_is_refused() -> None:
    tables, version = pinned_tables()
    year = dataclasses.replace(load_year(FIXTURE_FILE), corrects_package="无")
    with pytest.raises(
        CalendarFileError, match=r"^2027\.toml: notice\.corrects_package: .*没有 2027 年"
    ):
        calendar.merge(tables, version, {2027: year})  # type: ignore[arg-type]


def test_check_takes_a_file_of_the_same_name_as_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin_package(monkeypatch)
    (tmp_path / "2027.toml").write_text(FIXTURE_TEXT, encoding="utf-8")
    candidate = load_year(FIXTURE_FILE)
    # the same name: taken as replaced
    assert calendar.check(candidate, tmp_path).last_year == 2027
    # another name for the same year: claimed twice
    renamed = dataclasses.replace(candidate, file="2027-new.toml")
    with pytest.raises(CalendarFileError, match=r"已由 2027\.toml 给出"):
        calendar.check(renamed, tmp_path)
