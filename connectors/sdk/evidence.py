"""Normalized evidence: the only shape of agency data the service ever sees.

Each connector translates its agency's wire format into these frozen
dataclasses.  Money is ``Decimal`` yuan with two places; months are
``YYYY-MM`` strings; every item carries a ``RecordRef`` naming the source and
the agency's own record reference so a report can show the evidence behind
each figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class EvidenceKind(StrEnum):
    """What a source can report about a person, as its connector declares it.

    The assessment asks for kinds, never for agencies: a rule needs an answer from
    every installed source that declares a kind it reads (``connectors.sdk.source``).
    """

    IDENTITY = "identity"  # IdentityFact: registered, alive, name matches (户籍)
    EMPLOYMENT_INCOME = "employment_income"  # IncomeItem of category wages or business
    OTHER_INCOME = "other_income"  # IncomeItem of any other category (interest, pensions, …)
    FINANCIAL_ASSETS = "financial_assets"  # FinancialAsset other than the provident fund
    PROVIDENT_FUND = "provident_fund"  # FinancialAsset of kind provident_fund (policy counts it)
    VEHICLES = "vehicles"  # Vehicle
    PROPERTIES = "properties"  # Property
    WAGE_INDICATORS = "wage_indicators"  # WageIndicator: a wage implied by contributions
    # FinancialAsset of kind insurance_cash_value: a policy's 现金价值 (policy counts it)
    INSURANCE_CASH_VALUE = "insurance_cash_value"
    BUSINESSES = "businesses"  # BusinessInterest: 个体工商户 and companies (市场主体登记)


class SourceStatus(StrEnum):
    """How a query of one source for one person ended."""

    OK = "ok"
    NOT_FOUND = "not_found"  # the agency answered: it holds no record of this person
    UNAVAILABLE = "unavailable"  # no usable answer: timeouts, 5xx, breaker open, deadline
    REJECTED = "rejected"  # the agency refused the query or answered with malformed data
    # the agency accepted the query and will answer later: the result carries its ``Ticket``
    # (``connectors.sdk.pending``); the answer is collected with the connector's ``collect``
    PENDING = "pending"


class IncomeCategory(StrEnum):
    WAGES = "wages"  # 工资薪金
    LABOUR = "labour"  # 劳务报酬
    BUSINESS = "business"  # 经营所得
    PROPERTY = "property"  # 财产性收入: interest, rent
    BASIC_PENSION = "basic_pension"  # 城乡居民基本养老保险基础养老金
    PENSION = "pension"  # other pensions
    TRANSFER = "transfer"  # 转移性收入
    OTHER = "other"
    # pensions and benefits by type, as the social-insurance agency (人社) pays them; the
    # policy counts or excludes each (``income.excluded.*``)
    EMPLOYEE_PENSION = "employee_pension"  # 企业职工基本养老金
    PUBLIC_PENSION = "public_pension"  # 机关事业单位养老金
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit"  # 失业保险金
    ANNUITY = "annuity"  # 商业保险年金给付（储蓄性保险投资收入）


class FinancialKind(StrEnum):
    DEMAND_DEPOSIT = "demand_deposit"  # 活期
    TIME_DEPOSIT = "time_deposit"  # 定期
    SECURITIES = "securities"  # 股票、基金
    WEALTH_PRODUCT = "wealth_product"  # 理财产品
    PROVIDENT_FUND = "provident_fund"  # 住房公积金余额
    INSURANCE_CASH_VALUE = "insurance_cash_value"  # 商业保险的现金价值


class VehicleUse(StrEnum):
    PRIVATE = "private"  # 非营运
    COMMERCIAL = "commercial"  # 营运
    AGRICULTURAL = "agricultural"  # 农用
    DISABILITY = "disability"  # 残疾人专用


class PropertyUse(StrEnum):
    RESIDENTIAL = "residential"  # 住宅
    COMMERCIAL = "commercial"  # 商业
    OTHER = "other"


class EmploymentStatus(StrEnum):
    """A person's standing with the social-insurance agency (人社)."""

    EMPLOYED = "employed"  # 在职参保缴费
    SUSPENDED = "suspended"  # 暂停缴费（中断）
    UNEMPLOYED = "unemployed"  # 失业登记
    RETIRED = "retired"  # 退休（领取养老金）
    ENDED = "ended"  # 终止参保


class PersonStatus(StrEnum):
    ACTIVE = "active"  # 正常
    DECEASED = "deceased"  # 死亡
    MOVED_OUT = "moved_out"  # 迁出


@dataclass(frozen=True, slots=True)
class RecordRef:
    source: str  # the scope, e.g. "tax"
    reference: str  # the agency's own record id; never a personal ID number


@dataclass(frozen=True, slots=True)
class IdentityFact:
    status: PersonStatus
    name_matches: bool
    registered_region: str  # 6-digit division code of the 户籍
    date_of_death: dt.date | None
    ref: RecordRef


@dataclass(frozen=True, slots=True)
class IncomeItem:
    category: IncomeCategory
    month: str  # YYYY-MM
    amount: Decimal  # yuan, gross for the month
    ref: RecordRef


