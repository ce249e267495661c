"""A regional policy: standards, income rules, deductions, asset limits, reviews.

One TOML file per region and validity period (``policies/data``).  Loading
validates every figure (money as decimal strings, never floats; unknown keys
refused), so a bad file fails at start-up with a message naming the file and
the field.

Every value a policy holds — a default in force included — names its basis in
``citations``: a clause of one of the file's ``documents``, which must be a text
of the policy's own region (a province's document covers its cities), or the
marker ``example = true`` (with a note; a citation may carry both when the rule
is the region's but the figure is not).  A file with an example value says
``example = true``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from connectors.sdk.evidence import IncomeCategory, VehicleUse
from verification.kit.money import refuse_float, yuan_quotient

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
        return yuan_quotient(self.annual_per_person, 12)


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
    """分类复核 intervals in months by household category; each region's file states and
    cites its own (Guangxi: 三无 yearly, irregular income twice a year)."""

    three_no: Months = 12  # 三无人员
    illness_disability_stable: Months = 12  # 重病重残、收入基本无变化
    stable: Months = 6  # 短期内相对稳定
    variable_urban: Months = 1  # 收入来源不固定、有劳动能力, urban
    variable_rural: Months = 3  # the same, rural


class Document(_Strict):
    """A policy text a file cites: its number (文号) when it has one, title, date, region."""

    number: str | None = None  # 桂政办发〔2016〕9号
    title: Annotated[str, Field(min_length=1)]
    issued_on: dt.date
    region: Annotated[str, Field(pattern=r"^[0-9]{2,6}$")]  # the issuer's region-code prefix


class Citation(_Strict):
    """The basis of one policy value: ``document`` and ``clause`` (with the ``quote`` relied
    on, verbatim), or ``example = true`` with a ``note``, or both (the region's rule, an
    example figure)."""

    document: str | None = None  # a key of the file's [documents]
    clause: str | None = None  # 二（四）4
    quote: str | None = None
    example: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _cited_or_example(self) -> Self:
        if self.document is None:
            if not self.example:
                raise ValueError("cite a document and clause, or mark the value example = true")
            if not self.note:
                raise ValueError("an example value needs a note saying what it stands for")
            if self.clause or self.quote:
                raise ValueError("a clause or quote needs its document")
        elif not (self.clause and self.quote):
            raise ValueError("a cited document needs the clause and the quote relied on")
        return self


class Policy(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    version: str
    name: str
    region_prefix: Annotated[str, Field(pattern=r"^[0-9]{2,6}$")]
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
    documents: dict[Annotated[str, Field(pattern=r"^[a-z0-9-]+$")], Document] = {}
    # value path (``review_intervals_months.three_no``) → its basis; every value needs one
    citations: dict[str, Citation] = {}

    @field_validator("standards")
    @classmethod
    def _both_areas(cls, value: dict[str, Standard]) -> dict[str, Standard]:
        missing = {"urban", "rural"} - set(value)
        if missing:
            raise ValueError(f"standards for {', '.join(sorted(missing))} missing")
        return value

    @model_validator(mode="after")
    def _every_value_has_its_basis(self) -> Self:
        paths = set(self.parameters())
        unknown = sorted(set(self.citations) - paths)
        if unknown:
            raise ValueError(f"citations name no value of the policy: {', '.join(unknown)}")
        uncited = sorted(paths - set(self.citations))
        if uncited:
            raise ValueError(
                "values without a citation of the region's text or example = true: "
                + ", ".join(uncited)
            )
        for path, citation in sorted(self.citations.items()):
            if citation.document is None:
                continue
            document = self.documents.get(citation.document)
            if document is None:
                raise ValueError(f"citations.{path}: no document {citation.document!r}")
            if not self.region_prefix.startswith(document.region):
                raise ValueError(
                    f"citations.{path}: {citation.document} is a text of region "
                    f"{document.region}, not of this policy's region {self.region_prefix}"
                )
        if not self.example and any(c.example for c in self.citations.values()):
            raise ValueError("a policy with example values must say example = true")
        return self

    def parameters(self) -> dict[str, Any]:
        """Every value the policy holds (defaults in force included), by dotted path; the
        file's own description (id, name, validity, sources, citations) is not one."""
        unset = {name for name in _SERVICE_DEFAULTED if getattr(self, name) is None}
        return dict(_leaves(self, exclude=_DESCRIPTION | unset))

    def applies(self, region_code: str, on: dt.date) -> bool:
        return (
            region_code.startswith(self.region_prefix)
            and self.valid_from <= on
            and (self.valid_until is None or on <= self.valid_until)
        )


# values a file may leave unset so that the service's setting applies: unset, they are not the
# region's values and need no citation
_SERVICE_DEFAULTED = frozenset({"max_authorization_days"})

_DESCRIPTION = frozenset(
    {
        "id",
        "version",
        "name",
        "region_prefix",
        "valid_from",
        "valid_until",
        "example",
        "source",
        "documents",
        "citations",
    }
)


def _leaves(
    value: object, path: str = "", exclude: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Any]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in exclude:
                yield from _leaves(getattr(value, name), f"{path}{name}.")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}{key}.")
    else:
        yield path.removesuffix("."), value
