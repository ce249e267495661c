"""单人保 (rules 12, 13): who in a 低保边缘 household may apply alone, and the support that
may be disregarded for an adult unemployed severely disabled person.

Rule 12 — 办法 第八条第一款第（一）（二）项: in a 边缘 household, a holder of a grade 1 or 2
disability certificate, a person with a grade 3 intellectual or mental disability, or a
person with a 重特大疾病 may be brought into 低保 alone (``single_person.
edge_household_categories``).  The declaration states each member's grade and kind of
disability and serious illness; when the household, assessed whole, is 边缘 (income below the
edge line and property within the limits: every property rule passed), each member in one of
the categories in force is flagged as a single-person candidate.  A flag, not a decision: the
caseworker may then ask for a single-person assessment (``single_person_member``).

Rule 13 — 2022 通知 一（一）: support paid by siblings or by people aged 60 or over to an adult
unemployed severely disabled person may be disregarded (``single_person.
support_exemptable``).  "视情" — at the caseworker's discretion — so the declared amount is
stated beside the single-person basis with its citation; the income is not changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from verification.assessment.model import Declared, DeclaredMember
from verification.kit.money import to_yuan
from verification.messages.render import Message
from verification.policies.layered.params import SinglePersonCategory

INTELLECTUAL_OR_MENTAL = frozenset({"intellectual", "mental"})


@dataclass(frozen=True, slots=True)
class SinglePersonParams:
    """``single_person.edge_household_categories`` and ``single_person.support_exemptable``
    in force (an empty tuple / False when not in force on the date)."""

    edge_categories: tuple[SinglePersonCategory, ...]
    edge_citation: str | None
    support_exemptable: bool
    support_citation: str | None


@dataclass(frozen=True, slots=True)
class Candidate:
    member_index: int
    categories: tuple[SinglePersonCategory, ...]
    message: Message


def declared_categories(member: DeclaredMember) -> frozenset[SinglePersonCategory]:
    """The single-person categories a member's declared circumstances fall in."""
    found: set[SinglePersonCategory] = set()
    grade = member.disability_grade
    if member.severe_disability or grade in (1, 2):
        found |= {SinglePersonCategory.DISABILITY_GRADE_1_2, SinglePersonCategory.SEVERE_DISABILITY}
    if grade == 3 and member.disability_kind in INTELLECTUAL_OR_MENTAL:
        found.add(SinglePersonCategory.DISABILITY_GRADE_3_INTELLECTUAL_MENTAL)
    if member.serious_illness:
        found.add(SinglePersonCategory.SERIOUS_ILLNESS)
    return frozenset(found)


def edge_candidates(
    params: SinglePersonParams,
    declared: Declared | None,
    persons: Iterable[int],
    *,
    edge_household: bool,
) -> tuple[Candidate, ...]:
    """The living members of a 边缘 household who may apply alone (rule 12)."""
    if declared is None or not edge_household or not params.edge_categories:
        return ()
    found = []
    for index in persons:
        categories = tuple(
            c for c in params.edge_categories if c in declared_categories(declared.member(index))
        )
        if categories:
            found.append(
                Candidate(
                    index,
                    categories,
                    Message(
                        "rule.single_person.edge_candidate",
                        {
                            "member_index": index,
                            "categories": [c.value for c in categories],
                            "citation": params.edge_citation or "",
                        },
                    ),
                )
            )
    return tuple(found)


def support_notes(
    params: SinglePersonParams, declared: Declared | None, single: int | None
) -> tuple[Message, ...]:
    """The support a single-person applicant declared that may be disregarded (rule 13)."""
    if declared is None or single is None or not params.support_exemptable:
        return ()
    amount: Decimal | None = declared.member(single).exempt_support_monthly
    if not amount:
        return ()
    return (
        Message(
            "rule.single_person.support_exemptable",
            {
                "member_index": single,
                "amount": str(to_yuan(amount)),
                "citation": params.support_citation or "",
            },
        ),
    )
