"""What a draft policy would change: stored evidence assessed twice, under the policy in force
and under the policy with the draft layer, on one policy date (ADR 0023).

Pure: no web, database or HTTP client, and no agency: the evidence is what the households'
latest verifications stored.  Each household is assessed with the engine exactly as a report
round assesses it (``assess`` with the 2021 办法's rules and the obligors' parameters of the
same resolved policy), on its own verification's assessment date (its evidence's lookback
window and the members' ages), with the policy resolved on ``on`` for both sides: the only
difference between the two assessments is the draft.

Money is ``Decimal`` yuan; an outcome with no allowance (ineligible, or a region whose tiers
leave it uncomputed) counts as 0.00 in the totals and is ``None`` in the household's row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from connectors.sdk.evidence import SourceResult
from verification.assessment.engine import assess
from verification.assessment.model import Assessment, Declared, Elsewhere, Member, Outcome
from verification.assessment.obligors import Obligor
from verification.assessment.rule_params import national_rules, obligor_params
from verification.policies.in_force import PoliciesInForce

Pair = tuple[int, str]  # (member or obligor index, source scope)
ZERO = Decimal("0.00")


class WhatIfChange(StrEnum):
    """How a household fares under the draft, against the policy in force."""

    UNCHANGED = "unchanged"
    BECOMES_ELIGIBLE = "becomes_eligible"  # was not eligible, would be
    BECOMES_INELIGIBLE = "becomes_ineligible"  # was eligible, would not be
    OUTCOME_CHANGED = "outcome_changed"  # between ineligible and review_required
    INCREASE = "increase"  # eligible both ways, a larger allowance
    DECREASE = "decrease"  # eligible both ways, a smaller allowance


@dataclass(frozen=True)
class StoredHousehold:
    """One enrolled household as its latest verification stored it, decrypted: what the
    engine needs, and how the household is named in the result (id, masked ID numbers)."""

    household_id: uuid.UUID
    region_code: str
    area: str
    as_of: dt.date  # the verification's assessment date: its evidence's window
    members: Sequence[Member]
    people_masked: Sequence[str]  # one per member, masked ID numbers only
    results: Mapping[Pair, SourceResult]
    declared: Declared | None = None
    elsewhere: Elsewhere | None = None
    obligors: Sequence[Obligor] = ()
    obligor_results: Mapping[Pair, SourceResult] | None = None


@dataclass(frozen=True)
class HouseholdChange:
    household_id: uuid.UUID
    region_code: str
    people_masked: tuple[str, ...]
    outcome_before: Outcome
    outcome_after: Outcome
    allowance_before: Decimal | None
    allowance_after: Decimal | None
    difference: Decimal  # after − before, a missing allowance counting 0.00
    change: WhatIfChange


@dataclass(frozen=True)
class Totals:
    households: int
    unchanged: int
    becomes_eligible: int
    becomes_ineligible: int
    outcome_changed: int
    increase: int
    decrease: int
    allowance_before: Decimal  # monthly, all households
    allowance_after: Decimal
    difference: Decimal


@dataclass(frozen=True)
class WhatIf:
    on: dt.date
    totals: Totals
    households: tuple[HouseholdChange, ...]  # every household, in the order given

    def changed(self) -> tuple[HouseholdChange, ...]:
        return tuple(h for h in self.households if h.change is not WhatIfChange.UNCHANGED)


def assess_under(household: StoredHousehold, policies: PoliciesInForce, on: dt.date) -> Assessment:
    """The household's stored evidence assessed under ``policies`` as resolved on ``on``;
    raises ``InvalidRequest`` (``no-policy``, ``policy-incomplete``) as a verification
    would."""
    policy = policies.policy(household.region_code, on)
    effective = policies.effective(household.region_code, on)
    return assess(
        household.members,
        household.results,
        policy,
        household.area,
        household.as_of,
        declared=household.declared,
        elsewhere=household.elsewhere,
        national=national_rules(effective),
        obligors=household.obligors,
        obligor_results=household.obligor_results or {},
        obligor_params=obligor_params(effective),
    )


def compare(household: StoredHousehold, before: Assessment, after: Assessment) -> HouseholdChange:
    paid_before = before.suggested_allowance_monthly
    paid_after = after.suggested_allowance_monthly
    difference = (paid_after or ZERO) - (paid_before or ZERO)
    return HouseholdChange(
        household_id=household.household_id,
        region_code=household.region_code,
        people_masked=tuple(household.people_masked),
        outcome_before=before.outcome,
        outcome_after=after.outcome,
        allowance_before=paid_before,
        allowance_after=paid_after,
        difference=difference,
        change=_change(before.outcome, after.outcome, difference),
    )


def _change(before: Outcome, after: Outcome, difference: Decimal) -> WhatIfChange:
    if before is not after:
        if after is Outcome.ELIGIBLE:
            return WhatIfChange.BECOMES_ELIGIBLE
        if before is Outcome.ELIGIBLE:
            return WhatIfChange.BECOMES_INELIGIBLE
        return WhatIfChange.OUTCOME_CHANGED
    if difference > 0:
        return WhatIfChange.INCREASE
    if difference < 0:
        return WhatIfChange.DECREASE
    return WhatIfChange.UNCHANGED


def replay(
    households: Iterable[StoredHousehold],
    current: PoliciesInForce,
    drafted: PoliciesInForce,
    on: dt.date,
) -> WhatIf:
    """Every household assessed under ``current`` and ``drafted`` on ``on``, compared."""
    rows = tuple(
        compare(h, assess_under(h, current, on), assess_under(h, drafted, on)) for h in households
    )
    return WhatIf(on=on, totals=totals(rows), households=rows)


def totals(rows: Sequence[HouseholdChange]) -> Totals:
    counts = {change: 0 for change in WhatIfChange}
    for row in rows:
        counts[row.change] += 1
    before = sum((r.allowance_before or ZERO for r in rows), ZERO)
    after = sum((r.allowance_after or ZERO for r in rows), ZERO)
    return Totals(
        households=len(rows),
        unchanged=counts[WhatIfChange.UNCHANGED],
        becomes_eligible=counts[WhatIfChange.BECOMES_ELIGIBLE],
        becomes_ineligible=counts[WhatIfChange.BECOMES_INELIGIBLE],
        outcome_changed=counts[WhatIfChange.OUTCOME_CHANGED],
        increase=counts[WhatIfChange.INCREASE],
        decrease=counts[WhatIfChange.DECREASE],
        allowance_before=before,
        allowance_after=after,
        difference=after - before,
    )
