"""The policy as the assessment engine reads it: one region on one date.

``Policy`` is built from the layered national policy by ``policies.in_force.engine_policy``
(resolve the region's layers on the assessment date, then take each value the engine uses);
it is never read from a file of its own.  Every value it holds is traced in ``used``: the
parameter key, the value, the layer and dated entry that set it and the citation, with
example values marked, so a report can state where each figure came from.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from connectors.sdk.evidence import IncomeCategory, VehicleUse
from verification.kit.money import yuan_quotient
from verification.policies.layered.params import EmploymentCostScope

Amount = Annotated[Decimal, Field(ge=0)]
Months = Annotated[int, Field(ge=1, le=36)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Standard(_Strict):
    """低保标准 for one area, per person; the monthly figure is annual ÷ 12, rounded half-up."""

    annual_per_person: Annotated[Amount, Field(gt=0)]

    @property
    def monthly_per_person(self) -> Decimal:
        return yuan_quotient(self.annual_per_person, 12)


class IncomeRules(_Strict):
    excluded_categories: list[IncomeCategory] = []
    # 必要的就业成本: deducted a month from the wages of every wage earner (办法 第十三条) or,
    # under an older local rule, of members employed through a poverty-alleviation project
    employment_cost_monthly: Amount = Decimal("0")
    employment_cost_deducted_from: EmploymentCostScope = EmploymentCostScope.ALL_WAGE_EARNERS
    # 刚性支出: declared serious-illness / disability expenses deducted from household income
    rigid_expenses_deductible: bool = False
    rigid_expense_cap_monthly: Amount | None = None
    # 经营净收入 of a 个体工商户 in business whose operator has no business income from a
    # source (纳税): its annual report's declared turnover × this margin, a twelfth a month
    business_presumptive_margin: Annotated[Decimal, Field(ge=0, le=1)] = Decimal("0")


class AssetRules(_Strict):
    financial_multiple_of_annual_standard: Annotated[Amount, Field(gt=0)]
    exempt_vehicle_uses: list[VehicleUse] = [VehicleUse.AGRICULTURAL, VehicleUse.DISABILITY]
    max_residences: Annotated[int, Field(ge=0)] = 1
    commercial_property_allowed: bool = False
    count_provident_fund: bool = False
    # 商业保险 (办法 第十四条): a policy's cash value counts among the financial assets
    count_insurance_cash_value: bool = True
    # a member who is the legal representative or a shareholder of an active company
    # (存续/在业; not a 个体工商户) makes the household's property fail
    operating_company_disqualifies: bool = False


class SinglePersonRule(_Strict):
    """单人户: an adult, unemployed, severely disabled member assessed on their own."""

    allowed: bool = False
    min_age: Annotated[int, Field(ge=0, le=100)] = 18


class DeclarationTolerance(_Strict):
    """How far a declared figure may differ from the verified one before it is a finding."""

    income_fraction: Annotated[Decimal, Field(ge=0, le=1)] = Decimal("0.10")
    income_minimum: Amount = Decimal("50")  # yuan per month
    assets_fraction: Annotated[Decimal, Field(ge=0, le=1)] = Decimal("0.10")
    assets_minimum: Amount = Decimal("1000")  # yuan


class ReviewIntervals(_Strict):
    """分类复核 intervals in months by household category."""

    three_no: Months = 12  # 三无人员
    illness_disability_stable: Months = 12  # 重病重残、收入基本无变化
    stable: Months = 12  # 短期内经济状况变化不大
    variable_urban: Months = 6  # 收入来源不固定、有劳动能力, urban
    variable_rural: Months = 6  # the same, rural


UsedScalar = str | int | bool | list[str] | None


class UsedValue(_Strict):
    """One layered parameter the engine used, with the dated entry that decided it."""

    key: str = Field(description="the parameter (`standard.rural`, `graduation.months`, …)")
    label: str = Field(description="its Chinese name")
    status: Literal["in_force", "lapsed"] = Field(
        description="in_force: the value applied; lapsed: ended on `valid_until` with no "
        "successor, so the value was NOT applied (the report's `policy_notes` say what the "
        "engine did instead)"
    )
    value: UsedScalar = Field(description="the value (money and ratios as decimal strings)")
    layer: str = Field(description="the layer that set it (`cn`, `gx`, `gx-nanning`, …)")
    layer_name: str
    valid_from: dt.date = Field(description="the dated entry's first day")
    valid_until: dt.date | None = Field(description="its last day (inclusive); null: open")
    citation: str = Field(description="the citation as a caseworker reads it (Chinese)")
    example: bool = Field(description="an illustrative figure, not one a text publishes")


class Policy(_Strict):
    """What the engine applies for one region on one date (``policies.in_force``)."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]  # the most specific layer's id
    version: str  # the assessment date (ISO) the values were resolved for
    name: str  # the most specific layer's name
    on: dt.date
    example: bool = False  # some value used is an example
    lookback_months: Months = 12
    low_income_multiple: Annotated[Decimal, Field(ge=1)] = Decimal("1.5")
    # 低保边缘家庭: the property rules must be met too (办法 第八条第二款)
    edge_requires_property_within_limits: bool = True
    standards: dict[str, Standard]
    income: IncomeRules = IncomeRules()
    assets: AssetRules
    single_person: SinglePersonRule = SinglePersonRule()
    declaration: DeclarationTolerance = DeclarationTolerance()
    review_intervals_months: ReviewIntervals = ReviewIntervals()
    graduation_months: Annotated[int, Field(ge=0, le=36)] = 0  # 渐退
    used: tuple[UsedValue, ...] = ()
