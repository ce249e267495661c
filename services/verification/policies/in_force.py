"""The policy a verification applies: the layered policy resolved for its region on its
assessment date, turned into what the engine reads.

``engine_policy(effective)`` is the one seam between the layered policy and the engine: it
takes each value the engine uses from an ``EffectivePolicy`` and records, for each, the layer,
the dated entry and the citation (``Policy.used``).  A value the engine needs that is not in
force — left to a lower level that set none, never stated for the date, or lapsed where no
safe reading exists — refuses the verification (``policy-incomplete``, naming the parameters
and the region): the engine never fills a gap with a default.  One lapse has a safe reading:
an income exclusion that ended with no successor (``income.excluded.basic_pension`` from
2026-01-01) is not applied, so the income counts, and the report says so (``lapse_notes``).
A value above a ceiling a less specific layer sets (a region's 渐退期 longer than the national
6 months) is not applied either: the ceiling is, traced to its entry, and noted.

``PoliciesInForce`` caches the resolution per (layer chain, date): every region of a city
shares its city's chain, and a verification's date is a day.

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from threading import Lock
from typing import Any, Final

from connectors.sdk.evidence import IncomeCategory, VehicleUse
from verification.messages.render import Message
from verification.policies.effective import resolve, write_value
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet
from verification.policies.layered.resolution import EffectivePolicy, Resolved, Source, Status
from verification.policies.model import (
    AssetRules,
    DeclarationTolerance,
    IncomeRules,
    Policy,
    ReviewIntervals,
    SinglePersonRule,
    Standard,
    UsedValue,
)
from verification.problems import InvalidRequest

# income exclusions the engine can apply (an evidence category to match); when one lapses with
# no successor the income is counted, never silently excluded
EXCLUSIONS: Final[tuple[tuple[p.Param[bool], IncomeCategory], ...]] = (
    (p.EXCLUDED_BASIC_PENSION, IncomeCategory.BASIC_PENSION),
    (p.EXCLUDED_EMPLOYEE_PENSION, IncomeCategory.EMPLOYEE_PENSION),
    (p.EXCLUDED_PUBLIC_PENSION, IncomeCategory.PUBLIC_PENSION),
    (p.EXCLUDED_UNEMPLOYMENT_BENEFIT, IncomeCategory.UNEMPLOYMENT_BENEFIT),
)

# the parameters the engine reads, in the order a report lists them
ENGINE_PARAMS: Final[tuple[p.Param[Any], ...]] = (
    p.STANDARD_URBAN,
    p.STANDARD_RURAL,
    p.LOOKBACK_MONTHS,
    p.EMPLOYMENT_COST_SCOPE,
    p.EMPLOYMENT_COST_MONTHLY,
    p.EXCLUDED_BASIC_PENSION,
    p.EXCLUDED_EMPLOYEE_PENSION,
    p.EXCLUDED_PUBLIC_PENSION,
    p.EXCLUDED_UNEMPLOYMENT_BENEFIT,
    p.RIGID_EXPENSE_DEDUCTIBLE,
    p.RIGID_EXPENSE_CAP_MONTHLY,
    p.FINANCIAL_MULTIPLE,
    p.EXEMPT_VEHICLE_USES,
    p.MAX_RESIDENCES,
    p.COMMERCIAL_PROPERTY_ALLOWED,
    p.COUNT_PROVIDENT_FUND,
    p.COUNT_INSURANCE_CASH_VALUE,
    p.ANNUITY_COUNTED,
    p.OPERATING_COMPANY_DISQUALIFIES,
    p.BUSINESS_PRESUMPTIVE_MARGIN,
    p.EDGE_INCOME_MULTIPLE,
    p.EDGE_REQUIRES_PROPERTY,
    p.SINGLE_PERSON_ANY_CATEGORIES,
    p.SINGLE_PERSON_MIN_AGE,
    p.DECLARED_INCOME_FRACTION,
    p.DECLARED_INCOME_MINIMUM,
    p.DECLARED_ASSETS_FRACTION,
    p.DECLARED_ASSETS_MINIMUM,
    p.REVIEW_THREE_NO,
    p.REVIEW_ILLNESS_DISABILITY_STABLE,
    p.REVIEW_STABLE,
    p.REVIEW_VARIABLE_URBAN,
    p.REVIEW_VARIABLE_RURAL,
    p.GRADUATION_MONTHS,
)


def engine_policy(effective: EffectivePolicy) -> Policy:
    """What the engine applies for ``effective``'s region and date, each value traced.

    Raises ``InvalidRequest`` ``no-policy`` when no layer but the national one applies to the
    region (it has no standard), ``policy-incomplete`` when a value the engine needs is not in
    force."""
    if len(effective.chain) < 2:
        raise InvalidRequest(
            f"no policy is in force for region {effective.region_code} on "
            f"{effective.on.isoformat()}: no province or city layer covers it",
            code="no-policy",
            audit={"region_code": effective.region_code, "on": effective.on.isoformat()},
        )
    used: list[UsedValue] = []
    missing: list[Resolved[Any]] = []

    def take(param: p.Param[Any]) -> Any:
        resolved = effective[param]
        if resolved.status is Status.IN_FORCE:
            if resolved.exceeds is not None:
                # a ceiling set by a less specific layer (渐退期 at most 6 months): the longer
                # value is not applied; the ceiling is, traced to its entry (``policy_notes``)
                ceiling = resolved.exceeds
                value = ceiling.entry.value
                used.append(_used(dataclasses.replace(resolved, value=value, source=ceiling)))
                return value
            used.append(_used(resolved))
            return effective.value(param)
        missing.append(resolved)
        return None

    def excluded(param: p.Param[bool]) -> bool:
        resolved = effective[param]
        if resolved.status is Status.LAPSED:
            used.append(_used(resolved))  # traced as lapsed; not applied: the income counts
            return False
        return bool(take(param))

    standards = {"urban": take(p.STANDARD_URBAN), "rural": take(p.STANDARD_RURAL)}
    lookback = take(p.LOOKBACK_MONTHS)
    scope = take(p.EMPLOYMENT_COST_SCOPE)
    cost = take(p.EMPLOYMENT_COST_MONTHLY)
    exclusions = [category for param, category in EXCLUSIONS if excluded(param)]
    rigid = take(p.RIGID_EXPENSE_DEDUCTIBLE)
    cap = take(p.RIGID_EXPENSE_CAP_MONTHLY) if rigid else None
    financial = take(p.FINANCIAL_MULTIPLE)
    vehicles = take(p.EXEMPT_VEHICLE_USES)
    residences = take(p.MAX_RESIDENCES)
    commercial = take(p.COMMERCIAL_PROPERTY_ALLOWED)
    provident = take(p.COUNT_PROVIDENT_FUND)
    insurance = take(p.COUNT_INSURANCE_CASH_VALUE)
    if take(p.ANNUITY_COUNTED) is False:  # annuities are income unless the policy says not
        exclusions.append(IncomeCategory.ANNUITY)
    operating_company = take(p.OPERATING_COMPANY_DISQUALIFIES)
    business_margin = take(p.BUSINESS_PRESUMPTIVE_MARGIN)
    edge_multiple = take(p.EDGE_INCOME_MULTIPLE)
    edge_property = take(p.EDGE_REQUIRES_PROPERTY)
    categories = take(p.SINGLE_PERSON_ANY_CATEGORIES) or ()
    single = p.SinglePersonCategory.ADULT_UNEMPLOYED_SEVERE_DISABILITY in categories
    min_age = take(p.SINGLE_PERSON_MIN_AGE) if single else None
    tolerance = {
        "income_fraction": take(p.DECLARED_INCOME_FRACTION),
        "income_minimum": take(p.DECLARED_INCOME_MINIMUM),
        "assets_fraction": take(p.DECLARED_ASSETS_FRACTION),
        "assets_minimum": take(p.DECLARED_ASSETS_MINIMUM),
    }
    intervals = {
        "three_no": take(p.REVIEW_THREE_NO),
        "illness_disability_stable": take(p.REVIEW_ILLNESS_DISABILITY_STABLE),
        "stable": take(p.REVIEW_STABLE),
        "variable_urban": take(p.REVIEW_VARIABLE_URBAN),
        "variable_rural": take(p.REVIEW_VARIABLE_RURAL),
    }
    graduation = take(p.GRADUATION_MONTHS)
    if missing:
        raise _incomplete(effective, missing)
    assert lookback is not None and scope is not None and cost is not None
    assert financial is not None and vehicles is not None and residences is not None
    assert edge_multiple is not None and graduation is not None
    layer = effective.chain[0]
    return Policy(
        id=layer.id,
        version=effective.on.isoformat(),
        name=layer.name,
        on=effective.on,
        example=any(u.example for u in used),
        lookback_months=lookback,
        low_income_multiple=edge_multiple,
        edge_requires_property_within_limits=bool(edge_property),
        standards={area: Standard(annual_per_person=_money(v)) for area, v in standards.items()},
        income=IncomeRules(
            excluded_categories=exclusions,
            employment_cost_monthly=cost,
            employment_cost_deducted_from=scope,
            rigid_expenses_deductible=bool(rigid),
            rigid_expense_cap_monthly=cap,
            business_presumptive_margin=business_margin or Decimal("0"),
        ),
        assets=AssetRules(
            financial_multiple_of_annual_standard=financial,
            exempt_vehicle_uses=[VehicleUse(v) for v in vehicles],
            max_residences=residences,
            commercial_property_allowed=bool(commercial),
            count_provident_fund=bool(provident),
            count_insurance_cash_value=bool(insurance),
            operating_company_disqualifies=bool(operating_company),
        ),
        single_person=SinglePersonRule(allowed=single, min_age=min_age or 18),
        declaration=DeclarationTolerance.model_validate(tolerance),
        review_intervals_months=ReviewIntervals.model_validate(intervals),
        graduation_months=graduation,
        used=tuple(used),
    )


def _money(value: Decimal | None) -> Decimal:
    assert value is not None  # refused above when missing
    return value


def _used(resolved: Resolved[Any]) -> UsedValue:
    source = resolved.source
    assert source is not None  # in force or lapsed: a deciding entry
    entry = source.entry
    return UsedValue(
        key=resolved.param.key,
        label=resolved.param.label,
        status=resolved.status.value,
        value=write_value(resolved.param, resolved.value),
        layer=source.layer_id,
        layer_name=source.layer_name,
        valid_from=entry.valid_from,
        valid_until=entry.valid_until,
        citation=source.citation_text(),
        example=source.example,
    )


def _incomplete(effective: EffectivePolicy, missing: list[Resolved[Any]]) -> InvalidRequest:
    where = effective.region_code
    on = effective.on.isoformat()
    named = [
        {
            "parameter": r.param.key,
            "label": r.param.label,
            "status": r.status.value,
            **({"lapsed_on": r.lapsed_on.isoformat()} if r.lapsed_on else {}),
            **({"layer": r.source.layer_id} if r.source else {}),
        }
        for r in missing
    ]
    listed = ", ".join(f"{r.param.key} ({r.status.value})" for r in missing)
    return InvalidRequest(
        f"the policy for region {where} on {on} is incomplete: no value in force for {listed}",
        code="policy-incomplete",
        audit={"region_code": where, "on": on, "parameters": [r.param.key for r in missing]},
        extra={"region": where, "on": on, "parameters": named},
    )


class PoliciesInForce:
    """The layered policy of a region on a date, resolved once per (layer chain, date)."""

    def __init__(self, layers: LayerSet, *, cache_size: int = 4096) -> None:
        self.layers = layers
        self._cache: dict[tuple[tuple[str, ...], dt.date], EffectivePolicy] = {}
        self._policies: dict[tuple[str, dt.date], Policy] = {}
        self._cache_size = cache_size
        self._lock = Lock()

    def effective(self, region_code: str, on: dt.date) -> EffectivePolicy:
        """``resolve`` for a region code of 2–12 digits; shared by every region of a chain."""
        depth = max(n for n in (2, 4, 6) if n <= len(region_code))
        chain = tuple(layer.id for layer in self.layers.chain(region_code[:depth]))
        key = (chain, on)
        cached = self._cache.get(key)
        if cached is None:
            cached = resolve(self.layers, region_code, on)
            with self._lock:
                if len(self._cache) >= self._cache_size:
                    self._cache.clear()
                self._cache[key] = cached
        if cached.region_code != region_code[:depth]:
            cached = dataclasses.replace(cached, region_code=region_code[:depth])
        return cached

    def policy(self, region_code: str, on: dt.date) -> Policy:
        """The policy the engine applies to ``region_code`` on ``on`` (``engine_policy``),
        built once per region and date (a refusal is raised again each time)."""
        depth = max(n for n in (2, 4, 6) if n <= len(region_code))
        key = (region_code[:depth], on)
        cached = self._policies.get(key)
        if cached is None:
            cached = engine_policy(self.effective(region_code, on))
            with self._lock:
                if len(self._policies) >= self._cache_size:
                    self._policies.clear()
                self._policies[key] = cached
        return cached


def lapse_notes(
    effective: EffectivePolicy, relied_on: Sequence[p.Param[Any]] = ENGINE_PARAMS
) -> list[Message]:
    """A ``policy.lapsed`` message for each parameter of ``relied_on`` that lapsed without a
    successor on the date: the report flags it, never silently applies or drops it.  For a
    lapsed income exclusion the engine applied, a second note says the income was counted."""
    notes = []
    counted = {param.key: category for param, category in EXCLUSIONS}
    for param in relied_on:
        resolved = effective[param]
        if resolved.exceeds is not None and resolved.source is not None:
            notes.append(_capped(resolved, resolved.source, resolved.exceeds))
            continue
        if resolved.status is not Status.LAPSED or resolved.source is None:
            continue
        notes.append(
            Message(
                "policy.lapsed",
                {
                    "parameter": param.key,
                    "label": param.label,
                    "lapsed_on": str(resolved.lapsed_on),
                    "layer": resolved.source.layer_name,
                    "citation": resolved.source.citation_text(),
                },
            )
        )
        if param.key in counted:
            notes.append(
                Message(
                    "policy.exclusion_lapsed_counted",
                    {"category": counted[param.key].value},
                )
            )
    return notes


def _capped(resolved: Resolved[Any], asked: Source, ceiling: Source) -> Message:
    """A ``policy.capped`` message: a layer asked more than a less specific layer's ceiling,
    and the ceiling was applied."""
    return Message(
        "policy.capped",
        {
            "parameter": resolved.param.key,
            "label": resolved.param.label,
            "layer": asked.layer_name,
            "asked": str(write_value(resolved.param, asked.entry.value)),
            "ceiling": str(write_value(resolved.param, ceiling.entry.value)),
            "ceiling_layer": ceiling.layer_name,
            "citation": ceiling.citation_text(),
        },
    )
