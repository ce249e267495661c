"""Policies for pure engine tests: ``Policy`` built directly (the engine's input), and the
shipped layered policy resolved for a region and date (what the service applies)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from verification.policies.in_force import PoliciesInForce
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.model import Policy


def engine_test_policy(**overrides: Any) -> Policy:
    """The Guangxi figures the engine tests were written against (rural 2500 a year, urban
    6240, assets 2 × the annual standard, basic pension not counted, employment cost 100.00 a
    month for poverty-project workers, rigid expenses capped at 300.00, 渐退 none), as a
    plain engine input: pure tests of the engine's arithmetic, not of the shipped data."""
    data: dict[str, Any] = {
        "id": "engine-test",
        "version": "2026-11-23",
        "name": "引擎测试政策",
        "on": dt.date(2026, 11, 23),
        "example": True,
        "standards": {
            "rural": {"annual_per_person": "2500"},
            "urban": {"annual_per_person": "6240"},
        },
        "income": {
            "excluded_categories": ["basic_pension"],
            "employment_cost_monthly": "100",
            "employment_cost_deducted_from": "poverty_project_workers",
            "rigid_expenses_deductible": True,
            "rigid_expense_cap_monthly": "300",
        },
        "assets": {"financial_multiple_of_annual_standard": "2"},
        "single_person": {"allowed": True, "min_age": 18},
        "review_intervals_months": {
            "three_no": 12,
            "illness_disability_stable": 12,
            "stable": 6,
            "variable_urban": 6,
            "variable_rural": 6,
        },
        "graduation_months": 0,
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Policy.model_validate(data)


@cache
def shipped() -> PoliciesInForce:
    return PoliciesInForce(LayerSet.from_dir(default_layers_dir()))


def shipped_policy(region: str, on: dt.date) -> Policy:
    """What the service applies to ``region`` on ``on`` from the shipped layers."""
    return shipped().policy(region, on)
