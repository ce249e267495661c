"""The nine scenario households of WIRE.md, as data, and the record lookup.

Scenario people have fixed records exactly as the table in WIRE.md lists them;
anything the table does not list for a person is absent.  Values the table
leaves open (record references, dates, a house's estimated value, the fund's
monthly deposit) are fixed here and do not affect the expected outcomes: bank
interest is zero and every tax row carries zero tax.  ``records_for`` is the
single lookup the agencies use: scenario records first, then the synthetic
generator for any other valid ID number, and nothing for an invalid one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from mock_sources.records import (
    AccountType,
    BankAccount,
    BankCustomer,
    FundAccountState,
    HukouEntry,
    HukouStatus,
    Investment,
    InvestmentKind,
    PersonRecords,
    Property,
    ProvidentFundAccount,
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
    )
    return Member(id_number, name, relation, records)


def _monthly(item: TaxItem, amount: str) -> tuple[TaxIncome, ...]:
    return (TaxIncome(item, money(amount)),)


def _demand(masked_number: str, balance: str) -> BankCustomer:
    return BankCustomer(accounts=(BankAccount(masked_number, AccountType.DEMAND, money(balance)),))


def _house(unit_number: str, area: str, registered_on: dt.date, value: str) -> Property:
    return Property(unit_number, "住宅", money(area), registered_on, money(value))


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
