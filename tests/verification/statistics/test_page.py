"""The supervisor's page: what it says, its bar charts, and that headless Chromium renders
it (a screenshot with charts in it, and the DOM it builds holds the texts and the "<5")."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.verification.reports.test_html import _png_size_and_pixels
from tests.verification.statistics.seed import Seeder, fresh_prefix
from tests.verification.statistics.test_routes import FULL_ID_NUMBER, MASKED_ID_NUMBER
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.messages.locale import Locale
from verification.statistics.html import render_statistics_html
from verification.statistics.model import (
    Counts,
    PeriodView,
    RawSection,
    StatisticsView,
)
from verification.statistics.publish import publish, suppression

WIDTH, HEIGHT = 1200, 1600
THRESHOLD = 5


def sample_view(locale: Locale = Locale.ZH_CN) -> StatisticsView:
    """A view with shown, zero and suppressed counts, totals and latencies."""
    raw = [
        RawSection(
            "verifications",
            (
                Counts(
                    "application",
                    (("eligible", 120), ("ineligible", 43), ("review_required", 3), ("open", 0)),
                    parts=True,
                ),
                Counts(
                    "review",
                    (("eligible", 61), ("ineligible", 9), ("review_required", 6), ("open", 12)),
                    parts=True,
                ),
            ),
        ),
        RawSection(
            "households",
            (
                Counts(
                    "enrolled",
                    (
                        ("three_no", 7),
                        ("illness_disability_stable", 22),
                        ("stable", 51),
                        ("variable", 30),
                    ),
                    parts=True,
                ),
                Counts("movements", (("ended", 14), ("active_at_end", 1873))),
            ),
        ),
        RawSection(
            "reviews",
            (Counts("reviews", (("due", 140), ("overdue", 2), ("recheck_due", 0))),),
            as_of=dt.date(2026, 11, 20),
        ),
        RawSection(
            "sharing",
            tuple(
                Counts(
                    scope,
                    (
                        ("ok", ok),
                        ("not_found", nf),
                        ("unavailable", un),
                        ("rejected", 0),
                        ("pending", p),
                    ),
                    parts=True,
                    label_table="scope",
                    measures=(("latency_median_ms", median), ("latency_p95_ms", median * 4)),
                    basis=ok + nf + un,
                )
                for scope, ok, nf, un, p, median in (
                    ("bank", 410, 22, 9, 0, 180),
                    ("hukou", 441, 0, 0, 0, 40),
                    ("tax", 380, 58, 3, 0, 220),
                    ("vehicle", 2, 439, 0, 0, 95),
                )
            ),
        ),
        RawSection(
            "appeals",
            (
                Counts(
                    "appeals",
                    (
                        ("appeal_open", 6),
                        ("appeal_upheld", 9),
                        ("appeal_partly_upheld", 2),
                        ("appeal_rejected", 17),
                    ),
                    parts=True,
                ),
                Counts("appeal_deadlines", (("overdue", 1), ("decided_late", 0))),
            ),
            as_of=dt.date(2026, 11, 20),
        ),
        RawSection(
            "spot_checks",
            (
                Counts(
                    "spot_checks",
                    (
                        ("spot_check_count", 6),
                        ("framed", 166),
                        ("drawn", 52),
                        ("visited", 50),
                    ),
                    measures=(("visited_percent", 30),),
                    basis=166,
                ),
            ),
        ),
    ]
    return StatisticsView(
        region="4501",
        period=PeriodView(starts_on=dt.date(2026, 11, 1), ends_before=dt.date(2026, 12, 1)),
        today=dt.date(2026, 11, 20),
        language=locale.value,
        suppression=suppression(THRESHOLD, locale),
        sections=[publish(section, THRESHOLD, locale) for section in raw],
    )


@pytest.fixture(scope="module")
def html() -> str:
    return render_statistics_html(sample_view())


def test_the_page_says_what_the_view_holds(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    for text in ("监督统计", "核对与结果", "在册家庭", "复核到期与逾期", "部门信息共享", "银行"):
        assert text in html, text
    assert "2026-11-01 至 2026-11-30" in html  # the last day included, not the end
    assert "&lt;5" in html  # suppressed, escaped
    assert "—" in html  # a withheld total
    assert html.count("<svg") == 2 + 2 + 1 + 4 + 2 + 1  # a chart per group
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_a_suppressed_count_has_no_bar(html: str) -> None:
    view = sample_view()
    review = view.sections[0].groups[0]
    assert [c.shown for c in review.cells] == ["120", "43", "<5", "0"]
    chart = html.split('id="verifications-application"')[1].split("</svg>", maxsplit=1)[0]
    assert chart.count('class="bar"') == 2  # 120 and 43; none for "<5" or 0


def test_english_page() -> None:
    html = render_statistics_html(sample_view(Locale.EN))
    assert '<html lang="en">' in html
    assert "Supervision statistics" in html and "Sharing by agency" in html
    assert "监督统计" not in html


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium")
    assert binary, "chromium is not on PATH; scripts/test installs it (apt-get install chromium)"
    return subprocess.run(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_renders_in_headless_chromium(html: str, tmp_path: Path) -> None:
    page = tmp_path / "statistics.html"
    page.write_text(html, encoding="utf-8")
    screenshot = tmp_path / "statistics.png"
    _chromium(
        tmp_path / "profile-shot",
        f"--screenshot={screenshot}",
        f"--window-size={WIDTH},{HEIGHT}",
        page.as_uri(),
    )
    data = screenshot.read_bytes()
    width, height, pixels = _png_size_and_pixels(data)
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(data) > 30_000  # text and bars, not a blank page
    assert len(set(pixels)) > 32
    dom = _chromium(tmp_path / "profile-dom", "--dump-dom", page.as_uri()).stdout
    for text in ("监督统计", "部门信息共享", "耗时中位数（毫秒）：180", "&lt;5"):
        assert text in dom, text
    assert dom.count("<rect") > 20  # the bars and their tracks, drawn as SVG


async def test_the_served_page_renders_in_chromium_with_no_personal_data(
    api, tmp_path: Path
) -> None:
    """The page as the API serves it for a seeded region, opened in headless Chromium."""
    prefix = fresh_prefix()
    async with api.runtime.transaction() as session:
        seed = await Seeder(session).start()
        for outcome in ("eligible",) * 7 + ("ineligible",) * 2:
            await seed.verification(f"{prefix}01", dt.date(2026, 11, 3), outcome=outcome)
        _client, token = await create_client(
            session,
            name="supervisor of the page",
            role=Role.SUPERVISOR,
            issuers=[],
            region_prefixes=[prefix],
            actor="test",
        )
    served = await api.http.get(
        "/v1/statistics/page",
        params={"region": prefix, "from": "2026-11-01", "to": "2026-12-01"},
        headers=api.auth(token),
    )
    assert served.status_code == 200, served.text
    page = tmp_path / "served.html"
    page.write_text(served.text, encoding="utf-8")
    dom = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert "核对与结果" in dom
    application = dom.split('id="verifications-application"', 1)[1].split("</svg>", 1)[0]
    assert ">7<" in application and "&lt;5" in application
    assert not FULL_ID_NUMBER.findall(dom) and not MASKED_ID_NUMBER.findall(dom)
