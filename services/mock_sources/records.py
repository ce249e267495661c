"""What the fake agencies hold about one person, independent of any wire shape.

Every agency router renders the same ``PersonRecords`` in its own format, so the
scenario table and the synthetic generator only ever describe facts: money is
``Decimal`` yuan, dates are ``datetime.date``, coded values are the agencies'
own codes as ``StrEnum`` members.  The ID-number rule lives here too, because
"is this a person at all" is the first question every agency asks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

_ID_PATTERN = re.compile(r"\d{17}[\dX]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_CENT = Decimal("0.01")


def is_valid_id_number(value: str) -> bool:
    """True for an 18-character resident ID number (GB 11643) with a real
    birth date and a correct check character (upper-case ``X``)."""
    if not _ID_PATTERN.fullmatch(value):
        return False
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11] == value[17]


def birth_date(id_number: str) -> dt.date:
    """The birth date encoded in a valid ID number."""
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def money(value: Decimal | str | int) -> Decimal:
    """A yuan amount rounded to the cent."""
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


def two_places(value: Decimal) -> str:
    """A decimal as the agencies write amounts and areas: a plain string, two places."""
    return f"{money(value):f}"


def in_cents(value: Decimal) -> int:
    """A yuan amount as an integer number of cents (fen)."""
    return int(money(value) * 100)


class HukouStatus(StrEnum):
    ACTIVE = "正常"
    DECEASED = "死亡"
    MOVED_OUT = "迁出"


class VehicleUse(StrEnum):
    PRIVATE = "非营运"
    COMMERCIAL = "营运"
    AGRICULTURAL = "农用"
    DISABILITY = "残疾人专用"


class AccountType(StrEnum):
    DEMAND = "D"
    TIME = "T"


class InvestmentKind(StrEnum):
    """What a bank reports beside its accounts: its wealth products.  Stocks and funds are
    the securities register's (``SecuritiesInvestor``), not the bank's."""

    WEALTH_PRODUCT = "WMP"


class SecuritiesAccountKind(StrEnum):
    """中国结算 account categories (``zhlb``) under one 一码通 account."""

    SHANGHAI_A = "11"  # 沪市A股账户
    SHENZHEN_A = "21"  # 深市A股账户
    FUND = "41"  # 开放式基金账户


class SecuritiesAccountState(StrEnum):
    NORMAL = "0"  # 正常
    FROZEN = "1"  # 冻结: the holdings are still the investor's
    DORMANT = "4"  # 休眠
    CLOSED = "9"  # 注销: holds nothing


class SecurityCategory(StrEnum):
    STOCK = "GP"  # 股票
    FUND = "JJ"  # 基金份额
    BOND = "ZQ"  # 债券


class TaxItem(StrEnum):
    WAGES = "0101"
    LABOUR = "0400"
    BUSINESS = "0500"


class FundAccountState(StrEnum):
    NORMAL = "01"
    SEALED = "02"
    CLOSED = "03"


@dataclass(frozen=True, slots=True)
class HukouEntry:
    record_ref: str  # rybh
    registered_name: str | None  # None: synthetic person, any non-empty name matches
    region: str  # 6-digit division code
    status: HukouStatus = HukouStatus.ACTIVE
    date_of_death: dt.date | None = None

    def name_matches(self, name: str) -> bool:
        if self.registered_name is None:
            return bool(name.strip())
        return name == self.registered_name


@dataclass(frozen=True, slots=True)
class Vehicle:
    plate: str  # hphm, the record reference
    vehicle_type: str  # clzl
    use: VehicleUse
    first_registered: dt.date
    value: Decimal  # yuan


@dataclass(frozen=True, slots=True)
class Property:
    unit_number: str  # bdcdyh, the record reference
    use: str  # fwyt
    area_m2: Decimal
    registered_on: dt.date
    value: Decimal  # yuan


@dataclass(frozen=True, slots=True)
class BankAccount:
    masked_number: str
    account_type: AccountType
    balance: Decimal  # yuan
    interest_12m: Decimal = Decimal("0.00")  # yuan


@dataclass(frozen=True, slots=True)
class Investment:
    product_code: str
    kind: InvestmentKind
    market_value: Decimal  # yuan


@dataclass(frozen=True, slots=True)
class BankCustomer:
    accounts: tuple[BankAccount, ...] = ()
    investments: tuple[Investment, ...] = ()


@dataclass(frozen=True, slots=True)
class Holding:
    """One security held in one account, valued at the register's valuation date."""

    code: str  # zqdm, six digits
    category: SecurityCategory
    quantity: Decimal  # shares, or fund units (份额, two places)
    market_value: Decimal  # yuan


