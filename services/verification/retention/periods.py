"""How long a region keeps a verification's personal data: the policy in force for the region
on the purge date (``retention.years_after_case_end``, ``retention.years_never_enrolled``),
each period with where it came from, or the operator's override of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from verification.policies.in_force import PoliciesInForce
from verification.policies.layered.params import (
    RETENTION_YEARS_AFTER_CASE_END,
    RETENTION_YEARS_NEVER_ENROLLED,
    Param,
)
from verification.policies.layered.resolution import EffectivePolicy, Status


@dataclass(frozen=True, slots=True)
class Overrides:
    """The operator's periods (``--years-after-case-end``, ``--years-never-enrolled``): each,
    when given, replaces the policy's period of every region."""

    years_after_case_end: int | None = None
    years_never_enrolled: int | None = None

    def __post_init__(self) -> None:
        for years in (self.years_after_case_end, self.years_never_enrolled):
            if years is not None and years < 1:
                raise ValueError("a retention period is at least one year")

    def as_audit(self) -> dict[str, int]:
        return {
            key: years
            for key, years in (
                ("years_after_case_end", self.years_after_case_end),
                ("years_never_enrolled", self.years_never_enrolled),
            )
            if years is not None
        }


@dataclass(frozen=True, slots=True)
class Period:
    """A period in years and its source: the policy entry that set it (layer, first day,
    citation, whether an example) or the operator's override; ``years`` None when the policy
    states none in force (``status``): nothing is purged for that reason in the region."""

    years: int | None
    source: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"years": self.years, **self.source}


@dataclass(frozen=True, slots=True)
class RegionSchedule:
    """The periods applied to one region's verifications on a purge date, with the policy
    (its most specific layer, the date it was resolved for) they were read from."""

    region_code: str
    policy_id: str
    policy_version: str
    years_after_case_end: Period
    years_never_enrolled: Period

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region_code,
            "policy_id": self.policy_id,
            "policy_version": self.policy_version,
            "years_after_case_end": self.years_after_case_end.as_json(),
            "years_never_enrolled": self.years_never_enrolled.as_json(),
        }


def _period(effective: EffectivePolicy, param: Param[int], override: int | None) -> Period:
    if override is not None:
        return Period(override, {"source": "override"})
    resolved = effective[param]
    source = resolved.source
    if resolved.status is not Status.IN_FORCE or source is None:
        # left to a lower level that set nothing, lapsed or unset: nothing is due for it
        return Period(None, {"source": "none", "status": resolved.status.value})
    return Period(
        int(resolved.value),  # type: ignore[arg-type]
        {
            "source": "example" if source.example else "policy",
            "layer": source.layer_id,
            "valid_from": source.entry.valid_from.isoformat(),
            "citation": source.citation_text(),
        },
    )


def region_schedule(
    policies: PoliciesInForce, region_code: str, on: dt.date, overrides: Overrides
) -> RegionSchedule:
    """The periods for ``region_code``'s verifications purged on ``on``: its policy in force
    that day, each period replaced by the operator's override when one is given."""
    effective = policies.effective(region_code, on)
    return RegionSchedule(
        region_code=region_code,
        policy_id=effective.chain[0].id,
        policy_version=on.isoformat(),
        years_after_case_end=_period(
            effective, RETENTION_YEARS_AFTER_CASE_END, overrides.years_after_case_end
        ),
        years_never_enrolled=_period(
            effective, RETENTION_YEARS_NEVER_ENROLLED, overrides.years_never_enrolled
        ),
    )
