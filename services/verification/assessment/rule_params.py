"""The parameters of ``assessment.national`` read from the layered policy in force.

``national_rules(effective)`` is the one place these rules' values are taken from an
``EffectivePolicy``: each is the value in force with its citation (``Source.citation_text``)
or, where the parameter is left to local government, lapsed or unset on the date, ``None``
(or the rule's "not in force" form), which the rules then report instead of guessing.

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

from typing import Any, TypeVar

from verification.assessment.allowance import AllowanceParams, WorkRefusalParams
from verification.assessment.composition import CompositionParams
from verification.assessment.hardship import HardshipParams
from verification.assessment.national import NationalRules
from verification.assessment.obligors import ObligorParams
from verification.assessment.single_person import SinglePersonParams
from verification.policies.layered import params as p
from verification.policies.layered.params import AllowanceMethod
from verification.policies.layered.resolution import EffectivePolicy, Status

T = TypeVar("T")


def _in_force(effective: EffectivePolicy, param: p.Param[T]) -> T | None:
    resolved = effective[param]
    return resolved.value if resolved.status is Status.IN_FORCE else None


def _citation(effective: EffectivePolicy, param: p.Param[Any]) -> str | None:
    """Where the deciding entry comes from (also for a value left to local government); an
    example is named with its layer (南宁市 示例值：…)."""
    source = effective[param].source
    if source is None:
        return None
    text = source.citation_text()
    return f"{source.layer_name} {text}" if source.example else text


def national_rules(effective: EffectivePolicy) -> NationalRules:
    method = _in_force(effective, p.ALLOWANCE_METHOD) or AllowanceMethod.DIFFERENCE
    tiers = _in_force(effective, p.ALLOWANCE_TIERS)
    refusals = _in_force(effective, p.CONSECUTIVE_REFUSALS)
    cut_to = _in_force(effective, p.REFUSAL_CUT)
    return NationalRules(
        allowance=AllowanceParams(
            method=method,
            # unset before the 2012 measures: 差额, the only method until 2021
            citation="；".join(
                c
                for c in (
                    _citation(effective, p.ALLOWANCE_METHOD),
                    # a region's 分档 stands on the national permission (办法 第二十三条)
                    _citation(effective, p.TIERED_PERMITTED)
                    if method is AllowanceMethod.TIERED
                    else None,
                )
                if c
            ),
            tiered_permitted=_in_force(effective, p.TIERED_PERMITTED) is True,
            tiers=tiers,
            tiers_citation=_citation(effective, p.ALLOWANCE_TIERS) if tiers else None,
        ),
        work_refusal=(
            WorkRefusalParams(
                consecutive_refusals=refusals,
                cut_applies_to=cut_to,
                citation=_citation(effective, p.REFUSAL_CUT) or "",
                cut_fraction=_in_force(effective, p.REFUSAL_CUT_FRACTION),
            )
            if refusals is not None and cut_to is not None
            else None
        ),
        hardship=_hardship(effective),
        single_person=SinglePersonParams(
            edge_categories=_in_force(effective, p.SINGLE_PERSON_EDGE_CATEGORIES) or (),
            edge_citation=_citation(effective, p.SINGLE_PERSON_EDGE_CATEGORIES),
            support_exemptable=_in_force(effective, p.SINGLE_PERSON_SUPPORT_EXEMPTABLE) is True,
            support_citation=_citation(effective, p.SINGLE_PERSON_SUPPORT_EXEMPTABLE),
        ),
        composition=CompositionParams(
            member_relations=_in_force(effective, p.MEMBER_RELATIONS),
            relations_citation=_citation(effective, p.MEMBER_RELATIONS),
            excluded_persons=_in_force(effective, p.EXCLUDED_PERSONS),
            excluded_citation=_citation(effective, p.EXCLUDED_PERSONS),
        ),
    )


def _hardship(effective: EffectivePolicy) -> HardshipParams | None:
    requires = _in_force(effective, p.HARDSHIP_NOT_DIBAO_OR_EDGE)
    window = _in_force(effective, p.HARDSHIP_SPENDING_WINDOW)
    kinds = _in_force(effective, p.HARDSHIP_SPENDING_KINDS)
    if requires is None or window is None or kinds is None:
        return None  # the 认定办法 is not in force on the date
    return HardshipParams(
        requires_not_dibao_or_edge=requires,
        spending_window_months=window,
        spending_kinds=kinds,
        citation=_citation(effective, p.HARDSHIP_NOT_DIBAO_OR_EDGE) or "",
        disposable_income_annual=_in_force(effective, p.HARDSHIP_DISPOSABLE_INCOME),
        disposable_income_citation=_citation(effective, p.HARDSHIP_DISPOSABLE_INCOME),
        spending_share=_in_force(effective, p.HARDSHIP_SPENDING_RATIO),
        spending_share_citation=_citation(effective, p.HARDSHIP_SPENDING_RATIO),
    )


def obligor_params(effective: EffectivePolicy) -> ObligorParams | None:
    """What an obligor's ability to support counts for (``assessment/obligors.py``); None
    when the region states neither value on the date."""
    multiple = _in_force(effective, p.OBLIGOR_CAPACITY_MULTIPLE)
    share = _in_force(effective, p.OBLIGOR_SUPPORT_SHARE)
    if multiple is None or share is None:
        return None
    return ObligorParams(
        capacity_multiple=multiple,
        support_share=share,
        citation="；".join(
            c
            for c in (
                _citation(effective, p.OBLIGOR_CAPACITY_MULTIPLE),
                _citation(effective, p.OBLIGOR_SUPPORT_SHARE),
            )
            if c
        ),
    )