@dataclass(frozen=True, slots=True)
class SecuritiesAccount:
    number: str  # zqzh
    kind: SecuritiesAccountKind
    state: SecuritiesAccountState = SecuritiesAccountState.NORMAL
    holdings: tuple[Holding, ...] = ()


@dataclass(frozen=True, slots=True)
class SecuritiesInvestor:
    """A person's 一码通 account (``ymth``) and the securities accounts under it."""

    unified_number: str  # ymth, twelve digits
    accounts: tuple[SecuritiesAccount, ...] = ()


@dataclass(frozen=True, slots=True)
class TaxIncome:
    """One income item declared with the same amounts in every month."""

    item: TaxItem
    monthly_income: Decimal  # yuan
    monthly_tax: Decimal = Decimal("0.00")  # yuan


@dataclass(frozen=True, slots=True)
class ProvidentFundAccount:
    account_number: str  # grzh
    state: FundAccountState
    contribution_base: Decimal  # yuan per month
    monthly_deposit: Decimal  # yuan
    balance: Decimal  # yuan


class InsuranceProduct(StrEnum):
    """险种代码 of the insurance industry platform (``xzdm``)."""

    WHOLE_LIFE = "01"  # 终身寿险
    ANNUITY = "02"  # 年金险
    ENDOWMENT = "03"  # 两全险
    MEDICAL = "04"  # 医疗险
    ACCIDENT = "05"  # 意外险


class PolicyStatus(StrEnum):
    """保单状态 (``bdzt``)."""

    IN_FORCE = "1"  # 有效
    SUSPENDED = "2"  # 中止（欠缴保费）
    TERMINATED = "3"  # 终止（退保、满期、理赔终止）
    PAYING_OUT = "4"  # 给付中（年金领取期）


@dataclass(frozen=True, slots=True)
class InsurancePolicy:
    """One policy on the insurance platform, the person being its policyholder."""

    policy_number: str  # bdh, the record reference
    product: InsuranceProduct
    status: PolicyStatus
    issued_on: dt.date
    cash_value: Decimal  # yuan, 现金价值 on any valuation date (0.00: a pure risk cover)
    # 年金: paid on ``annuity_day`` of every month from ``annuity_from`` (None: pays nothing)
    monthly_annuity: Decimal = Decimal("0.00")
    annuity_from: dt.date | None = None
    annuity_day: int = 15


class EntityType(StrEnum):
    """市场主体类型 as the market-regulation agency codes it (WIRE.md)."""

    LIMITED_COMPANY = "1130"  # 有限责任公司（自然人投资或控股）
    ONE_PERSON_COMPANY = "1151"  # 一人有限责任公司（自然人独资）
    JOINT_STOCK_COMPANY = "1200"  # 股份有限公司
    PARTNERSHIP = "4530"  # 合伙企业
    SOLE_PROPRIETORSHIP = "4540"  # 个人独资企业
    INDIVIDUAL = "9600"  # 个体工商户


class EntityRole(StrEnum):
    """The person's role in the entity, coded."""

    LEGAL_REPRESENTATIVE = "01"  # 法定代表人
    SHAREHOLDER = "02"  # 股东（出资人）
    OPERATOR = "03"  # 经营者


class EntityStatus(StrEnum):
    """登记状态, coded."""

    IN_BUSINESS = "01"  # 在业
    EXISTING = "02"  # 存续
    REVOKED = "03"  # 吊销
    DEREGISTERED = "04"  # 注销
    MOVED_OUT = "09"  # 迁出


@dataclass(frozen=True, slots=True)
class MarketEntity:
    """One role of the person in one market entity, with its last annual report."""

    record_ref: str  # nbxh, the agency's internal serial number
    entity_type: EntityType
    role: EntityRole
    status: EntityStatus
    registered_capital: Decimal | None  # yuan; None for a 个体工商户 without 资金数额
    subscribed: Decimal | None  # yuan, the person's subscribed share; None: not a shareholder
    report_year: int | None  # None: no annual report filed
    turnover: Decimal | None  # yuan a year, as the annual report declares it


@dataclass(frozen=True, slots=True)
class PersonRecords:
    """Everything the agencies hold on one person; empty/None means none held."""

    hukou: HukouEntry | None = None
    vehicles: tuple[Vehicle, ...] = ()
    properties: tuple[Property, ...] = ()
    bank: BankCustomer | None = None
    tax: tuple[TaxIncome, ...] = ()
    provident_fund: ProvidentFundAccount | None = None
    securities: SecuritiesInvestor | None = None  # 中国结算: no 一码通 account when None
    insurance: tuple[InsurancePolicy, ...] = ()  # policies held (the insurance platform)
    market_entities: tuple[MarketEntity, ...] = ()


NO_RECORDS = PersonRecords()