@dataclass(frozen=True, slots=True)
class FinancialAsset:
    kind: FinancialKind
    value: Decimal  # yuan
    ref: RecordRef


@dataclass(frozen=True, slots=True)
class Vehicle:
    use: VehicleUse
    kind: str  # e.g. "小型轿车"
    registered_on: dt.date
    estimated_value: Decimal
    ref: RecordRef


@dataclass(frozen=True, slots=True)
class Property:
    use: PropertyUse
    area_m2: Decimal
    acquired_on: dt.date
    estimated_value: Decimal
    ref: RecordRef


@dataclass(frozen=True, slots=True)
class WageIndicator:
    """A wage implied by another record (provident-fund or social-insurance contribution
    base)."""

    monthly_wage: Decimal
    account_active: bool
    ref: RecordRef
    month: str | None = None  # YYYY-MM when the base is a month's (social insurance); else None


@dataclass(frozen=True, slots=True)
class Employment:
    """A person's employment as the social-insurance agency records it: the status, the
    employer by its unified social credit code (统一社会信用代码, never a person's data; None
    when there is none) and the month the status began."""

    status: EmploymentStatus
    employer_code: str | None
    since: str  # YYYY-MM
    ref: RecordRef


class BusinessEntityType(StrEnum):
    """The kind of market entity (市场主体类型), as the service reads the agency's codes."""

    INDIVIDUAL = "individual"  # 个体工商户
    LIMITED_COMPANY = "limited_company"  # 有限责任公司 (一人有限责任公司 included)
    JOINT_STOCK_COMPANY = "joint_stock_company"  # 股份有限公司
    SOLE_PROPRIETORSHIP = "sole_proprietorship"  # 个人独资企业
    PARTNERSHIP = "partnership"  # 合伙企业
    OTHER = "other"


class BusinessRole(StrEnum):
    """The person's role in the entity."""

    OPERATOR = "operator"  # 经营者 (of a 个体工商户)
    LEGAL_REPRESENTATIVE = "legal_representative"  # 法定代表人
    SHAREHOLDER = "shareholder"  # 股东 / 出资人


class BusinessStatus(StrEnum):
    """The entity's registration status (登记状态)."""

    ACTIVE = "active"  # 存续 / 在业 / 开业
    REVOKED = "revoked"  # 吊销（未注销）
    DEREGISTERED = "deregistered"  # 注销
    OTHER = "other"  # 迁出、停业 and the like


@dataclass(frozen=True, slots=True)
class BusinessInterest:
    """One role of the person in one market entity (市场主体登记, 个体工商户 or company)."""

    entity_type: BusinessEntityType
    role: BusinessRole
    status: BusinessStatus
    registered_capital: Decimal | None  # yuan (注册资本 / 资金数额); None: not registered
    subscribed_share: Decimal | None  # the person's subscribed capital, yuan (认缴出资额)
    declared_turnover: Decimal | None  # 年报营业额 (营业收入), yuan a year; None: no report
    report_year: int | None  # the annual report's year
    ref: RecordRef  # the agency's record id (never the 统一社会信用代码 of a person)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything one source said about one person. Empty lists mean 'none held'."""

    identity: IdentityFact | None = None
    incomes: tuple[IncomeItem, ...] = ()
    financial_assets: tuple[FinancialAsset, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    properties: tuple[Property, ...] = ()
    wage_indicators: tuple[WageIndicator, ...] = ()
    employment: tuple[Employment, ...] = ()
    businesses: tuple[BusinessInterest, ...] = ()


@dataclass(frozen=True, slots=True)
class Ticket:
    """An agency's promise to answer later: its own opaque reference for the query (never a
    personal ID number) and, if it said so, when it expects to have the answer."""

    reference: str
    expected_by: dt.datetime | None = None  # timezone-aware


@dataclass(frozen=True, slots=True)
class Attempt:
    """One HTTP exchange with the agency (a retry or a further page is another attempt)."""

    number: int  # 1-based within the query
    outcome: str  # "ok", "not_found", "http_503", "http_429", "timeout", "connect_error", ...
    status_code: int | None  # the HTTP status, None when no response arrived
    duration_ms: int
    request: int = 1  # the logical request it was sent for: a further page is the next one


@dataclass(frozen=True, slots=True)
class SourceResult:
    """The outcome of querying one source for one person."""

    scope: str
    status: SourceStatus
    evidence: Evidence = field(default_factory=Evidence)
    reason: str | None = None  # why not ok; never contains personal data
    # tries of the most-tried request: 1 + its retries; a further page is not a retry
    # (0: none sent, e.g. breaker open or deadline passed)
    attempts: int = 1
    duration_ms: int = 0
    attempt_log: tuple[Attempt, ...] = ()  # one entry per request sent, in order
    requests: int | None = None  # every request sent, pages and retries (None: = attempts)
    reason_code: str | None = None  # the reason as a stable code (``errors.ReasonCode``)
    reason_params: Mapping[str, str | int] = field(default_factory=dict)
    ticket: Ticket | None = None  # set exactly when ``status`` is ``pending``

    @property
    def requests_sent(self) -> int:
        return self.attempts if self.requests is None else self.requests
