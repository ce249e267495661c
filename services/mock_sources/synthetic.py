"""Deterministic records for people who are not in a scenario.

Every decision is read from a fixed byte of ``SHA-256(id_number)``, so the
same ID number always yields the same records and no state is kept.  The mix
is meant to look like a rural district: most people are registered and active,
many have no other records, some have modest labour income or wages (a few
wage earners also a side job), some a deposit (a few of them fund units too),
and a few a car, a farm vehicle or a registered house.  Only adults
(born in 2007 or earlier) get income, vehicles, property or a fund account.

Insurance policies and market entities (issue #20's sources) are read from a second
digest, ``SHA-256("issue20:" + id_number)``, so that adding them moved no earlier
decision: about one adult in twenty holds policies (most with a cash value, rarely an
annuity being paid), about one in a hundred and fifty operates a 个体工商户 and about one
in five hundred is a company's legal representative and shareholder.  Social-insurance
records live with the separately built agency (``social_insurance_source.mock``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

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
    MarketEntity,
    PersonRecords,
    PolicyStatus,
    Property,
    ProvidentFundAccount,
    SecuritiesAccount,
    SecuritiesAccountKind,
    SecuritiesInvestor,
    SecurityCategory,
    TaxIncome,
    TaxItem,
    Vehicle,
    VehicleUse,
    birth_date,
    money,
)

_LAST_ADULT_BIRTH_YEAR = 2007
_PLATE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_WAGE_TAX_THRESHOLD = Decimal(5000)
_WAGE_TAX_RATE = Decimal("0.03")
_FUND_DEPOSIT_RATE = Decimal("0.20")
_DEMAND_RATE = Decimal("0.0035")
_TIME_RATE = Decimal("0.015")
_SECOND_DIGEST_SALT = "issue20:"
_REPORT_YEAR = 2025  # the annual reports on file: the last year's


class _Digest:
    """Named reads from the SHA-256 digest of one ID number."""

    def __init__(self, id_number: str) -> None:
        self._bytes = hashlib.sha256(id_number.encode("ascii")).digest()

    def byte(self, index: int) -> int:
        return self._bytes[index]

    def number(self, start: int, length: int) -> int:
        return int.from_bytes(self._bytes[start : start + length], "big")

    def digits(self, start: int, count: int) -> str:
        return f"{self.number(start, 4) % 10**count:0{count}d}"


def synthetic_records(id_number: str) -> PersonRecords:
    """The records of a valid, non-scenario ID number."""
    digest = _Digest(id_number)
    adult = birth_date(id_number).year <= _LAST_ADULT_BIRTH_YEAR
    tax = _tax(digest) if adult else ()
    second = _Digest(_SECOND_DIGEST_SALT + id_number)
    return PersonRecords(
        hukou=_hukou(id_number, digest),
        vehicles=_vehicles(digest) if adult else (),
        properties=_properties(id_number, digest) if adult else (),
        bank=_bank(digest),
        tax=tax,
        provident_fund=_provident_fund(digest, tax),
        securities=_securities(digest),
        insurance=_insurance(second) if adult else (),
        market_entities=_market_entities(id_number, second) if adult else (),
    )


def _hukou(id_number: str, digest: _Digest) -> HukouEntry:
    roll = digest.byte(0) % 100
    status = HukouStatus.ACTIVE
    date_of_death = None
    if roll == 0 and birth_date(id_number).year < 2000:
        status = HukouStatus.DECEASED
        date_of_death = dt.date(2024, 1 + digest.byte(1) % 12, 1 + digest.byte(2) % 28)
    elif roll == 1:
        status = HukouStatus.MOVED_OUT
    return HukouEntry(
        record_ref=f"R{id_number[:6]}{digest.digits(3, 7)}",
        registered_name=None,
        region=id_number[:6],
        status=status,
        date_of_death=date_of_death,
    )


def _tax(digest: _Digest) -> tuple[TaxIncome, ...]:
    roll = digest.byte(6) % 10
    if roll < 4:
        return ()
    if roll < 8:
        return (TaxIncome(TaxItem.LABOUR, money(100 + digest.byte(7) % 40 * 20)),)
    wage = money(1500 + digest.byte(8) % 50 * 100)
    tax = money(max(Decimal(0), (wage - _WAGE_TAX_THRESHOLD) * _WAGE_TAX_RATE))
    wages = TaxIncome(TaxItem.WAGES, wage, tax)
    if digest.byte(5) % 4:
        return (wages,)
    return (wages, TaxIncome(TaxItem.LABOUR, money(200 + digest.byte(7) % 20 * 10)))  # a side job


def _provident_fund(digest: _Digest, tax: tuple[TaxIncome, ...]) -> ProvidentFundAccount | None:
    wages = [income for income in tax if income.item is TaxItem.WAGES]
    if not wages or digest.byte(9) % 2:
        return None
    base = wages[0].monthly_income
    deposit = money(base * _FUND_DEPOSIT_RATE)
    return ProvidentFundAccount(
        account_number=f"GJJ{digest.digits(10, 8)}",
        state=FundAccountState.NORMAL,
        contribution_base=base,
        monthly_deposit=deposit,
        balance=money(deposit * (12 + digest.byte(14) % 96)),
    )


def _bank(digest: _Digest) -> BankCustomer | None:
    roll = digest.byte(11) % 10
    if roll < 6:
        return None
    demand = money(Decimal(100 + digest.number(12, 2) % 20000) + Decimal(digest.byte(15)) / 100)
    accounts = [
        BankAccount(
            f"6222****{digest.digits(16, 4)}",
            AccountType.DEMAND,
            demand,
            money(demand * _DEMAND_RATE),
        )
    ]
    if roll == 9:
        time_deposit = money(10000 + digest.number(17, 2) % 50 * 1000)
        accounts.append(
            BankAccount(
                f"6228****{digest.digits(19, 4)}",
                AccountType.TIME,
                time_deposit,
                money(time_deposit * _TIME_RATE),
            )
        )
    return BankCustomer(accounts=tuple(accounts))


def _securities(digest: _Digest) -> SecuritiesInvestor | None:
    """Fund units in a fund account, for some of the bank's customers: the holdings the bank
    reported as its customers' funds before the register answered them, at the same value
    (1.00 a unit)."""
    if digest.byte(11) % 10 < 6 or digest.byte(20) % 25:
        return None
    value = money(1000 + digest.byte(22) * 50)
    holding = Holding(digest.digits(21, 6), SecurityCategory.FUND, value, value)
    account = SecuritiesAccount(
        f"F{digest.digits(16, 4)}{digest.digits(21, 7)}",
        SecuritiesAccountKind.FUND,
        holdings=(holding,),
    )
    return SecuritiesInvestor(f"18{digest.digits(17, 10)}", accounts=(account,))


def _vehicles(digest: _Digest) -> tuple[Vehicle, ...]:
    vehicles = []
    if digest.byte(23) % 20 == 0:
        vehicles.append(
            Vehicle(
                plate=_plate(digest, 24),
                vehicle_type="小型轿车",
                use=VehicleUse.PRIVATE,
                first_registered=dt.date(2010 + digest.byte(25) % 15, 1 + digest.byte(26) % 12, 10),
                value=money(30000 + digest.byte(27) % 120 * 1000),
            )
        )
    if digest.byte(28) % 25 == 0:
        vehicles.append(
            Vehicle(
                plate=_plate(digest, 29),
                vehicle_type="三轮汽车",
                use=VehicleUse.AGRICULTURAL,
                first_registered=dt.date(2008 + digest.byte(30) % 15, 1 + digest.byte(31) % 12, 20),
                value=money(3000 + digest.byte(25) % 50 * 100),
            )
        )
    return tuple(sorted(vehicles, key=lambda vehicle: vehicle.plate))


def _plate(digest: _Digest, start: int) -> str:
    number = digest.number(start, 4)
    chars = []
    for _ in range(5):
        number, index = divmod(number, len(_PLATE_CHARS))
        chars.append(_PLATE_CHARS[index])
    return "桂A" + "".join(chars)


def _properties(id_number: str, digest: _Digest) -> tuple[Property, ...]:
    if digest.byte(1) % 10:
        return ()
    area = money(60 + digest.byte(2) % 80)
    return (
        Property(
            unit_number=f"{id_number[:6]}{digest.digits(3, 6)}GB{digest.digits(7, 5)}F0001",
            use="住宅",
            area_m2=area,
            registered_on=dt.date(2005 + digest.byte(4) % 20, 1 + digest.byte(5) % 12, 1),
            value=money(area * (1500 + digest.byte(13) % 20 * 100)),
        ),
    )


def _insurance(digest: _Digest) -> tuple[InsurancePolicy, ...]:
    """Policies for about 5 % of adults: a medical or accident cover without cash value, a
    whole-life or endowment policy with one, and (1 in 8 of the holders) an annuity being
    paid out (read from the second digest)."""
    if digest.byte(0) % 20:
        return ()
    roll = digest.byte(1) % 8
    number = f"P{digest.digits(2, 10)}"
    issued_on = dt.date(
        2008 + digest.byte(6) % 16, 1 + digest.byte(7) % 12, 1 + digest.byte(8) % 28
    )
    if roll < 3:
        product = InsuranceProduct.MEDICAL if roll < 2 else InsuranceProduct.ACCIDENT
        return (InsurancePolicy(number, product, PolicyStatus.IN_FORCE, issued_on, money(0)),)
    cash_value = money(2000 + digest.number(9, 2) % 190 * 100)
    if roll < 7:
        product = InsuranceProduct.WHOLE_LIFE if roll < 5 else InsuranceProduct.ENDOWMENT
        return (InsurancePolicy(number, product, PolicyStatus.IN_FORCE, issued_on, cash_value),)
    return (
        InsurancePolicy(
            number,
            InsuranceProduct.ANNUITY,
            PolicyStatus.PAYING_OUT,
            issued_on,
            cash_value,
            monthly_annuity=money(200 + digest.byte(11) % 31 * 20),
            annuity_from=dt.date(2020 + digest.byte(12) % 5, 1 + digest.byte(13) % 12, 1),
        ),
    )


def _market_entities(id_number: str, digest: _Digest) -> tuple[MarketEntity, ...]:
    """A 个体工商户 in business for about 1 adult in 150 (its last annual report declaring a
    turnover); a company role, legal representative and shareholder of a natural persons'
    limited company, for about 1 in 500 (read from the second digest)."""
    roll = digest.number(14, 2) % 1000
    if roll < 7:
        turnover = money(12000 + digest.byte(16) % 100 * 1200)
        return (
            MarketEntity(
                f"NB{id_number[:6]}{digest.digits(17, 10)}",
                EntityType.INDIVIDUAL,
                EntityRole.OPERATOR,
                EntityStatus.IN_BUSINESS,
                registered_capital=None,
                subscribed=None,
                report_year=_REPORT_YEAR,
                turnover=turnover,
            ),
        )
    if roll < 9:
        capital = money(100000 + digest.byte(21) % 20 * 50000)
        ref = f"NB{id_number[:6]}{digest.digits(23, 10)}"
        turnover = money(capital * (2 + digest.byte(27) % 4))
        return tuple(
            MarketEntity(
                ref,
                EntityType.LIMITED_COMPANY,
                role,
                EntityStatus.EXISTING,
                registered_capital=capital,
                subscribed=subscribed,
                report_year=_REPORT_YEAR,
                turnover=turnover,
            )
            for role, subscribed in (
                (EntityRole.LEGAL_REPRESENTATIVE, None),
                (EntityRole.SHAREHOLDER, money(capital * (1 + digest.byte(22) % 9) / 10)),
            )
        )
    return ()
