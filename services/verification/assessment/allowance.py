"""The allowance of an eligible household: 差额 or 分档, and the work-refusal cut.

差额 (暂行办法 第十二条第一款; 办法 第二十三条): (月标准 − 人均月收入) × 人数, from the exact
household income: 月标准 × 人数 less the household's exact monthly income, as the engine
has always computed it.

分档 (办法 第二十三条: "也可以根据申请家庭困难程度和人员情况，采取分档方式计算"): the
household's gap (月标准 − 人均月收入) ÷ 月标准, from the stated figures the report shows,
picks the first tier whose ``up_to_gap_fraction`` it does not exceed; each person is paid
that tier's ``fraction_of_standard`` × the standard (年标准 ÷ 12, exact).

Work refusal (办法 第三十四条; 暂行办法 第四十五条): a member who refused suitable work
without good reason at least ``consecutive_refusals`` times in a row has *their own* share
(本人的最低生活保障金) reduced by ``cut_fraction`` (1: stopped); every other member keeps
theirs.  A member's share is the household amount ÷ persons (差额) or the tier's amount per
person (分档).  Where the fraction is left to local government and no layer set it, the cut
is not computed: the allowance is not stated and a note says why (never a guess).

Rounding: the amount paid is rounded half-up to the fen once, from exact values; each
member's stated share and cut is rounded once on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from verification.kit.money import ZERO, yuan_quotient
from verification.messages.render import Message
from verification.policies.layered.params import AllowanceMethod, AllowanceTier, RefusalCut


@dataclass(frozen=True, slots=True)
class AllowanceParams:
    """``allowance.method``, ``allowance.tiered_permitted``, ``allowance.tiers`` in force."""

    method: AllowanceMethod
    citation: str  # where the method in force comes from
    tiered_permitted: bool = False
    tiers: tuple[AllowanceTier, ...] | None = None  # None: not in force (left to local)
    tiers_citation: str | None = None


@dataclass(frozen=True, slots=True)
class WorkRefusalParams:
    """``work_refusal.*`` in force (办法 第三十四条; 暂行办法 第四十五条)."""

    consecutive_refusals: int
    cut_applies_to: RefusalCut
    citation: str
    cut_fraction: Decimal | None = None  # None: left to local government, not set


@dataclass(frozen=True, slots=True)
class Tier:
    number: int  # 1-based, in the order of the layer's list
    up_to_gap_fraction: Decimal
    fraction_of_standard: Decimal
    per_person_monthly: Decimal  # stated


@dataclass(frozen=True, slots=True)
class RefusalCutResult:
    member_index: int
    refusals: int
    share_monthly: Decimal  # the member's own share before the cut, stated
    cut_monthly: Decimal | None  # None: the fraction is left to local government
    message: Message


@dataclass(frozen=True, slots=True)
class Allowance:
    method: AllowanceMethod
    tier: Tier | None
    before_cuts_monthly: Decimal | None  # None: could not be computed (see notes)
    cuts: tuple[RefusalCutResult, ...]
    amount_monthly: Decimal | None  # what is suggested; None: could not be computed
    messages: tuple[Message, ...]


def choose_tier(
    tiers: Sequence[AllowanceTier], standard_monthly: Decimal, per_capita_monthly: Decimal
) -> int:
    """The 0-based tier of a household whose per-capita income is below the standard."""
    if standard_monthly <= 0:
        raise ValueError("the standard must be positive")
    gap = max(ZERO, standard_monthly - per_capita_monthly) / standard_monthly
    for number, tier in enumerate(tiers):
        if gap <= tier.up_to_gap_fraction:
            return number
    return len(tiers) - 1  # the last tier ends at 1, the largest gap there is


def allowance(
    params: AllowanceParams,
    refusal: WorkRefusalParams | None,
    *,
    standard_annual: Decimal,
    standard_monthly: Decimal,
    per_capita_monthly: Decimal,
    household_total: Decimal,
    months: int,
    persons: Sequence[int],
    refusals: Mapping[int, int],
) -> Allowance:
    """The monthly allowance of an eligible household.

    ``household_total``: its exact counted income over the ``months`` of the window (after
    deductions); ``persons``: the indexes of the living members assessed; ``refusals``: the
    caseworker's count of consecutive unjustified refusals of suitable work per member.
    """
    size = len(persons)
    messages: list[Message] = []
    tier: Tier | None = None
    if params.method is AllowanceMethod.TIERED:
        if not params.tiered_permitted or params.tiers is None:
            code = (
                "policy.allowance.tiers_missing"
                if params.tiered_permitted
                else "policy.allowance.tiered_not_permitted"
            )
            messages.append(Message(code, {"citation": params.citation}))
            return Allowance(params.method, None, None, (), None, tuple(messages))
        chosen = choose_tier(params.tiers, standard_monthly, per_capita_monthly)
        band = params.tiers[chosen]
        tier = Tier(
            number=chosen + 1,
            up_to_gap_fraction=band.up_to_gap_fraction,
            fraction_of_standard=band.fraction_of_standard,
            per_person_monthly=yuan_quotient(band.fraction_of_standard * standard_annual, 12),
        )
        # per person a month: fraction × annual ÷ 12; exact as (fraction × annual) over 12
        share_numerator, share_divisor = band.fraction_of_standard * standard_annual, 12
        messages.append(
            Message(
                "rule.allowance.tiered",
                {
                    "tier": tier.number,
                    "gap_limit": str(band.up_to_gap_fraction),
                    "fraction": str(band.fraction_of_standard),
                    "per_person": str(tier.per_person_monthly),
                    "persons": size,
                    # the tiers, then the method and its national permission (第二十三条)
                    "citation": "；".join(c for c in (params.tiers_citation, params.citation) if c),
                },
            )
        )
    else:
        # (standard × size × months − exact income) ÷ months, shared equally: ÷ size
        gap_total = max(ZERO, standard_monthly * size * months - household_total)
        share_numerator, share_divisor = gap_total, months * max(size, 1)
        messages.append(
            Message("rule.allowance.difference", {"persons": size, "citation": params.citation})
        )
    before = yuan_quotient(share_numerator * size, share_divisor)
    cuts, withheld, unknown = _cuts(refusal, persons, refusals, share_numerator, share_divisor)
    messages.extend(c.message for c in cuts)
    if unknown:
        assert refusal is not None
        messages.append(
            Message(
                "policy.work_refusal.fraction_left_to_local",
                {"member_indexes": unknown, "citation": refusal.citation},
            )
        )
        return Allowance(params.method, tier, before, cuts, None, tuple(messages))
    amount = yuan_quotient(share_numerator * (size - withheld), share_divisor)
    return Allowance(params.method, tier, before, cuts, amount, tuple(messages))


def _cuts(
    refusal: WorkRefusalParams | None,
    persons: Sequence[int],
    refusals: Mapping[int, int],
    share_numerator: Decimal,
    share_divisor: int,
) -> tuple[tuple[RefusalCutResult, ...], Decimal, list[int]]:
    """Each refuser's cut, the sum of the fractions withheld (in shares), and the refusers
    whose cut is left to local government."""
    if refusal is None:
        return (), ZERO, []
    found: list[RefusalCutResult] = []
    withheld = ZERO
    unknown: list[int] = []
    for index in persons:
        count = refusals.get(index, 0)
        if count < refusal.consecutive_refusals:
            continue
        share = yuan_quotient(share_numerator, share_divisor)
        fraction = refusal.cut_fraction
        cut = None if fraction is None else yuan_quotient(share_numerator * fraction, share_divisor)
        if fraction is None:
            unknown.append(index)
        else:
            withheld += fraction
        found.append(
            RefusalCutResult(
                member_index=index,
                refusals=count,
                share_monthly=share,
                cut_monthly=cut,
                message=Message(
                    "rule.work_refusal.cut"
                    if cut is not None
                    else "rule.work_refusal.cut_undetermined",
                    {
                        "member_index": index,
                        "refusals": count,
                        "threshold": refusal.consecutive_refusals,
                        "share": str(share),
                        **({"cut": str(cut)} if cut is not None else {}),
                        "citation": refusal.citation,
                    },
                ),
            )
        )
    return tuple(found), withheld, unknown
