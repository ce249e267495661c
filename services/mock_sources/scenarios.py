"""The scenario households of WIRE.md, as data, and the record lookup.

Scenario people have fixed records exactly as the table in WIRE.md lists them;
anything the table does not list for a person is absent.  Values the table
leaves open (record references, dates, a house's estimated value, the fund's
monthly deposit) are fixed here and do not affect the expected outcomes: bank
interest is zero and every tax row carries zero tax.  ``records_for`` is the
single lookup the agencies use: scenario records first, then the synthetic
generator for any other valid ID number, and nothing for an invalid one.

The households from ``elder_basic_pension`` on exercise the employment and social-insurance
source (人社), a distribution of its own (connectors/social_insurance): its mock agency holds
their social-insurance records itself, keyed by the ID numbers below; here they have only the
records of the built-in agencies (hukou, and nothing else).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from mock_sources.records import (
    AccountType,
    BankAccount,
    BankCustomer,
    EntityRole,
    EntityStatus,
    EntityType,
    FundAccountState,
    Holding,
    HukouEntry,
    HukouStatus,
    InsurancePolicy,
    InsuranceProduct,
    Investment,
    InvestmentKind,
    MarketEntity,
    PersonRecords,
    PolicyStatus,
    Property,
    ProvidentFundAccount,
    SecuritiesAccount,
    SecuritiesAccountKind,
    SecuritiesAccountState,
    SecuritiesInvestor,
    SecurityCategory,
    TaxIncome,
    TaxItem,
    Vehicle,
    VehicleUse,
    is_valid_id_number,
    money,
)
from mock_sources.synthetic import synthetic_records

REGION = "450102"  # 南宁市兴宁区
AREA = "rural"
POLICY = "gx-rural"


class Relation(StrEnum):
    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    REVIEW_REQUIRED = "review_required"


@dataclass(frozen=True, slots=True)
class Member:
    id_number: str
    name: str
    relation: Relation
    records: PersonRecords


@dataclass(frozen=True, slots=True)
class Household:
    name: str
    members: tuple[Member, ...]
    expected_outcome: Outcome
    expected_note: str
    region: str = REGION
    area: str = AREA
    policy: str = POLICY


def _member(
    seq: int,
    id_number: str,
    name: str,
    relation: Relation,
    *,
    registered: bool = True,
    deceased_on: dt.date | None = None,
    tax: tuple[TaxIncome, ...] = (),
    bank: BankCustomer | None = None,
    vehicles: tuple[Vehicle, ...] = (),
    properties: tuple[Property, ...] = (),
    provident_fund: ProvidentFundAccount | None = None,
    securities: SecuritiesInvestor | None = None,
    insurance: tuple[InsurancePolicy, ...] = (),
    market_entities: tuple[MarketEntity, ...] = (),
) -> Member:
    hukou = None
    if registered:
        hukou = HukouEntry(
            record_ref=f"R{REGION}{seq:04d}",
            registered_name=name,
            region=REGION,
            status=HukouStatus.DECEASED if deceased_on else HukouStatus.ACTIVE,
            date_of_death=deceased_on,
        )
    records = PersonRecords(
        hukou=hukou,
        vehicles=vehicles,
        properties=properties,
        bank=bank,
        tax=tax,
        provident_fund=provident_fund,
        securities=securities,
        insurance=insurance,
        market_entities=market_entities,
    )
    return Member(id_number, name, relation, records)


def _monthly(item: TaxItem, amount: str) -> tuple[TaxIncome, ...]:
    return (TaxIncome(item, money(amount)),)


def _demand(masked_number: str, balance: str) -> BankCustomer:
    return BankCustomer(accounts=(BankAccount(masked_number, AccountType.DEMAND, money(balance)),))


def _house(unit_number: str, area: str, registered_on: dt.date, value: str) -> Property:
    return Property(unit_number, "住宅", money(area), registered_on, money(value))


def _policy(
    number: str,
    product: InsuranceProduct,
    status: PolicyStatus,
    issued_on: dt.date,
    cash_value: str,
    *,
    monthly_annuity: str = "0.00",
    annuity_from: dt.date | None = None,
) -> InsurancePolicy:
    return InsurancePolicy(
        number, product, status, issued_on, money(cash_value), money(monthly_annuity), annuity_from
    )


def _entity(
    record_ref: str,
    entity_type: EntityType,
    role: EntityRole,
    status: EntityStatus,
    *,
    capital: str | None = None,
    subscribed: str | None = None,
    report: tuple[int, str] | None = None,
) -> MarketEntity:
    return MarketEntity(
        record_ref,
        entity_type,
        role,
        status,
        money(capital) if capital is not None else None,
        money(subscribed) if subscribed is not None else None,
        report[0] if report is not None else None,
        money(report[1]) if report is not None else None,
    )


_SELF, _SPOUSE, _CHILD = Relation.SELF, Relation.SPOUSE, Relation.CHILD

HOUSEHOLDS: tuple[Household, ...] = (
    Household(
        name="eligible",
        expected_outcome=Outcome.ELIGIBLE,
        expected_note="per-capita (300.00 - 100.00) / 3 = 66.67; allowance 424.99",
        members=(
            _member(
                1,
                "450102198003120111",
                "韦国强",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "300.00"),
                bank=_demand("6222****0111", "3000.00"),
                vehicles=(
                    Vehicle(
                        "桂AT0318",
                        "手扶拖拉机",
                        VehicleUse.AGRICULTURAL,
                        dt.date(2018, 4, 9),
                        money("8000.00"),
                    ),
                ),
                properties=(
                    _house("450102003001GB00001F0001", "80.00", dt.date(2012, 5, 20), "120000.00"),
                ),
            ),
            _member(2, "450102198207040228", "黄秀兰", _SPOUSE),
            _member(3, "450102201002150313", "韦小明", _CHILD),
        ),
    ),
    Household(
        name="income_above",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="per-capita 1400.00 > 208.33",
        members=(
            _member(
                4,
                "450102197501010412",
                "陆建华",
                _SELF,
                tax=_monthly(TaxItem.WAGES, "2000.00"),
                provident_fund=ProvidentFundAccount(
                    "GJJ45010200041",
                    FundAccountState.NORMAL,
                    money("2000.00"),
                    money("400.00"),
                    money("15000.00"),
                ),
            ),
            _member(
                5, "45010219770909052X", "莫丽萍", _SPOUSE, tax=_monthly(TaxItem.WAGES, "1000.00")
            ),
        ),
    ),
    Household(
        name="private_car",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="non-exempt vehicle",
        members=(
            _member(
                6,
                "450102198506060616",
                "覃志勇",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "240.00"),
                vehicles=(
                    Vehicle(
                        "桂A6K520",
                        "小型轿车",
                        VehicleUse.PRIVATE,
                        dt.date(2020, 9, 18),
                        money("60000.00"),
                    ),
                ),
            ),
            _member(7, "45010219870808072X", "蓝春燕", _SPOUSE),
            _member(8, "450102201201010815", "覃浩", _CHILD),
        ),
    ),
    Household(
        name="two_houses",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="2 residences > 1",
        members=(
            _member(
                9,
                "450102197002020915",
                "梁永福",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "200.00"),
                properties=(
                    _house("450102003001GB00002F0001", "90.00", dt.date(2009, 3, 12), "350000.00"),
                ),
            ),
            _member(
                10,
                "450102197203031020",
                "韦美玲",
                _SPOUSE,
                properties=(
                    _house("450102003002GB00003F0001", "60.00", dt.date(2016, 11, 2), "180000.00"),
                ),
            ),
        ),
    ),
    Household(
        name="large_deposits",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="financial assets 60000.00 > limit 10000.00",
        members=(
            _member(
                11,
                "450102196005051114",
                "黄德明",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "150.00"),
                bank=BankCustomer(
                    accounts=(BankAccount("6228****1114", AccountType.TIME, money("50000.00")),),
                    investments=(
                        Investment("WMP2023001", InvestmentKind.WEALTH_PRODUCT, money("10000.00")),
                    ),
                ),
            ),
            _member(12, "450102196207071228", "李桂芳", _SPOUSE),
        ),
    ),
    Household(
        name="deceased_member",
        expected_outcome=Outcome.REVIEW_REQUIRED,
        expected_note="member deceased",
        members=(
            _member(13, "450102195001011313", "潘老汉", _SELF),
            _member(14, "45010219520202142X", "蒙阿婆", _SPOUSE, deceased_on=dt.date(2026, 3, 15)),
            _member(
                15, "450102197803031518", "潘大明", _CHILD, tax=_monthly(TaxItem.LABOUR, "200.00")
            ),
        ),
    ),
    Household(
        name="unknown_person",
        expected_outcome=Outcome.REVIEW_REQUIRED,
        expected_note="identity not confirmed",
        members=(
            _member(
                16, "450102199009091619", "农建军", _SELF, tax=_monthly(TaxItem.LABOUR, "200.00")
            ),
            _member(17, "450102199111111727", "韦丽", _SPOUSE, registered=False),
        ),
    ),
    Household(
        name="single_disabled",
        expected_outcome=Outcome.ELIGIBLE,
        expected_note="per-capita 0.00; allowance 208.33",
        members=(
            _member(
                18, "450102198808081818", "覃小军", _SELF, bank=_demand("6222****1818", "1000.00")
            ),
        ),
    ),
    Household(
        name="low_income_edge",
        expected_outcome=Outcome.INELIGIBLE,
        # wages 600.00 less the employment cost (100.00 a month, 办法 第十三条) = 500.00
        expected_note="low_income_edge: per-capita 250.00 between 208.33 and 312.50",
        members=(
            _member(
                19, "450102198304031913", "罗志强", _SELF, tax=_monthly(TaxItem.WAGES, "600.00")
            ),
            _member(20, "450102198405062022", "韦春花", _SPOUSE),
        ),
    ),
    Household(
        name="securities_two_accounts",
        expected_outcome=Outcome.INELIGIBLE,
        # 5800.00 (沪A) + 4800.00 (深A) + 536.20 (bank) = 11136.20 > 2 × 2500 × 2
        expected_note="financial assets 11136.20 > limit 10000.00",
        members=(
            _member(
                21,
                "450102197106062116",
                "黄振华",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "200.00"),
                bank=_demand("6222****2116", "536.20"),
                securities=SecuritiesInvestor(
                    "180045010221",
                    accounts=(
                        SecuritiesAccount(
                            "A450102211",
                            SecuritiesAccountKind.SHANGHAI_A,
                            holdings=(
                                Holding(
                                    "601398", SecurityCategory.STOCK, Decimal(1000), money("5800")
                                ),
                            ),
                        ),
                        SecuritiesAccount(
                            "0450102212",
                            SecuritiesAccountKind.SHENZHEN_A,
                            holdings=(
                                Holding(
                                    "159919",
                                    SecurityCategory.FUND,
                                    money("1200"),
                                    money("4800"),
                                ),
                            ),
                        ),
                        SecuritiesAccount(
                            "F45010221301",
                            SecuritiesAccountKind.FUND,
                            SecuritiesAccountState.CLOSED,
                        ),
                    ),
                ),
            ),
            _member(22, "450102197309092227", "莫秀英", _SPOUSE),
        ),
    ),
)

# the employment and social-insurance source's households (records in its own mock agency,
# connectors/social_insurance/social_insurance_source/mock.py)
HOUSEHOLDS += (
    Household(
        name="elder_basic_pension",
        expected_outcome=Outcome.ELIGIBLE,
        # the residents' basic pension, 150.00 a month, counted since its exclusion lapsed
        # (2025-12-31, no successor); allowance 208.33 - 150.00
        expected_note="per-capita 150.00 (basic pension, exclusion lapsed); allowance 58.33",
        members=(_member(23, "450102195004122123", "莫桂英", _SELF),),
    ),
    Household(
        name="retired_employee",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="per-capita (2600.00 + 150.00) / 2 = 1375.00 > 208.33",
        members=(
            _member(24, "450102195806012313", "梁振华", _SELF),
            _member(25, "450102196208152329", "黄月娥", _SPOUSE),
        ),
    ),
    Household(
        name="unemployed_benefit",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="per-capita 1674.00 / 4 = 418.50 > 312.50 (unemployment benefit counted)",
        members=(
            _member(26, "450102198503102411", "何志明", _SELF),
            _member(27, "45010219860922242X", "覃丽娟", _SPOUSE),
            _member(28, "450102201201052513", "何俊", _CHILD),
            _member(29, "45010220150618252X", "何小雨", _CHILD),
        ),
    ),
    Household(
        name="undeclared_wages",
        expected_outcome=Outcome.REVIEW_REQUIRED,
        expected_note="contributions imply a wage no source reports (wages_consistent)",
        members=(
            _member(30, "450102199002142612", "陈建宁", _SELF),
            _member(31, "45010219920707262X", "刘小燕", _SPOUSE),
        ),
    ),
)

# the insurance platform's households (商业保险)
HOUSEHOLDS += (
    # the insurance platform (商业保险): a policy's cash value is a financial asset (办法 第十四条)
    Household(
        name="insurance_cash_value",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="financial assets 2000.00 + cash value 18000.00 = 20000.00 > limit 10000.00",
        members=(
            _member(
                32,
                "450102196804152114",
                "黄志坚",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "200.00"),
                bank=_demand("6222****2114", "2000.00"),
                insurance=(
                    _policy(
                        "P2009450102000211",
                        InsuranceProduct.WHOLE_LIFE,
                        PolicyStatus.IN_FORCE,
                        dt.date(2009, 6, 1),
                        "18000.00",
                    ),
                ),
            ),
            _member(33, "450102197006122222", "农秀英", _SPOUSE),
        ),
    ),
    # annuities are income (储蓄性保险投资, 办法 第十三条第一款第（三）项): two annuities paid on
    # the same day, six payments a quarter, more than the platform's five a page
    Household(
        name="annuity_income",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="annuity_income: per-capita (300.00 + 200.00) / 2 = 250.00, edge",
        members=(
            _member(
                34,
                "450102195503012316",
                "梁伯年",
                _SELF,
                insurance=(
                    _policy(
                        "P2005450102000231",
                        InsuranceProduct.ANNUITY,
                        PolicyStatus.PAYING_OUT,
                        dt.date(2005, 3, 1),
                        "2000.00",
                        monthly_annuity="300.00",
                        annuity_from=dt.date(2015, 3, 15),
                    ),
                    _policy(
                        "P2010450102000232",
                        InsuranceProduct.ANNUITY,
                        PolicyStatus.PAYING_OUT,
                        dt.date(2010, 3, 1),
                        "1500.00",
                        monthly_annuity="200.00",
                        annuity_from=dt.date(2020, 3, 15),
                    ),
                ),
            ),
            _member(35, "450102195709182425", "陆桂英", _SPOUSE),
        ),
    ),
    # medical and accident cover only: no cash value, no annuity, no effect
    Household(
        name="medical_only",
        expected_outcome=Outcome.ELIGIBLE,
        expected_note="per-capita (300.00 - 100.00) / 2 = 100.00; allowance 216.66",
        members=(
            _member(
                36,
                "450102197902252519",
                "韦振华",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "300.00"),
                bank=_demand("6222****2519", "1500.00"),
                insurance=(
                    _policy(
                        "P2021450102000251",
                        InsuranceProduct.MEDICAL,
                        PolicyStatus.IN_FORCE,
                        dt.date(2021, 1, 1),
                        "0.00",
                    ),
                    _policy(
                        "P2022450102000252",
                        InsuranceProduct.ACCIDENT,
                        PolicyStatus.IN_FORCE,
                        dt.date(2022, 5, 10),
                        "0.00",
                    ),
                ),
            ),
            _member(
                37,
                "450102198105072624",
                "覃月娥",
                _SPOUSE,
                insurance=(
                    _policy(
                        "P2023450102000261",
                        InsuranceProduct.MEDICAL,
                        PolicyStatus.IN_FORCE,
                        dt.date(2023, 1, 1),
                        "0.00",
                    ),
                ),
            ),
        ),
    ),
)

# market regulation's households (市场监管)
HOUSEHOLDS += (
    Household(
        name="business_turnover",
        expected_outcome=Outcome.INELIGIBLE,
        # a 个体工商户 in business, its 2025 annual report declaring 96000.00 a year: the
        # presumptive income at the policy's 10 % margin is 9600.00 a year, 800.00 a month
        expected_note="per-capita 800.00 / 2 = 400.00 > 208.33",
        members=(
            _member(
                38,
                "450102197906062114",
                "黄振华",
                _SELF,
                market_entities=(
                    _entity(
                        "NB4501022021000321",
                        EntityType.INDIVIDUAL,
                        EntityRole.OPERATOR,
                        EntityStatus.IN_BUSINESS,
                        capital="30000.00",
                        report=(2025, "96000.00"),
                    ),
                ),
            ),
            _member(39, "450102198102142228", "陈小燕", _SPOUSE),
        ),
    ),
    Household(
        name="company_shareholder",
        expected_outcome=Outcome.INELIGIBLE,
        expected_note="shareholder and legal representative of an operating company",
        members=(
            _member(
                40,
                "450102197604042310",
                "蒙建国",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "200.00"),
                market_entities=(
                    _entity(
                        "NB4501022019001187",
                        EntityType.LIMITED_COMPANY,
                        EntityRole.LEGAL_REPRESENTATIVE,
                        EntityStatus.EXISTING,
                        capital="500000.00",
                        report=(2025, "800000.00"),
                    ),
                    _entity(
                        "NB4501022019001187",
                        EntityType.LIMITED_COMPANY,
                        EntityRole.SHAREHOLDER,
                        EntityStatus.EXISTING,
                        capital="500000.00",
                        subscribed="100000.00",
                        report=(2025, "800000.00"),
                    ),
                ),
            ),
            _member(41, "450102197808082429", "覃月娥", _SPOUSE),
        ),
    ),
    Household(
        name="business_closed",
        expected_outcome=Outcome.ELIGIBLE,
        # labour 300.00 less the employment cost 100.00 = 200.00; the 注销 个体工商户 and the
        # 吊销 company's shares count for nothing
        expected_note="per-capita 200.00 / 3 = 66.67; allowance 424.99",
        members=(
            _member(
                42,
                "450102198207072510",
                "韦德胜",
                _SELF,
                tax=_monthly(TaxItem.LABOUR, "300.00"),
                market_entities=(
                    _entity(
                        "NB4501022016000452",
                        EntityType.INDIVIDUAL,
                        EntityRole.OPERATOR,
                        EntityStatus.DEREGISTERED,
                        report=(2022, "150000.00"),
                    ),
                    _entity(
                        "NB4501022015000098",
                        EntityType.LIMITED_COMPANY,
                        EntityRole.SHAREHOLDER,
                        EntityStatus.REVOKED,
                        capital="100000.00",
                        subscribed="20000.00",
                    ),
                ),
            ),
            _member(43, "450102198509092621", "罗美玉", _SPOUSE),
            _member(44, "450102201105052716", "韦小龙", _CHILD),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class SupportObligor:
    """A support obligor (赡养、抚养、扶养义务人) living outside a household: the request
    names them with their own consent; the agencies hold their records as anyone's."""

    person: Member
    relation: str  # the service's obligor relation (parent, adult_child, spouse_apart, …)
    household_size: int  # their own household, as declared in the request


