"""The printable 核对报告: the JSON report rendered as a self-contained Chinese HTML page.

``render_report_html`` reads nothing but a ``VerificationReport`` (the stable
JSON contract), so it prints exactly what the API returned: identifiers arrive
already masked and money is shown as the same decimal strings as in the JSON.
All wording lives here (code → Chinese label tables, unknown codes shown raw)
and in ``templates/report.html`` (layout, inline A4 print CSS, no external
resources).  The Jinja environment is built once, with autoescaping on and
undefined names an error, and the function is otherwise pure.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import jinja2

from verification.kit.business_date import DEFAULT_ZONE
from verification.kit.money import format_yuan
from verification.verifications.schemas import VerificationReport

LABELS: Mapping[str, Mapping[str, str]] = {
    "purpose": {
        "dibao_application": "低保申请",
        "dibao_review": "低保复核",
        "tekun": "特困供养",
        "temporary_assistance": "临时救助",
    },
    "area": {"urban": "城市", "rural": "农村"},
    "basis": {"household": "按家庭户核对", "single_person": "单人户"},
    "relation": {
        "self": "本人/户主",
        "spouse": "配偶",
        "child": "子女",
        "parent": "父母",
    },
    "member_status": {
        "active": "正常",
        "deceased": "死亡",
        "moved_out": "迁出",
        "unknown": "查无此人",
        "not_checked": "未核对",
    },
    "scope": {
        "hukou": "公安户籍",
        "vehicle": "车辆",
        "housing": "不动产",
        "bank": "银行金融",
        "tax": "税务",
        "provident_fund": "住房公积金",
    },
    "source_status": {
        "ok": "已返回",
        "not_found": "无记录",
        "unavailable": "暂不可用",
        "rejected": "被拒绝",
    },
    "income_category": {
        "wages": "工资薪金",
        "labour": "劳务报酬",
        "business": "经营所得",
        "property": "财产性收入",
        "basic_pension": "基础养老金",
        "pension": "养老金",
        "transfer": "转移性收入",
        "other": "其他",
    },
    "deduction": {"employment_cost": "就业成本扣减", "rigid_expense": "刚性支出扣减"},
    "financial_kind": {
        "demand_deposit": "活期存款",
        "time_deposit": "定期存款",
        "securities": "有价证券",
        "wealth_product": "理财产品",
        "provident_fund": "住房公积金",
    },
    "vehicle_use": {
        "private": "非营运",
        "commercial": "营运",
        "agricultural": "农用",
        "disability": "残疾人专用",
    },
    "property_use": {"residential": "住宅", "commercial": "商业", "other": "其他"},
    "rule": {
        "sources_complete": "数据来源完整",
        "identity_confirmed": "身份核实",
        "household_composition": "家庭成员变化",
        "income_below_standard": "人均收入低于保障标准",
        "financial_assets_within_limit": "金融资产未超限",
        "no_non_exempt_vehicle": "无非豁免车辆",
        "housing_within_limit": "住房未超限",
        "wages_consistent": "工资与公积金一致",
    },
    "rule_result": {"passed": "符合", "failed": "不符合", "not_assessable": "无法判定"},
    "figure": {
        "per_capita_monthly": "人均月收入",
        "standard_monthly": "月保障标准",
        "total": "合计",
        "limit": "上限",
        "count": "数量",
        "residences": "住房套数",
        "max_residences": "住房套数上限",
        "commercial": "商业用房",
    },
    "subject": {
        "income": "收入",
        "financial_assets": "金融资产",
        "vehicles": "车辆",
        "residences": "住房",
        "member": "家庭成员",
    },
    "subject_unit": {
        "income": "元",
        "financial_assets": "元",
        "vehicles": "辆",
        "residences": "套",
    },
    "outcome": {
        "eligible": "符合低保条件",
        "ineligible": "不符合低保条件",
        "review_required": "需人工复核",
    },
}

# income columns in the order of connectors.sdk.evidence.IncomeCategory
_CATEGORY_ORDER = tuple(LABELS["income_category"])


@dataclass(frozen=True, slots=True)
class _IncomeLine:
    category: str
    amount: Decimal
    counted: bool


def _label(value: object, table: str) -> str:
    """The Chinese label of a code, or the code itself when it has none."""
    text = str(value)
    return LABELS[table].get(text, text)


def _money(value: Decimal) -> str:
    return format_yuan(value)


def _local_time(value: dt.datetime, zone: ZoneInfo) -> str:
    """An instant as the wall-clock time a reader of the deployment's time zone knows."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _reason(text: str) -> str:
    """Engine reasons read ``rule_id: detail``; name the rule in Chinese."""
    rule, sep, rest = text.partition(": ")
    if sep and rule in LABELS["rule"]:
        return f"{LABELS['rule'][rule]}：{rest}"
    return text


def _category_key(category: str) -> tuple[int, str]:
    order = _CATEGORY_ORDER.index(category) if category in _CATEGORY_ORDER else len(_CATEGORY_ORDER)
    return order, category


def _income_lines(
    counted: Mapping[str, Decimal], excluded: Mapping[str, Decimal]
) -> list[_IncomeLine]:
    lines = [_IncomeLine(c, a, counted=True) for c, a in counted.items()]
    lines += [_IncomeLine(c, a, counted=False) for c, a in excluded.items()]
    return sorted(lines, key=lambda line: (*_category_key(line.category), not line.counted))


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("verification.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(zh=_label, money=_money, local_time=_local_time, reason=_reason)
    return env


def render_report_html(report: VerificationReport, zone: ZoneInfo | None = None) -> str:
    """The report as one printable, self-contained HTML document (A4); times are shown in
    ``zone`` (the deployment's, ``VERIFICATION_TIMEZONE``; default Asia/Shanghai)."""
    zone = zone or ZoneInfo(DEFAULT_ZONE)
    members = {m.index: m for m in report.members}

    def member(index: int | None) -> str:
        if index is None:
            return "全户"
        known = members.get(index)
        return f"{index + 1} {known.name_masked}" if known else f"成员 {index + 1}"

    template = _environment().get_template("report.html")
    return template.render(
        report=report,
        zone=zone,
        member=member,
        income_lines={
            m.member_index: _income_lines(m.counted_by_category, m.excluded_by_category)
            for m in report.income.members
        },
    )
