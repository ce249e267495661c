"""What operators see of the working-day calendar (ADR 0028): ``verification calendar show|check``,
``/readyz``'s ``checks.working_day_calendar``, the gauge of its last day and the warning at
start when it ends within 60 days."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from structlog.testing import capture_logs
from typer.testing import CliRunner

from tests.verification.calendar_years import (
    FIXTURE_DIR,
    FIXTURE_FILE,
    package_until_2026,
    pin_package,
    with_fixture,
)
from verification import calendar_coverage
from verification.app import create_app
from verification.cli import app
from verification.settings import Settings

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


@pytest.fixture
def calendar_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty calendar directory, the package pinned to its years up to 2026."""
    pin_package(monkeypatch)
    directory = tmp_path / "calendar"
    directory.mkdir()
    monkeypatch.setenv("VERIFICATION_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("VERIFICATION_CALENDAR_DIR", str(directory))
    return directory


def test_show_lists_the_years_and_their_sources(calendar_dir: Path) -> None:
    shutil.copy(FIXTURE_FILE, calendar_dir / "2027.toml")
    shown = runner.invoke(app, ["calendar", "show", "--all"], env=WIDE)
    assert shown.exit_code == 0, shown.output
    assert "工作日历 2004–2027年，最后一天 2027-12-31" in shown.output
    rows = {line.split("│")[1].strip(): line for line in shown.output.splitlines() if "│" in line}
    assert "软件包 package" in rows["2004"] and "chinesecalendar" in rows["2026"]
    assert "文件 2027.toml" in rows["2027"] and "测试夹具" in rows["2027"]
    assert f"日历目录（VERIFICATION_CALENDAR_DIR）：{calendar_dir}" in shown.output
    as_json = runner.invoke(app, ["calendar", "show", "--json"])
    assert as_json.exit_code == 0, as_json.output
    view = json.loads(as_json.output)
    assert view["last_day"] == "2027-12-31" and view["files"] == ["2027.toml"]
    assert view["directory"] == str(calendar_dir)


def test_show_refuses_a_bad_file_naming_it(calendar_dir: Path) -> None:
    text = FIXTURE_FILE.read_text(encoding="utf-8").replace("2027-01-09]", "2027-01-11]")
    (calendar_dir / "2027.toml").write_text(text, encoding="utf-8")
    shown = runner.invoke(app, ["calendar", "show"], env=WIDE)
    assert shown.exit_code == 1
    assert "2027.toml: holidays[0] (元旦).make_up_days[0]: 2027-01-11 是星期一" in shown.output


def test_check_a_file_before_it_is_installed(calendar_dir: Path, tmp_path: Path) -> None:
    checked = runner.invoke(app, ["calendar", "check", str(FIXTURE_FILE)], env=WIDE)
    assert checked.exit_code == 0, checked.output
    lines = checked.output.splitlines()
    # eight days off, six of them weekdays (1 January is a Friday), one Saturday worked
    assert lines[0] == "可以安装（valid）：2027.toml：2027年，1个假期，6个工作日放假，1个调休上班日"
    assert lines[1].startswith("2027年：运营方文件 2027.toml，《测试夹具")
    assert lines[2].startswith("安装后工作日历到 2027-12-31；")
    assert not (calendar_dir / "2027.toml").exists()  # checking installs nothing
    # a file for a year missing its predecessor: refused, naming it
    later = tmp_path / "2029.toml"
    later.write_text(
        FIXTURE_FILE.read_text(encoding="utf-8")
        .replace("2027", "2029")
        .replace("make_up_days = [2029-01-09]\n", ""),
        encoding="utf-8",
    )
    refused = runner.invoke(app, ["calendar", "check", str(later)], env=WIDE)
    assert refused.exit_code == 1
    assert "2029.toml: notice.year: 缺少 2027 年" in refused.output


def test_coverage_and_its_warning() -> None:
    merged = with_fixture()
    view = calendar_coverage.coverage(merged, dt.date(2026, 12, 7))
    assert view["last_day"] == "2027-12-31" and view["days_left"] == 389
    assert view["files"] == ["2027.toml"] and "warning" not in view
    assert set(view["sources"]) == {"2026", "2027"}
    ending = calendar_coverage.coverage(package_until_2026(), dt.date(2026, 11, 1))
    assert ending["days_left"] == 60
    assert ending["warning"].startswith("工作日历只到2026-12-31（还有60天）：跨入2027年的期限")
    assert "《国务院办公厅关于2027年部分节假日安排的通知》" in ending["warning"]
    assert "warning" not in calendar_coverage.coverage(package_until_2026(), dt.date(2026, 10, 31))


def test_the_warning_at_start_and_the_gauge() -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    with capture_logs() as logs:
        calendar_coverage.announce(package_until_2026(), dt.date(2026, 12, 7), zone)
    gauge = REGISTRY.get_sample_value("working_day_calendar_last_day_timestamp_seconds")
    assert gauge == dt.datetime(2026, 12, 31, tzinfo=zone).timestamp()
    [warning] = [entry for entry in logs if entry["event"] == "working_day_calendar_ending"]
    assert warning["log_level"] == "warning"
    assert warning["last_day"] == "2026-12-31" and warning["days_left"] == 24
    with capture_logs() as quiet:
        calendar_coverage.announce(with_fixture(), dt.date(2026, 12, 7), zone)
    assert not [entry for entry in quiet if entry["event"] == "working_day_calendar_ending"]
    assert REGISTRY.get_sample_value("working_day_calendar_last_day_timestamp_seconds") == (
        dt.datetime(2027, 12, 31, tzinfo=zone).timestamp()
    )


async def test_readyz_reports_the_calendar(api) -> None:
    ready = await api.http.get("/readyz")
    assert ready.status_code == 200
    shown = ready.json()["checks"]["working_day_calendar"]
    calendar = api.runtime.calendar
    assert shown["last_day"] == calendar.last_day.isoformat()
    assert shown["last_year"] == calendar.last_year and shown["files"] == []
    today = api.runtime.today()
    assert shown["days_left"] == (calendar.last_day - today).days
    assert ("warning" in shown) is (shown["days_left"] <= 60)


async def test_the_service_reads_its_calendar_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin_package(monkeypatch)
    settings = Settings(
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        data_dir=tmp_path,
        calendar_dir=FIXTURE_DIR,
    )
    app_ = create_app(settings)
    async with app_.router.lifespan_context(app_):
        assert app_.state.runtime.calendar.last_year == 2027
        transport = httpx.ASGITransport(app=app_)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.get("/readyz")
    # not ready (no database), and the calendar's reach shown all the same
    assert response.status_code == 503
    shown = response.json()["checks"]["working_day_calendar"]
    assert shown["last_day"] == "2027-12-31" and shown["files"] == ["2027.toml"]


def test_the_default_directory_is_in_the_data_directory(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).resolved_calendar_dir() == tmp_path / "calendar"
    assert Settings(data_dir=tmp_path, calendar_dir=tmp_path / "x").resolved_calendar_dir() == (
        tmp_path / "x"
    )