@dataclass(frozen=True, slots=True)
class SupportedHousehold:
    """A scenario household verified with its support obligors (WIRE.md, "Support
    obligors"); kept apart from ``HOUSEHOLDS``, whose outcomes hold without obligors."""

    household: Household
    obligors: tuple[SupportObligor, ...]
    support_status: str  # the report's ``obligors.support_status``


SUPPORTED: tuple[SupportedHousehold, ...] = (
    SupportedHousehold(
        household=Household(
            name="elderly_supported",
            expected_outcome=Outcome.INELIGIBLE,
            # line 2 × 208.33 × 3 = 1,249.98; excess 1,750.02; 30 % = 525.006 → 525.01
            expected_note="support counted 525.01 > 208.33 (daughter's wages 3,000.00)",
            members=(_member(21, "450102195003152128", "蓝秀英", _SELF),),
        ),
        obligors=(
            SupportObligor(
                _member(
                    22,
                    "450102197806062221",
                    "覃美玲",
                    _CHILD,
                    tax=_monthly(TaxItem.WAGES, "3000.00"),
                ),
                "adult_child",
                3,
            ),
        ),
        support_status="capable",
    ),
    SupportedHousehold(
        household=Household(
            name="elderly_no_capable_obligor",
            expected_outcome=Outcome.ELIGIBLE,
            # line 2 × 208.33 × 2 = 833.32 > 600.00: not able to support; allowance 208.33
            expected_note="no capable obligor (三无 condition on obligors met); allowance 208.33",
            members=(_member(23, "450102194809202329", "黄桂芬", _SELF),),
        ),
        obligors=(
            SupportObligor(
                _member(
                    24, "450102197601022429", "黄丽", _CHILD, tax=_monthly(TaxItem.WAGES, "600.00")
                ),
                "adult_child",
                2,
            ),
        ),
        support_status="none_capable",
    ),
)

_BY_NAME = MappingProxyType({household.name: household for household in HOUSEHOLDS})
_BY_ID = MappingProxyType(
    {
        **{member.id_number: member for household in HOUSEHOLDS for member in household.members},
        **{m.id_number: m for h in SUPPORTED for m in h.household.members},
        **{o.person.id_number: o.person for h in SUPPORTED for o in h.obligors},
    }
)


def household(name: str) -> Household | None:
    """The scenario household called ``name``, or None."""
    return _BY_NAME.get(name)


def scenario_member(id_number: str) -> Member | None:
    """The scenario person with this ID number, or None."""
    return _BY_ID.get(id_number)


def records_for(id_number: str) -> PersonRecords | None:
    """What the agencies hold on ``id_number``: the fixed records of a scenario
    person, synthetic records for any other valid ID number, None otherwise."""
    member = _BY_ID.get(id_number)
    if member is not None:
        return member.records
    if not is_valid_id_number(id_number):
        return None
    return synthetic_records(id_number)
