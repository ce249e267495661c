"""The sampling rate a spot check uses: the policy's minimum, the service's default, or a
higher rate the client asks for.  Pure.

The policy states ``procedure.county_home_visit_sample_fraction`` (县级民政部门入户抽查比例,
不低于) where a text sets it: the 2012 national measures (民发〔2012〕220号 第二十六条) and the
Guangxi (桂政办发〔2016〕9号 二（四）3) and Inner Mongolia seeds, 30 %.  The 2021 measures
leave it to local government; where no layer states it on the date, the service samples
30 % (``DEFAULT_RATE``), the figure every text that set one chose, and says so
(``rate_basis`` ``service_default``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

from verification.policies.layered import params as p
from verification.policies.layered.resolution import EffectivePolicy, Status

DEFAULT_RATE: Final = Decimal("0.30")
RateBasis = Literal["policy", "service_default", "requested"]


@dataclass(frozen=True, slots=True)
class SamplingRate:
    rate: Decimal
    basis: RateBasis
    minimum: Decimal  # the least rate allowed: the policy's, or the default
    citation: str | None  # the policy entry's citation (None: the service's default)
    policy: str  # <most specific layer id>@<date>


class RateBelowMinimumError(ValueError):
    def __init__(self, minimum: Decimal) -> None:
        super().__init__(f"the rate may not be below {minimum}")
        self.minimum = minimum


def sampling_rate(effective: EffectivePolicy, requested: Decimal | None) -> SamplingRate:
    """The rate for ``effective``'s region and date; ``requested`` if given and not below
    the minimum (``RateBelowMinimumError`` otherwise)."""
    resolved = effective[p.COUNTY_SAMPLE_FRACTION]
    policy = f"{effective.chain[0].id}@{effective.on.isoformat()}"
    if resolved.status is Status.IN_FORCE and resolved.value is not None and resolved.value > 0:
        minimum: Decimal = resolved.value
        source = resolved.source
        citation = None if source is None else f"{source.layer_name} {source.citation_text()}"
        basis: RateBasis = "policy"
    else:
        minimum, citation, basis = DEFAULT_RATE, None, "service_default"
    if requested is None:
        return SamplingRate(minimum, basis, minimum, citation, policy)
    if requested < minimum:
        raise RateBelowMinimumError(minimum)
    return SamplingRate(requested, "requested", minimum, citation, policy)
