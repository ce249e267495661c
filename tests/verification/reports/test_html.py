"""The printable 核对报告: what the HTML says, and that headless Chromium renders it."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.verification.reports.sample import (
    MEMBERS,
    SCOPES,
    UNAVAILABLE_REASON,
    sample_report,
)
from verification.reports.html import render_report_html
from verification.reports.model import SourceView

FULL_ID_NUMBER = re.compile(r"\b\d{17}[\dX]\b")
SCRIPT_REASON = "<script>alert('x')</script> & more"
WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
KEY_TEXTS = (
    "家庭经济状况核对报告",
    "不符合低保条件",
    "450102********123X",
    "住房未超限",
    "申报与核对差异",
    "工资薪金",
)


@pytest.fixture(scope="module")
def html() -> str:
    return render_report_html(sample_report())


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.DOTALL)


def test_key_texts(html: str) -> None:
    for text in KEY_TEXTS:
        assert text in html
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html


def test_header_fields(html: str) -> None:
    assert "6f1c2a5e-9b3d-4c1e-8f00-0123456789ab" in html
    assert "第 1 版" in html
    # 14:17 UTC is 22:17 in Beijing
    assert "2026-11-23 22:17" in html
    assert "2026-11-23 22:18" in html
    assert "AUTH-450102-2026-000731" in html
    assert "低保申请" in html
    assert "450102（城市）" in html
    assert "南宁市城乡低保政策（nanning-2026，版本 2026.1）" in html
    assert "示例" in html
    assert "按家庭户核对" in html


def test_every_member_row(html: str) -> None:
    for member in MEMBERS:
        assert any(
            member.id_number_masked in row and member.name_masked in row for row in _rows(html)
        )
    for label in ("本人/户主", "配偶", "子女", "正常", "死亡"):
        assert label in html


def test_every_source_row(html: str) -> None:
    report = sample_report()
    assert len(report.sources) == 3 * len(SCOPES)
    member_names = {m.index: m.name_masked for m in MEMBERS}
    source_rows = [row for row in _rows(html) if "耗时" not in row and "</td>" in row]
    for source in report.sources:
        assert any(
            f"{source.member_index + 1} {member_names[source.member_index]}" in row
            and f'<td class="num">{source.duration_ms}</td>' in row
            for row in source_rows
        ), source
    for label in ("公安户籍", "车辆", "不动产", "银行金融", "证券登记结算", "税务", "住房公积金"):
        assert label in html
    assert "暂不可用" in html
    assert f"原因：{UNAVAILABLE_REASON}" in html


def test_income_assets_and_deductions(html: str) -> None:
    for text in (
        "2026-05-01 至 2026-10-31（6 个月）",
        "980.00",
        "转移性收入",
        "不计入",
        "就业成本扣减",
        "通过扶贫项目就业：每月最多扣减 294.00 元（政策规定）",
        "1265.50 元",
        "971.50 元",
        "485.75 元",
        "940.00 元",
        "1410.00 元",
        "合计 18350.27 元（上限 22560.00 元）",
        "活期存款",
        "定期存款",
        "残疾人专用",
        "住宅",
        "62.40",
    ):
        assert text in html, text


def test_rules_findings_and_conclusion(html: str) -> None:
    for text in (
        "数据来源完整",
        "人均收入低于保障标准",
        "工资与公积金一致",
        'class="result-passed">符合',
        'class="result-failed">不符合',
        'class="result-not_assessable">无法判定',
        "人均月收入：485.75",
        "800.00 元",
        "180.00 元",
        "0 辆",
        "全户",
        "建议月保障金额",
        "住房未超限：住房 2 套，超过上限 1 套",
        "数据来源完整：缺少数据：成员2 住房公积金（暂不可用）",
        "不适用",
        "审计序号：4711",
        "9f" * 32,
        "身份证号已脱敏",
        "核对人",
        "审核人",
    ):
        assert text in html, text
    assert "低收入边缘" not in html
    # a figure the rule did not state (the housing rule's `commercial` here) is null: not shown
    assert "商业用房" not in html and "None" not in html


def test_other_outcomes_and_empty_sections() -> None:
    html = render_report_html(
        sample_report(
            outcome="review_required",
            low_income_edge=True,
            findings=[],
            household_basis="single_person",
            single_person_member=1,
            purpose="tekun",
            area="rural",
        )
    )
    for text in ("需人工复核", "低收入边缘", "无差异", "单人户（2 李*）", "特困供养", "农村"):
        assert text in html, text
    assert "符合低保条件" in render_report_html(sample_report(outcome="eligible"))


def test_autoescaping() -> None:
    report = sample_report()
    sources = [
        SourceView(
            **{
                **s.model_dump(),
                "reason_code": "verbatim",
                "reason_params": {"text": SCRIPT_REASON},
            }
        )
        if s.reason
        else s
        for s in report.sources
    ]
    html = render_report_html(report.model_copy(update={"sources": sources}))
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html


def test_no_full_id_number(html: str) -> None:
    assert not FULL_ID_NUMBER.findall(html)


def test_self_contained(html: str) -> None:
    assert not re.search(r"(?:src|href)\s*=|@import|url\(|<link|<script", html)
    assert "@page { size: A4; margin: 15mm; }" in html
    assert "@media print" in html


# -- headless Chromium ---------------------------------------------------------------


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


def _png_size_and_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the (filtered) pixel bytes of a PNG, read with the stdlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


def test_renders_in_headless_chromium(html: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    url = page.as_uri()
    screenshot = tmp_path / "report.png"

    _chromium(
        tmp_path / "profile-shot",
        f"--screenshot={screenshot}",
        f"--window-size={WIDTH},{HEIGHT}",
        url,
    )
    data = screenshot.read_bytes()
    width, height, pixels = _png_size_and_pixels(data)
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(data) > 50_000  # text and tables, not a blank page
    assert len(set(pixels)) > 32

    dom = _chromium(tmp_path / "profile-dom", "--dump-dom", url).stdout
    for text in KEY_TEXTS:
        assert text in dom
    assert "暂不可用" in dom
    assert not FULL_ID_NUMBER.findall(dom)
