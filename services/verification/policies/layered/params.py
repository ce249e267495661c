"""Every policy parameter a layer may state: its key, its Chinese label, its value type and the
national rules (numbered as in docs/national-rules.md) it encodes.

A layer file may state only the keys registered here, and the national layer must state every
one of them (a value, an example or ``left_to_local``), so the national baseline is complete by
construction.  Values are checked with the parameter's pydantic type when the file is loaded;
money and ratios are decimal strings, never TOML floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    TypeAdapter,
)

from connectors.sdk.evidence import VehicleUse

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
Kind = Literal["yuan", "ratio", "fraction", "count", "flag", "choice", "choices", "texts", "tiers"]


def _decimal_text(value: object) -> object:
    if not isinstance(value, str):
        # pydantic reports a ValueError as a field error; a TypeError would escape it
        raise ValueError('must be a decimal string such as "2500.00", not a TOML number')  # noqa: TRY004
    return value


Yuan = Annotated[
    Decimal, BeforeValidator(_decimal_text), Field(ge=0, decimal_places=2, allow_inf_nan=False)
]
Ratio = Annotated[Decimal, BeforeValidator(_decimal_text), Field(gt=0, allow_inf_nan=False)]
Fraction = Annotated[Decimal, BeforeValidator(_decimal_text), Field(ge=0, le=1)]
Count = Annotated[StrictInt, Field(ge=0, le=1000)]


class Relation(StrEnum):
    """共同生活的家庭成员 (办法 第七条第一款)."""

    SPOUSE = "spouse"  # 配偶
    MINOR_CHILD = "minor_child"  # 未成年子女
    DEPENDENT_ADULT_CHILD = "dependent_adult_child"  # 已成年但不能独立生活的子女
    STUDENT_CHILD = "student_child"  # 在校接受全日制本科及以下学历教育的子女
    COHABITING_DEPENDANT = "cohabiting_dependant"  # 有法定赡养、扶养、抚养义务并长期共同居住


class ExcludedPerson(StrEnum):
    """不计入共同生活的家庭成员 (办法 第七条第二款)."""

    CLERGY_AWAY_3_YEARS = "clergy_away_3_years"  # 连续三年以上脱离家庭独立生活的宗教教职人员
    IMPRISONED = "imprisoned"  # 在监狱内服刑
    COMPULSORY_REHABILITATION = "compulsory_rehabilitation"  # 在戒毒所强制隔离戒毒
    DECLARED_MISSING = "declared_missing"  # 宣告失踪


class SinglePersonCategory(StrEnum):
    """Who may be assessed alone (单人保 / 参照“单人户”)."""

    DISABILITY_GRADE_1_2 = "disability_grade_1_2"  # 一级、二级重度残疾人
    DISABILITY_GRADE_3_INTELLECTUAL_MENTAL = "disability_grade_3_intellectual_mental"
    SERIOUS_ILLNESS = "serious_illness"  # 重特大疾病 / 重病患者
    SEVERE_DISABILITY = "severe_disability"  # 重度残疾人
    ADULT_UNEMPLOYED_SEVERE_DISABILITY = "adult_unemployed_severe_disability"  # 成年无业重度残疾人
    # 丧失劳动能力且单独立户的成年重度残疾人 (民发〔2012〕220号 第十条)
    ADULT_SEVERE_DISABILITY_OWN_HOUSEHOLD = "adult_severe_disability_own_household"
    CLERGY_IN_RELIGIOUS_VENUE = "clergy_in_religious_venue"  # 在宗教场所居住三年以上的宗教教职人员


class EmploymentCostScope(StrEnum):
    """Whose wages 必要的就业成本 is deducted from."""

    ALL_WAGE_EARNERS = "all_wage_earners"  # 办法 第十三条: 工资性收入…扣除必要的就业成本
    POVERTY_PROJECT_WORKERS = "poverty_project_workers"  # seed 001: 参与扶贫开发项目实现就业的


class TransferOutgoing(StrEnum):
    """转移性支出 netted off transfer income (办法 第十三条第一款第（四）项)."""

    TAXES = "taxes"  # 缴纳的税款
    SOCIAL_SECURITY = "social_security"  # 各项社会保障支出
    SUPPORT_PAYMENTS = "support_payments"  # 赡养支出


class PropertyKind(StrEnum):
    """家庭财产 (办法 第十四条)."""

    BANK_DEPOSITS = "bank_deposits"  # 银行存款
    SECURITIES = "securities"  # 证券
    FUNDS = "funds"  # 基金
    COMMERCIAL_INSURANCE = "commercial_insurance"  # 商业保险
    CLAIMS = "claims"  # 债权
    INTERNET_FINANCE = "internet_finance"  # 互联网金融资产
    VEHICLES = "vehicles"  # 车辆
    BUILDINGS = "buildings"  # 房屋
    TREES_AND_FIXTURES = "trees_and_fixtures"  # 林木等定着物


class DataSource(StrEnum):
    """The registers a 核对 queries (办法 第十七条; 2022 通知 三（二）)."""

    HUKOU = "hukou"  # 户籍
    TAX = "tax"  # 纳税记录
    SOCIAL_INSURANCE = "social_insurance"  # 社会保险缴纳
    REAL_ESTATE = "real_estate"  # 不动产登记 / 住房
    BUSINESS_REGISTRATION = "business_registration"  # 市场主体登记 / 个体经营
    PROVIDENT_FUND = "provident_fund"  # 住房公积金
    VEHICLES_VESSELS = "vehicles_vessels"  # 车船登记
    BANK_DEPOSITS = "bank_deposits"  # 银行存款
    COMMERCIAL_INSURANCE = "commercial_insurance"  # 商业保险
    SECURITIES = "securities"  # 证券
    INTERNET_FINANCE = "internet_finance"  # 互联网金融资产
    MARRIAGE = "marriage"  # 婚姻
    FUNERAL = "funeral"  # 殡葬
    DEATH = "death"  # 死亡
    PENSION = "pension"  # 养老金


class AllowanceMethod(StrEnum):
    DIFFERENCE = "difference"  # 差额: (标准 − 人均收入) × 人数
    TIERED = "tiered"  # 分档


class PaymentStart(StrEnum):
    MONTH_AFTER_APPROVAL = "month_after_approval"  # 从作出确认同意决定之日下月起


class PublishedField(StrEnum):
    """What the 公布 (or, in older texts, the 公示) of a household shows."""

    APPLICANT_NAME = "applicant_name"  # 申请人姓名
    HOUSEHOLD_SIZE = "household_size"  # 家庭成员数量
    HOUSEHOLD_MEMBERS = "household_members"  # 家庭成员
    INCOME = "income"  # 收入情况
    ALLOWANCE_AMOUNT = "allowance_amount"  # 保障金额


class RefusalCut(StrEnum):
    REFUSER_ONLY = "refuser_only"  # 减发或者停发其本人的最低生活保障金


class IncomeLine(StrEnum):
    PRIOR_YEAR_DISPOSABLE_INCOME = "prior_year_disposable_income"  # 上年度当地居民人均可支配收入


class HardshipSpending(StrEnum):
    """刚性支出 (刚性支出困难家庭认定办法 第五条)."""

    LIVING = "living"  # 生活支出
    MEDICAL = "medical"  # 医疗支出
    EDUCATION = "education"  # 教育支出
    DISABILITY_REHABILITATION = "disability_rehabilitation"  # 残疾康复支出
    OTHER_LOCAL = "other_local"  # 县级民政部门另外认定的其他支出


class AllowanceTier(BaseModel):
    """One 分档 tier (办法 第二十三条): a household whose gap (标准 − 人均收入) ÷ 标准 is at most
    ``up_to_gap_fraction`` (and above the previous tier's) is paid ``fraction_of_standard`` ×
    标准 per person.  The gap is the per-capita income band read from the other side: a gap
    of at most 0.3 is an income of at least 70 % of the standard."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    up_to_gap_fraction: Annotated[Fraction, Field(gt=0)]
    fraction_of_standard: Annotated[Fraction, Field(gt=0)]


def _ascending_to_one(tiers: tuple[AllowanceTier, ...]) -> tuple[AllowanceTier, ...]:
    bounds = [t.up_to_gap_fraction for t in tiers]
    if not bounds or bounds != sorted(set(bounds)) or bounds[-1] != 1:
        raise ValueError("tiers must have strictly ascending up_to_gap_fraction ending at 1")
    amounts = [t.fraction_of_standard for t in tiers]
    if amounts != sorted(amounts):
        # a poorer household (a larger gap) is never paid less per person
        raise ValueError("fraction_of_standard must not decrease from one tier to the next")
    return tiers


Tiers = Annotated[tuple[AllowanceTier, ...], AfterValidator(_ascending_to_one)]


@dataclass(frozen=True, eq=False)
class Param(Generic[T]):
    """A policy parameter: ``key`` as written in layer files, ``label`` as a person reads it.

    ``ceiling``: the value in force in a less specific layer is an upper bound (a deadline or a
    period a region may shorten but not lengthen); resolution reports a value above it.
    ``kind``: how the value is written for a person or on the wire (``yuan``: money, two
    places; ``ratio``/``fraction``: decimals; ``count``, ``flag``, ``choice``, ``choices``,
    ``texts``, ``tiers``).
    """

    key: str
    label: str
    adapter: TypeAdapter[T] = field(repr=False)
    rules: tuple[int, ...] = ()
    ceiling: bool = False
    kind: Kind = "choice"

    def check(self, value: object) -> T:
        return self.adapter.validate_python(value)


_ALL: list[Param[Any]] = []


def _add(param: Param[T]) -> Param[T]:
    if any(p.key == param.key for p in _ALL):
        raise ValueError(f"parameter {param.key} registered twice")
    _ALL.append(param)
    return param


def yuan(key: str, label: str, rules: tuple[int, ...] = ()) -> Param[Decimal]:
    return _add(Param(key, label, TypeAdapter(Yuan), rules, kind="yuan"))


def ratio(key: str, label: str, rules: tuple[int, ...] = ()) -> Param[Decimal]:
    return _add(Param(key, label, TypeAdapter(Ratio), rules, kind="ratio"))


def fraction(key: str, label: str, rules: tuple[int, ...] = ()) -> Param[Decimal]:
    return _add(Param(key, label, TypeAdapter(Fraction), rules, kind="fraction"))


def count(
    key: str, label: str, rules: tuple[int, ...] = (), *, ceiling: bool = False
) -> Param[int]:
    return _add(Param(key, label, TypeAdapter(Count), rules, ceiling, kind="count"))


def flag(key: str, label: str, rules: tuple[int, ...] = ()) -> Param[bool]:
    return _add(Param(key, label, TypeAdapter(StrictBool), rules, kind="flag"))


def choice(key: str, label: str, kind: type[E], rules: tuple[int, ...] = ()) -> Param[E]:
    return _add(Param(key, label, TypeAdapter(kind), rules, kind="choice"))


def choices(
    key: str, label: str, kind: type[E], rules: tuple[int, ...] = ()
) -> Param[tuple[E, ...]]:
    # a tuple, so a resolved value shared by every caller cannot be changed by one of them
    adapter = TypeAdapter(tuple[kind, ...])  # type: ignore[valid-type]
    return _add(Param(key, label, adapter, rules, kind="choices"))


def texts(key: str, label: str, rules: tuple[int, ...] = ()) -> Param[tuple[str, ...]]:
    text = Annotated[str, Field(min_length=1)]
    return _add(Param(key, label, TypeAdapter(tuple[text, ...]), rules, kind="texts"))


# 低保标准 and the property rules: set by the province or the 设区的市 (暂行办法 第十条)
STANDARD_URBAN = yuan("standard.urban", "城市低保标准（元/人·年）", (3,))
STANDARD_RURAL = yuan("standard.rural", "农村低保标准（元/人·年）", (3,))

MEMBER_RELATIONS = choices("household.member_relations", "共同生活的家庭成员", Relation, (1,))
EXCLUDED_PERSONS = choices(
    "household.excluded_persons", "不计入共同生活家庭成员的人员", ExcludedPerson, (2,)
)
PROVINCE_EXCLUDED_PERSONS = texts(
    "household.province_excluded_persons", "省级民政部门认定不计入的其他人员", (2,)
)

SINGLE_PERSON_EDGE_CATEGORIES = choices(
    "single_person.edge_household_categories",
    "低保边缘家庭中可单独申请的人员",
    SinglePersonCategory,
    (12,),
)
SINGLE_PERSON_ANY_CATEGORIES = choices(
    "single_person.any_household_categories",
    "可参照“单人户”申请的人员（不限边缘家庭）",
    SinglePersonCategory,
    (13,),
)
SINGLE_PERSON_MIN_AGE = count("single_person.min_age", "“单人户”的成年年龄（周岁）", (13,))
SINGLE_PERSON_SUPPORT_EXEMPTABLE = flag(
    "single_person.support_exemptable",
    "兄弟姐妹或60周岁以上老年人给付的供养费用可视情豁免",
    (13,),
)

LOOKBACK_MONTHS = count("income.lookback_months", "家庭收入核算期（月）")
EMPLOYMENT_COST_SCOPE = choice(
    "income.employment_cost_deducted_from", "必要的就业成本的扣减范围", EmploymentCostScope, (4,)
)
EMPLOYMENT_COST_MONTHLY = yuan(
    "income.employment_cost_monthly", "必要的就业成本（元/人·月）", (4, 9)
)
TRANSFER_NET_OF = choices(
    "income.transfer_net_of", "转移净收入扣减的转移性支出", TransferOutgoing, (4,)
)
EXCLUDED_SPECIAL_CARE = flag("income.excluded.special_care", "优待抚恤金不计入家庭收入", (5,))
EXCLUDED_FAMILY_PLANNING = flag(
    "income.excluded.family_planning", "计划生育奖励与扶助金不计入家庭收入", (5,)
)
EXCLUDED_SCHOLARSHIP = flag("income.excluded.scholarship", "奖学金不计入家庭收入", (5,))
EXCLUDED_REWARD = flag("income.excluded.reward", "见义勇为等奖励性补助不计入家庭收入", (5,))
EXCLUDED_SOCIAL_ASSISTANCE = flag(
    "income.excluded.social_assistance", "政府发放的各类社会救助款物不计入家庭收入", (6,)
)
EXCLUDED_BASIC_PENSION = flag(
    "income.excluded.basic_pension", "城乡居民基本养老保险基础养老金不计入家庭收入", (7,)
)
# pensions and benefits by type (人社): counted as 转移性收入 unless a layer excludes them
EXCLUDED_EMPLOYEE_PENSION = flag(
    "income.excluded.employee_pension", "企业职工基本养老金不计入家庭收入", (4,)
)
EXCLUDED_PUBLIC_PENSION = flag(
    "income.excluded.public_pension", "机关事业单位养老金不计入家庭收入", (4,)
)
EXCLUDED_UNEMPLOYMENT_BENEFIT = flag(
    "income.excluded.unemployment_benefit", "失业保险金不计入家庭收入", (4,)
)
EXCLUDED_LOCAL = texts("income.excluded.local", "设区的市级以上政府规定不计入的其他收入", (8,))
RIGID_EXPENSE_DEDUCTIBLE = flag(
    "income.rigid_expense_deductible", "因残疾、患重病等增加的刚性支出可适当扣减", (9,)
)
RIGID_EXPENSE_CAP_MONTHLY = yuan(
    "income.rigid_expense_cap_monthly", "刚性支出扣减上限（元/户·月）", (9,)
)

PROPERTY_KINDS = choices("assets.property_kinds", "家庭财产的种类", PropertyKind, (10,))
FINANCIAL_MULTIPLE = ratio(
    "assets.financial_multiple_of_annual_standard",
    "金融资产上限（年低保标准 × 家庭人数的倍数）",
    (3, 10),
)
EXEMPT_VEHICLE_USES = choices(
    "assets.exempt_vehicle_uses", "认定财产时豁免的车辆用途", VehicleUse, (10,)
)
MAX_RESIDENCES = count("assets.max_residences", "住房套数上限", (3, 10))
COMMERCIAL_PROPERTY_ALLOWED = flag("assets.commercial_property_allowed", "可拥有商业用房", (3, 10))
COUNT_PROVIDENT_FUND = flag("assets.count_provident_fund", "住房公积金余额计入金融资产", (10,))
COUNT_INSURANCE_CASH_VALUE = flag(
    "assets.count_insurance_cash_value", "商业保险的现金价值计入金融资产", (10,)
)
ANNUITY_COUNTED = flag(
    "income.annuity_counted", "商业保险年金（储蓄性保险投资收入）计入家庭收入", (4,)
)
OPERATING_COMPANY_DISQUALIFIES = flag(
    "assets.operating_company_disqualifies",
    "家庭成员为存续（在业）企业的法定代表人或股东的，财产状况不符合条件",
    (10,),
)
BUSINESS_PRESUMPTIVE_MARGIN = fraction(
    "income.business_presumptive_margin",
    "个体工商户无纳税经营所得时，按年报营业额推算经营净收入的比例",
    (4,),
)

EDGE_INCOME_MULTIPLE = ratio(
    "edge.income_multiple", "低保边缘家庭的收入线（低保标准的倍数）", (11,)
)
EDGE_REQUIRES_PROPERTY = flag(
    "edge.requires_property_within_limits", "低保边缘家庭须财产状况符合规定", (11,)
)

REQUIRES_AUTHORIZATION = flag(
    "verification.requires_authorization", "核对须有家庭的请求、委托（授权核对）", (14,)
)
VERIFICATION_SOURCES = choices("verification.sources", "信息核对查询的数据来源", DataSource, (15,))
ANSWER_OTHER_PROVINCES = flag(
    "verification.answer_other_province_requests", "及时办理其他省份发来的核对请求", (27,)
)

ADVERSE_CHECK_NOTICE = flag(
    "procedure.adverse_check_notice", "核对不符合条件的，及时告知申请人", (16,)
)
RECHECK_ON_OBJECTION = flag(
    "procedure.recheck_on_objection", "申请人有异议并提供佐证材料的，组织复查", (16,)
)
STAFF_RELATIVE_REGISTRATION = flag(
    "procedure.staff_relative_registration",
    "经办人员、村（居）委会成员近亲属的申请单独登记备案",
    (25,),
)
STAFF_RELATIVE_HOME_VISIT = flag(
    "procedure.staff_relative_county_home_visit", "单独登记备案的申请由县级民政部门入户调查", (25,)
)
# 复议: no national rule fixes either (cn.toml states examples), so neither is tagged with one
APPEAL_FILING_DAYS = count("appeal.filing_days", "对核对报告提出复议的期限（自报告作出之日起，日）")
APPEAL_DECISION_DAYS = count(
    "appeal.decision_working_days", "复议作出决定的期限（自提出之日起，工作日）"
)
COUNTY_SAMPLE_FRACTION = fraction(
    "procedure.county_home_visit_sample_fraction", "县级民政部门入户抽查比例（不低于）"
)

INVESTIGATION_START_DAYS = count(
    "deadline.investigation_start_working_days",
    "受理后启动家庭经济状况调查（工作日）",
    (17,),
    ceiling=True,
)
VERIFICATION_START_DAYS = count(
    "deadline.verification_start_working_days",
    "收到提请后启动信息核对（工作日）",
    (15, 17),
    ceiling=True,
)
COUNTY_DECISION_DAYS = count(
    "deadline.county_decision_working_days",
    "县级民政部门提出审核确认意见（工作日）",
    (17,),
    ceiling=True,
)
REFUSAL_NOTICE_DAYS = count(
    "deadline.refusal_notice_working_days", "不予确认的书面告知（工作日）", (17,), ceiling=True
)
TOTAL_DAYS = count("deadline.total_working_days", "审核确认总时限（工作日）", (17,), ceiling=True)
TOTAL_SPECIAL_DAYS = count(
    "deadline.total_special_working_days", "特殊情况下的总时限（工作日）", (17,), ceiling=True
)
TOTAL_DELEGATED_DAYS = count(
    "deadline.total_delegated_working_days",
    "审核确认权限下放乡镇（街道）时的总时限（工作日）",
    (17,),
    ceiling=True,
)
RESTART_ON_RE_REVIEW = flag("deadline.restart_on_re_review", "需要重新审核的，工作时限重新计算")

PUBLICITY_DAYS = count("publicity.notice_days", "初审意见公示期（天）", (18,))
PUBLISHED_FIELDS = choices("publication.fields", "公布的信息", PublishedField, (19,))
CONFIDENTIALITY = flag(
    "privacy.confidential_except_published", "除应公示的信息外，个人信息予以保密", (28,)
)

ALLOWANCE_METHOD = choice("allowance.method", "低保金的计算方式", AllowanceMethod, (20,))
TIERED_PERMITTED = flag("allowance.tiered_permitted", "可采取分档方式计算低保金", (20,))
ALLOWANCE_TIERS = _add(Param("allowance.tiers", "分档", TypeAdapter(Tiers), (20,), kind="tiers"))
PAID_FROM = choice("allowance.paid_from", "低保金的起发时间", PaymentStart, (20,))

REVIEW_THREE_NO = count("review.interval_months.three_no", "复核周期：三无人员（月）", (21,))
REVIEW_ILLNESS_DISABILITY_STABLE = count(
    "review.interval_months.illness_disability_stable",
    "复核周期：重病重残且收入基本无变化（月）",
    (21,),
)
REVIEW_STABLE = count("review.interval_months.stable", "复核周期：经济状况变化不大（月）", (21,))
REVIEW_VARIABLE_URBAN = count(
    "review.interval_months.variable_urban",
    "复核周期：收入来源不固定、有劳动能力，城市（月）",
    (21,),
)
REVIEW_VARIABLE_RURAL = count(
    "review.interval_months.variable_rural",
    "复核周期：收入来源不固定、有劳动能力，农村（月）",
    (21,),
)
RECHECK_AFTER_DEATH_MONTHS = count(
    "review.recheck_after_death_months", "成员死亡后完成家庭状况核查（月）", (22,), ceiling=True
)
GRADUATION_MONTHS = count("graduation.months", "渐退期（月）", (23,), ceiling=True)

CONSECUTIVE_REFUSALS = count(
    "work_refusal.consecutive_refusals", "无正当理由连续拒绝介绍工作的次数", (24,)
)
REFUSAL_CUT = choice("work_refusal.cut_applies_to", "减发或停发的范围", RefusalCut, (24,))
REFUSAL_CUT_FRACTION = fraction(
    "work_refusal.cut_fraction", "拒绝就业者本人低保金减发的比例（1 为停发）", (24,)
)

HARDSHIP_NOT_DIBAO_OR_EDGE = flag(
    "hardship.requires_not_dibao_or_edge", "刚性支出困难家庭：未纳入低保、特困且非边缘家庭", (26,)
)
HARDSHIP_INCOME_LINE = choice(
    "hardship.income_line", "刚性支出困难家庭：人均收入线", IncomeLine, (26,)
)
HARDSHIP_DISPOSABLE_INCOME = yuan(
    "hardship.disposable_income_per_capita_annual",
    "上年度当地居民人均可支配收入（元/人·年）",
    (26,),
)
HARDSHIP_SPENDING_WINDOW = count(
    "hardship.spending_window_months", "刚性支出困难家庭：刚性支出统计期（申请前月数）", (26,)
)
HARDSHIP_SPENDING_KINDS = choices(
    "hardship.spending_kinds", "刚性支出的种类", HardshipSpending, (26,)
)
HARDSHIP_SPENDING_RATIO = ratio(
    "hardship.spending_share_of_income", "刚性支出总额占家庭总收入的比例（超出即符合）", (26,)
)
HARDSHIP_DECISION_DAYS = count(
    "hardship.decision_working_days", "刚性支出困难家庭认定时限（工作日）", (26,), ceiling=True
)
HARDSHIP_DECISION_SPECIAL_DAYS = count(
    "hardship.decision_special_working_days", "特殊情况下的认定时限（工作日）", (26,), ceiling=True
)
HARDSHIP_VALIDITY_MONTHS = count(
    "hardship.validity_months", "刚性支出困难家庭认定的有效期（月）", (26,), ceiling=True
)

# the service's own thresholds for comparing a declaration with the sources: no policy text
DECLARED_INCOME_FRACTION = fraction("declaration.income_fraction", "申报收入容差（比例）")
DECLARED_INCOME_MINIMUM = yuan("declaration.income_minimum", "申报收入容差下限（元/月）")
DECLARED_ASSETS_FRACTION = fraction("declaration.assets_fraction", "申报财产容差（比例）")
DECLARED_ASSETS_MINIMUM = yuan("declaration.assets_minimum", "申报财产容差下限（元）")

# the integrity record (诚信记录, integrity_record/): how long a confirmed entry stays on the
# record from its confirmation.  内蒙古 (seed 003, 二（二）1) keeps a 诚信黑名单 of false
# declarations but sets no period, nor does any national text: the baseline's value is an example
INTEGRITY_PERIOD_MONTHS = count("integrity.period_months", "诚信记录的期限（月，自确认之日起）")

# retention (retention/, ADR 0024): how long a verification's personal data (declaration,
# report, agency answers, members) is kept — after its household's case ended, or, when no
# household was ever enrolled under its authorization, after it was made.  PIPL Art. 19 asks
# for the shortest time the purpose needs and sets no number; no 低保 text (national or seed)
# sets one: the baseline's values are examples, a province or city states its own
Years = Annotated[StrictInt, Field(ge=1, le=100)]
RETENTION_YEARS_AFTER_CASE_END = _add(
    Param(
        "retention.years_after_case_end",
        "核对数据的保存期限：家庭低保终止后（年）",
        TypeAdapter(Years),
        kind="count",
    )
)
RETENTION_YEARS_NEVER_ENROLLED = _add(
    Param(
        "retention.years_never_enrolled",
        "核对数据的保存期限：未纳入低保的核对，自核对之日起（年）",
        TypeAdapter(Years),
        kind="count",
    )
)

# 赡养、抚养、扶养义务人 outside the household (assessment/obligors.py): when an obligor is able
# to support and what of that ability counts as the household's support income (转移性收入,
# 办法 第十三条); no national text sets either, so the baseline's values are examples
OBLIGOR_CAPACITY_MULTIPLE = ratio(
    "obligors.capacity_multiple_of_standard",
    "义务人有赡养（抚养、扶养）能力的收入线（当地月低保标准的倍数，乘义务人家庭人口）",
)
OBLIGOR_SUPPORT_SHARE = fraction(
    "obligors.support_share_of_excess",
    "义务人超出收入线部分计入被赡养（抚养、扶养）家庭收入的比例",
)

PARAMS: Mapping[str, Param[Any]] = MappingProxyType({p.key: p for p in _ALL})
