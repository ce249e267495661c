from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from verification.clients.dependencies import require_role
from verification.clients.models import Role
from verification.dependencies import RuntimeDep
from verification.kit.money import Money
from verification.kit.rfc3339 import Rfc3339Date
from verification.policies.effective import REGION_PATTERN, EffectivePolicyView, effective_policy
from verification.policies.model import Citation, Document, Policy

router = APIRouter(prefix="/v1/policies", tags=["policies"])


class StandardView(BaseModel):
    annual_per_person: Money
    monthly_per_person: Money


class DocumentView(BaseModel):
    number: str | None = Field(description="文号, when the text has one")
    title: str
    issued_on: dt.date
    region: str = Field(description="the region-code prefix of the issuer")


class CitationView(BaseModel):
    document: str | None = Field(description="a key of `documents`; null for a bare example")
    clause: str | None
    quote: str | None = Field(description="the words relied on, verbatim")
    example: bool = Field(description="the figure is an example, not the region's")
    note: str


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
    documents: dict[str, DocumentView] = Field(description="the region's texts the file cites")
    citations: dict[str, CitationView] = Field(
        description="the basis of every value, by dotted path (`review_intervals_months.three_no`)"
    )
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
            documents={key: _document(d) for key, d in sorted(policy.documents.items())},
            citations={path: _citation(c) for path, c in sorted(policy.citations.items())},
            max_authorization_days=policy.max_authorization_days or default_max_authorization_days,
        )


def _document(document: Document) -> DocumentView:
    return DocumentView.model_validate(document.model_dump())


def _citation(citation: Citation) -> CitationView:
    return CitationView.model_validate(citation.model_dump())


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


@router.get(
    "/effective",
    response_model=EffectivePolicyView,
    summary="The layered national policy in force for a region on a date, value by value",
    description="Every registered parameter's state (`in_force`, `left_to_local`, `lapsed`, "
    "`unset`) for the region on `on`, with the layer and dated entry that set it and its "
    "citation, from the layered policy files (national → province → city). A region with no "
    "layer of its own gets the national baseline. The engine's figures still come from the "
    "per-region policy files (`GET /v1/policies`).",
    dependencies=[Depends(require_role(Role.CASE_SYSTEM, Role.AUDITOR, Role.ADMIN))],
)
async def effective(
    runtime: RuntimeDep,
    region: Annotated[
        str, Query(pattern=REGION_PATTERN, description="a region code of 2 to 12 digits")
    ],
    on: Annotated[
        Rfc3339Date | None, Query(description="default: today in the deployment's time zone")
    ] = None,
) -> EffectivePolicyView:
    return effective_policy(runtime.layers, region, on or runtime.today())
