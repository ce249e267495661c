"""Review scheduling (分类复核): the interval of each household category.

Pure: no web, database or clock.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from verification.kit.months import add_months
from verification.policies.model import Policy


class Category(StrEnum):
    """The household category that sets how often it is reviewed."""

    THREE_NO = "three_no"  # 三无人员
    ILLNESS_DISABILITY_STABLE = "illness_disability_stable"  # 重病重残、收入基本无变化
    STABLE = "stable"  # 短期内相对稳定
    VARIABLE = "variable"  # 收入来源不固定、有劳动能力 (the policy's urban or rural interval)


def review_interval_months(policy: Policy, category: Category, area: str) -> int:
    """The policy's review interval for a household of ``category`` in ``area``."""
    intervals = policy.review_intervals_months
    match category:
        case Category.THREE_NO:
            return intervals.three_no
        case Category.ILLNESS_DISABILITY_STABLE:
            return intervals.illness_disability_stable
        case Category.STABLE:
            return intervals.stable
        case Category.VARIABLE:
            return intervals.variable_urban if area == "urban" else intervals.variable_rural


def next_review_on(policy: Policy, category: Category, area: str, last_review: dt.date) -> dt.date:
    """When a household reviewed on ``last_review`` is next due for review."""
    return add_months(last_review, review_interval_months(policy, category, area))
