"""A year of the working-day calendar as operator data: one TOML file per State Council notice.

The State Council general office publishes each year's holidays and make-up working days
(调休上班) in 《国务院办公厅关于<year>年部分节假日安排的通知》 around November of the year
before; the ``chinesecalendar`` package takes them up in its next release, which operators
cannot speed up.  A region's operators transcribe the notice into a file in the calendar
directory (``VERIFICATION_CALENDAR_DIR``, default ``<data_dir>/calendar``), check it with
``verification calendar check FILE`` and the service counts the year from its next start
(ADR 0028)::

    [notice]
    year = 2027
    title = "国务院办公厅关于2027年部分节假日安排的通知"
    number = "国办发明电〔2026〕…号"        # number or url, or both
    url = "https://www.gov.cn/…"
    published = 2026-11-…

    [[holidays]]
    name = "春节"                           # 元旦 春节 清明节 劳动节 端午节 中秋节 国庆节
    first = 2027-02-…                       # first and last day off, inclusive
    last = 2027-02-…
    make_up_days = [2027-02-…]              # the weekend days worked for it (调休上班)

Every problem is a ``CalendarFileError`` naming the file and the field (``2027.toml:
holidays[2] (春节).make_up_days[0]: 2027-02-10 is a Wednesday; …``).  Pure: this module reads
text only and never imports the package (``procedure/calendar.py`` merges both).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# the statutory holidays (《全国年节及纪念日放假办法》 第二条): a notice's ranges name them;
# one range may name two that fall together ("国庆节、中秋节")
HOLIDAY_NAMES: Final = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_WEEKDAYS: Final = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_Text = Annotated[str, Field(min_length=1)]


class CalendarFileError(Exception):
    """A calendar year file, or the set of them, is not valid; the message names the file
    and the field, in Chinese."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Notice(_Strict):
    year: Annotated[int, Field(ge=2000, le=2200)]
    title: _Text
    number: _Text | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    published: dt.date
    # a file for a year the package holds replaces the package's year only when it says why
    corrects_package: _Text | None = None
    # the format's example (docs/): shown, checked, never loaded by the service
    example: bool = False
    note: _Text | None = None


class _Holiday(_Strict):
    name: _Text
    first: dt.date
    last: dt.date
    make_up_days: list[dt.date] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Notice:
    title: str
    number: str | None
    url: str | None
    published: dt.date

    def citation(self) -> str:
        """``《title》（number，YYYY-MM-DD发布）``, the url when there is no number."""
        reference = self.number or self.url
        return f"《{self.title}》（{reference}，{self.published.isoformat()}发布）"


@dataclass(frozen=True, slots=True)
class Holiday:
    name: str
    first: dt.date
    last: dt.date
    make_up_days: tuple[dt.date, ...]

    def days(self) -> Iterable[dt.date]:
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """One year's days off and make-up working days, as one notice sets them."""

    year: int
    notice: Notice
    holidays: tuple[Holiday, ...]
    file: str  # its file name, for errors and the coverage listing
    corrects_package: str | None = None
    example: bool = False

    @property
    def days_off(self) -> frozenset[dt.date]:
        return frozenset(day for holiday in self.holidays for day in holiday.days())

    @property
    def make_up_days(self) -> frozenset[dt.date]:
        return frozenset(day for holiday in self.holidays for day in holiday.make_up_days)


def _problems(exc: ValidationError, at: str) -> str:
    parts = []
    for err in exc.errors():
        path = ".".join([at, *(str(p) for p in err["loc"])])
        message = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{path}: {message}")
    return "; ".join(parts)


def _weekday(day: dt.date) -> str:
    return _WEEKDAYS[day.weekday()]


def _names(file: str, at: str, name: str, named: dict[str, str]) -> None:
    for each in name.split("、"):
        if each not in HOLIDAY_NAMES:
            raise CalendarFileError(
                f"{file}: {at}.name: {each!r} 不是法定节日；可用：{'、'.join(HOLIDAY_NAMES)}"
                "（两节同放写作“国庆节、中秋节”）"
            )
        if each in named:
            raise CalendarFileError(f"{file}: {at}.name: {each} 已在 {named[each]} 中列出")
        named[each] = at


def _make_up_days(file: str, year: int, at: str, parsed: _Holiday) -> None:
    seen: set[dt.date] = set()
    for number, day in enumerate(parsed.make_up_days):
        where = f"{file}: {at}.make_up_days[{number}]"
        if day.year != year:
            raise CalendarFileError(f"{where}: {day.isoformat()} 不在 {year} 年内")
        if day.weekday() < 5:
            raise CalendarFileError(
                f"{where}: {day.isoformat()} 是{_weekday(day)}；调休上班日是周六或周日"
            )
        if parsed.first <= day <= parsed.last:
            raise CalendarFileError(f"{where}: {day.isoformat()} 在本假期之内，不能同时上班")
        if day in seen:
            raise CalendarFileError(f"{where}: {day.isoformat()} 重复")
        seen.add(day)


