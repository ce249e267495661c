"""A regional policy: standards, income rules, deductions, asset limits, reviews.

One TOML file per region and validity period (``policies/data``).  Loading
validates every figure (money as decimal strings, never floats; unknown keys
refused), so a bad file fails at start-up with a message naming the file and
the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from connectors.sdk.evidence import IncomeCategory, VehicleUse
from verification.kit.money import refuse_float, to_yuan

Amount = Annotated[Decimal, BeforeValidator(refuse_float), Field(ge=0)]
Fraction = Annotated[Decimal, BeforeValidator(refuse_float), Field(ge=0, le=1)]
Months = Annotated[int, Field(ge=1, le=36)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Standard(_Strict):
    """低保标准 for one area, per person; the monthly figure is annual ÷ 12, rounded half-up."""

    annual_per_person: Annotated[Amount, Field(gt=0)]

    @property
    def monthly_per_person(self) -> Decimal:
        return to_yuan(self.annual_per_person / 12)


class IncomeRules(_Strict):
    excluded_categories: list[IncomeCategory] = []
    # 就业成本: deducted from a member employed through a poverty-alleviation project
    employment_cost_monthly: Amount = Decimal("0")
    # 刚性支出: declared serious-illness / disability expenses deducted from household income
    rigid_expenses_deductible: bool = False
    rigid_expense_cap_monthly: Amount | None = None


class AssetRules(_Strict):
    financial_multiple_of_annual_standard: Annotated[Amount, Field(gt=0)]
    exempt_vehicle_uses: list[VehicleUse] = [VehicleUse.AGRICULTURAL, VehicleUse.DISABILITY]
    max_residences: Annotated[int, Field(ge=0)] = 1
    commercial_property_allowed: bool = False
    count_provident_fund: bool = False


class SinglePersonRule(_Strict):
    """单人户: an adult, unemployed, severely disabled member assessed on their own."""

    allowed: bool = False
    min_age: Annotated[int, Field(ge=0, le=100)] = 18


class DeclarationTolerance(_Strict):
    """How far a declared figure may differ from the verified one before it is a finding."""

    income_fraction: Fraction = Decimal("0.10")
    income_minimum: Amount = Decimal("50")  # yuan per month
    assets_fraction: Fraction = Decimal("0.10")
    assets_minimum: Amount = Decimal("1000")  # yuan


class ReviewIntervals(_Strict):
    """分类复核 intervals in months by household category (seeds 000 and 003)."""

    three_no: Months = 12  # 三无人员
    illness_disability_stable: Months = 12  # 重病重残、收入基本无变化
    stable: Months = 6  # 短期内相对稳定
    variable_urban: Months = 1  # 收入不固定、有劳动能力: 城市按月
    variable_rural: Months = 3  # 农村按季


class Policy(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    version: str
    name: str
    region_prefix: Annotated[str, Field(pattern=r"^\d{2,6}$")]
    valid_from: dt.date
    valid_until: dt.date | None = None
    example: bool = False
    source: str = ""
    lookback_months: Months = 12
    low_income_multiple: Annotated[Decimal, BeforeValidator(refuse_float), Field(ge=1)] = Decimal(
        "1.5"
    )
    required_scopes: list[str] = ["hukou", "vehicle", "housing", "bank", "tax", "provident_fund"]
    standards: dict[str, Standard]
    income: IncomeRules = IncomeRules()
    assets: AssetRules
    single_person: SinglePersonRule = SinglePersonRule()
    declaration: DeclarationTolerance = DeclarationTolerance()
    review_intervals_months: ReviewIntervals = ReviewIntervals()
    # the longest an authorization of this region may be valid; None: the service's
    # VERIFICATION_MAX_AUTHORIZATION_DAYS
    max_authorization_days: Annotated[int, Field(ge=1, le=3660)] | None = None
    graduation_months: Annotated[int, Field(ge=0, le=36)] = (
        0  # 渐退: aid continued after lifting out
    )

    @field_validator("standards")
    @classmethod
    def _both_areas(cls, value: dict[str, Standard]) -> dict[str, Standard]:
        missing = {"urban", "rural"} - set(value)
        if missing:
            raise ValueError(f"standards for {', '.join(sorted(missing))} missing")
        return value

    def applies(self, region_code: str, on: dt.date) -> bool:
        return (
            region_code.startswith(self.region_prefix)
            and self.valid_from <= on
            and (self.valid_until is None or on <= self.valid_until)
        )
