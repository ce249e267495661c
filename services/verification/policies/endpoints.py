from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from verification.clients.dependencies import require_role
from verification.clients.models import Role
from verification.dependencies import RuntimeDep
from verification.kit.money import Money
from verification.policies.model import Policy

router = APIRouter(prefix="/v1/policies", tags=["policies"])


class StandardView(BaseModel):
    annual_per_person: Money
    monthly_per_person: Money


class PolicySummary(BaseModel):
    id: str
    version: str
    name: str
    region_prefix: str
    valid_from: dt.date
    valid_until: dt.date | None
    example: bool
    source: str
    standards: dict[str, StandardView]
    lookback_months: int
    low_income_multiple: Decimal
    financial_multiple_of_annual_standard: Decimal
    excluded_income_categories: list[str]
    employment_cost_monthly: Money
    single_person_allowed: bool
    graduation_months: int
    review_intervals_months: dict[str, int]
    max_authorization_days: int = Field(
        description="the longest an authorization of the region may be valid "
        "(`lifetime-too-long` beyond): the policy's own, else the service's setting"
    )

    @classmethod
    def of(cls, policy: Policy, default_max_authorization_days: int) -> PolicySummary:
        return cls(
            id=policy.id,
            version=policy.version,
            name=policy.name,
            region_prefix=policy.region_prefix,
            valid_from=policy.valid_from,
            valid_until=policy.valid_until,
            example=policy.example,
            source=policy.source,
            standards={
                area: StandardView(
                    annual_per_person=s.annual_per_person, monthly_per_person=s.monthly_per_person
                )
                for area, s in sorted(policy.standards.items())
            },
            lookback_months=policy.lookback_months,
            low_income_multiple=policy.low_income_multiple,
            financial_multiple_of_annual_standard=policy.assets.financial_multiple_of_annual_standard,
            excluded_income_categories=[c.value for c in policy.income.excluded_categories],
            employment_cost_monthly=policy.income.employment_cost_monthly,
            single_person_allowed=policy.single_person.allowed,
            graduation_months=policy.graduation_months,
            review_intervals_months=policy.review_intervals_months.model_dump(),
            max_authorization_days=policy.max_authorization_days or default_max_authorization_days,
        )


class PolicyList(BaseModel):
    policies: list[PolicySummary]


@router.get(
    "",
    response_model=PolicyList,
    summary="The policies in force or on file, by region prefix and validity",
    dependencies=[Depends(require_role(Role.CASE_SYSTEM, Role.AUDITOR, Role.ADMIN))],
)
async def list_policies(runtime: RuntimeDep) -> PolicyList:
    default = runtime.settings.max_authorization_days
    return PolicyList(policies=[PolicySummary.of(p, default) for p in runtime.policies.policies])