def _holiday(file: str, year: int, index: int, raw: Any, named: dict[str, str]) -> Holiday:
    at = f"holidays[{index}]"
    if isinstance(raw, dict) and isinstance(raw.get("name"), str):
        at += f" ({raw['name']})"
    try:
        parsed = _Holiday.model_validate(raw)
    except ValidationError as exc:
        raise CalendarFileError(f"{file}: {_problems(exc, at)}") from None
    _names(file, at, parsed.name, named)
    for field, day in (("first", parsed.first), ("last", parsed.last)):
        if day.year != year:
            raise CalendarFileError(
                f"{file}: {at}.{field}: {day.isoformat()} 不在 {year} 年内（每个文件只写本年的"
                "日期；跨年的周末连休不必写）"
            )
    if parsed.last < parsed.first:
        raise CalendarFileError(
            f"{file}: {at}.last: {parsed.last.isoformat()} 早于 first {parsed.first.isoformat()}"
        )
    _make_up_days(file, year, at, parsed)
    return Holiday(parsed.name, parsed.first, parsed.last, tuple(sorted(parsed.make_up_days)))


def _notice(file: str, data: dict[str, Any]) -> _Notice:
    unknown = sorted(set(data) - {"notice", "holidays"})
    if unknown:
        raise CalendarFileError(f"{file}: {unknown[0]}: 未知的表（只有 [notice] 和 [[holidays]]）")
    if not isinstance(data.get("notice"), dict):
        raise CalendarFileError(f"{file}: notice: 缺少 [notice] 表（通知的标题、文号、发布日期）")
    try:
        notice = _Notice.model_validate(data["notice"])
    except ValidationError as exc:
        raise CalendarFileError(f"{file}: {_problems(exc, 'notice')}") from None
    year = notice.year
    if notice.number is None and notice.url is None:
        raise CalendarFileError(f"{file}: notice: 写明通知的文号（number）或网址（url），或两者")
    if f"{year}年" not in notice.title:
        raise CalendarFileError(f"{file}: notice.title: 标题未写“{year}年”，与 notice.year 不符")
    if notice.published > dt.date(year, 12, 31):
        raise CalendarFileError(
            f"{file}: notice.published: {notice.published.isoformat()} 晚于 {year} 年"
        )
    if notice.example and notice.note is None:
        raise CalendarFileError(f"{file}: notice.note: 示例文件须说明它示范什么、数据从何而来")
    return notice


def _check_together(file: str, holidays: list[Holiday]) -> None:
    """No two holidays overlap; no day is worked for two holidays or is a day off."""
    for before, after in itertools.pairwise(holidays):
        if after.first <= before.last:
            raise CalendarFileError(
                f"{file}: holidays: {before.name}（{before.first.isoformat()}至"
                f"{before.last.isoformat()}）与 {after.name}（{after.first.isoformat()}至"
                f"{after.last.isoformat()}）重叠"
            )
    days_off = {day for holiday in holidays for day in holiday.days()}
    worked: dict[dt.date, str] = {}
    for holiday in holidays:
        for day in holiday.make_up_days:
            if day in days_off:
                raise CalendarFileError(
                    f"{file}: holidays ({holiday.name}).make_up_days: {day.isoformat()} 是放假日"
                )
            if day in worked:
                raise CalendarFileError(
                    f"{file}: holidays ({holiday.name}).make_up_days: {day.isoformat()} 已是 "
                    f"{worked[day]} 的调休上班日"
                )
            worked[day] = holiday.name


def parse_year(file: str, text: str) -> CalendarYear:
    """The year a file's text states, checked alone; ``file`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarFileError(f"{file}: 不是有效的 TOML：{exc}") from None
    notice = _notice(file, data)
    raw_holidays = data.get("holidays")
    if not isinstance(raw_holidays, list) or not raw_holidays:
        raise CalendarFileError(f"{file}: holidays: 每个假期写一个 [[holidays]] 表")
    named: dict[str, str] = {}
    holidays = sorted(
        (_holiday(file, notice.year, i, raw, named) for i, raw in enumerate(raw_holidays)),
        key=lambda holiday: holiday.first,
    )
    _check_together(file, holidays)
    return CalendarYear(
        year=notice.year,
        notice=Notice(notice.title, notice.number, notice.url, notice.published),
        holidays=tuple(holidays),
        file=file,
        corrects_package=notice.corrects_package,
        example=notice.example,
    )


def load_year(path: Path) -> CalendarYear:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CalendarFileError(f"{path.name}: 无法读取：{exc}") from None
    return parse_year(path.name, text)


def check_set(years: Iterable[CalendarYear]) -> dict[int, CalendarYear]:
    """The files' years by year: none an example, no year claimed by two files."""
    found: dict[int, CalendarYear] = {}
    for each in years:
        if each.example:
            raise CalendarFileError(
                f"{each.file}: notice.example: 示例文件不作为日历数据载入（去掉 example 并核对"
                "通知原文后再放入日历目录）"
            )
        if each.year in found:
            raise CalendarFileError(
                f"{each.file}: notice.year: {each.year} 年已由 {found[each.year].file} 给出"
            )
        found[each.year] = each
    return found


def load_dir(directory: Path | None) -> dict[int, CalendarYear]:
    """Every ``*.toml`` year file in ``directory`` (none when it is None or missing)."""
    if directory is None or not directory.is_dir():
        return {}
    return check_set(load_year(path) for path in sorted(directory.glob("*.toml")))
