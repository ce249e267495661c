"""The printable report cites the appeal whose decision made the revision, in its language."""

from __future__ import annotations

import datetime as dt
import uuid

from tests.verification.reports.sample import sample_report
from verification.messages.locale import Locale
from verification.reports.html import render_report_html
from verification.reports.model import AppealRefView

APPEAL = uuid.UUID("2b8f9a52-3c1e-4b7a-9d0e-1f2a3b4c5d6e")


def _cited(**changes: object) -> str:
    return render_report_html(
        sample_report().model_copy(
            update={
                "revision": 2,
                "appeal": AppealRefView(
                    id=APPEAL,
                    decision="partly_upheld",
                    decided_on=dt.date(2026, 12, 9),
                    appealed_revision=1,
                    requeried_scopes=["bank", "tax"],
                    evidence_items=2,
                    evidence_assessed=False,
                ),
            }
        ),
        **changes,  # type: ignore[arg-type]
    )


def test_the_page_cites_the_appeal_in_chinese() -> None:
    page = _cited()
    assert (
        f"本版本依据复议（编号 {APPEAL}）的决定作出：复议部分成立，决定日期 2026-12-09；"
        "被复议的版本为第 1 版。重新查询的数据源：银行金融、税务。"
        "复议附新证据 2 项，已随复议记录；核对结果依据各部门的答复，新证据未改变本报告的数值。"
    ) in page


def test_the_page_cites_the_appeal_in_english() -> None:
    page = _cited(locale=Locale.EN)
    assert f"This revision was made by the decision on appeal {APPEAL}: partly upheld" in page
    assert "changed no figure of this report" in page


def test_a_report_no_appeal_made_cites_none() -> None:
    assert "复议" not in render_report_html(sample_report())
