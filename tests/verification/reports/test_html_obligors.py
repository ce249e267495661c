"""The printable report's support obligors section: shown apart from the members, masked,
in both languages, and rendered by headless Chromium."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.verification.reports.sample import sample_report
from tests.verification.reports.test_html import FULL_ID_NUMBER, _chromium
from verification.messages.render import Message
from verification.reports.html import render_report_html
from verification.reports.language import localize, message_view
from verification.reports.model import ObligorSourceView, ObligorsView, ObligorView

STATEMENT = Message("rule.obligors.capable", {"count": 1})


def _with_obligor():
    return sample_report(
        obligors=ObligorsView(
            obligors=[
                ObligorView(
                    index=0,
                    relation="adult_child",
                    id_number_masked="450102********2221",
                    name_masked="覃*玲",
                    status="active",
                    household_size=3,
                    assessed=True,
                    income_monthly=Decimal("3000.00"),
                    line_monthly=Decimal("1249.98"),
                    excess_monthly=Decimal("1750.02"),
                    capable=True,
                    support_monthly=Decimal("525.01"),
                    sources=[ObligorSourceView(scope="tax", status="ok", reason_code=None)],
                )
            ],
            support_monthly=Decimal("525.01"),
            support_status="capable",
            statement=message_view(STATEMENT, "zh-CN"),
        )
    )


def test_the_obligors_section_is_its_own_and_masked() -> None:
    html = render_report_html(_with_obligor())
    section = html[html.index('<section class="obligors">') :]
    section = section[: section.index("</section>")]
    for text in ("赡养、抚养、扶养义务人", "成年子女", "覃*玲", "450102********2221", "525.01"):
        assert text in section
    assert "三无" in section
    assert not FULL_ID_NUMBER.findall(html)
    # not among the members: the members' section lists the household only
    members = html[html.index("一、家庭成员") :]
    members = members[: members.index("</section>")]
    assert "覃*玲" not in members


def test_in_english() -> None:
    html = render_report_html(localize(_with_obligor(), "en"), locale="en")
    assert "Annex: support obligors" in html and "adult child" in html
    assert "not a 三无 case" in html


def test_no_section_without_obligors() -> None:
    assert 'class="obligors"' not in render_report_html(sample_report())


def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_report_html(_with_obligor()), encoding="utf-8")
    dom = _chromium(tmp_path / "profile-dom", "--dump-dom", page.as_uri()).stdout
    assert "附：赡养、抚养、扶养义务人" in dom and "覃*玲" in dom
    assert not FULL_ID_NUMBER.findall(dom)
