"""A regional policy: standards, income rules, asset limits, review intervals.

One TOML file per region and validity period (``policies/data``).  Loading
validates every figure (money as Decimal strings, never floats), so a bad file
fails at start-up with a message naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from connectors.sdk.evidence import IncomeCategory, VehicleUse
from verification.kit.money import to_yuan


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Standard(_Strict):
    annual_per_person: Annotated[Decimal, Field(gt=0)]

    @field_validator("annual_per_person", mode="before")
    @classmethod
    def _no_float(cls, value: object) -> object:
        if isinstance(value, float):
            # pydantic reports a ValueError as a field error; a TypeError would escape it
            raise ValueError('write money as a string, e.g. "2500", not a float')  # noqa: TRY004
        return value

    @property
    def monthly_per_person(self) -> Decimal:
        return to_yuan(self.annual_per_person / 12)


class IncomeRules(_Strict):
    excluded_categories: list[IncomeCategory] = []


class AssetRules(_Strict):
    financial_multiple_of_annual_standard: Annotated[Decimal, Field(gt=0)]
    exempt_vehicle_uses: list[VehicleUse] = [VehicleUse.AGRICULTURAL, VehicleUse.DISABILITY]
    max_residences: Annotated[int, Field(ge=0)] = 1
    commercial_property_allowed: bool = False
    count_provident_fund: bool = False


class Policy(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    version: str
    name: str
    region_prefix: Annotated[str, Field(pattern=r"^\d{2,6}$")]
    valid_from: dt.date
    valid_until: dt.date | None = None
    example: bool = False
    source: str = ""
    lookback_months: Annotated[int, Field(ge=1, le=36)] = 12
    low_income_multiple: Annotated[Decimal, Field(ge=1)] = Decimal("1.5")
    required_scopes: list[str] = ["hukou", "vehicle", "housing", "bank", "tax", "provident_fund"]
    standards: dict[str, Standard]
    income: IncomeRules = IncomeRules()
    assets: AssetRules

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
