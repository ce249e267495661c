"""Who belongs to the household (rules 1–2): each member's declared relation against the
vocabulary in force.

办法 第七条第一款 lists the 共同生活的家庭成员 (``household.member_relations``); 第七条第二款
the people who are not counted (``household.excluded_persons``).  The authorization's
relation is free text, so the declaration may state, per member, a relation from
``DeclaredRelation`` and, where it applies, the situation of 第七条第二款.  A relation outside
the vocabulary, or a member in an excluded situation, is a *finding* for the caseworker: the
household is still assessed as the authorization lists it (nothing is dropped or refused).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from verification.assessment.model import Declared, MemberFinding
from verification.messages.render import Message
from verification.policies.layered.params import ExcludedPerson, Relation


class DeclaredRelation(StrEnum):
    """A member's relation to the applicant, as the declaration states it."""

    APPLICANT = "applicant"  # 申请人本人
    SPOUSE = Relation.SPOUSE.value
    MINOR_CHILD = Relation.MINOR_CHILD.value
    DEPENDENT_ADULT_CHILD = Relation.DEPENDENT_ADULT_CHILD.value
    STUDENT_CHILD = Relation.STUDENT_CHILD.value
    COHABITING_DEPENDANT = Relation.COHABITING_DEPENDANT.value
    OTHER = "other"  # 其他：不在第七条第一款所列之内（如不负法定义务的亲属）


@dataclass(frozen=True, slots=True)
class CompositionParams:
    """``household.member_relations`` and ``household.excluded_persons`` in force (None: not
    in force on the date, the check is not made)."""

    member_relations: tuple[Relation, ...] | None
    relations_citation: str | None
    excluded_persons: tuple[ExcludedPerson, ...] | None
    excluded_citation: str | None


def composition_findings(
    params: CompositionParams, declared: Declared | None, indexes: Iterable[int]
) -> tuple[MemberFinding, ...]:
    if declared is None:
        return ()
    found: list[MemberFinding] = []
    for index in indexes:
        member = declared.member(index)
        relation = member.relation
        if (
            params.member_relations is not None
            and relation is not None
            and relation != DeclaredRelation.APPLICANT
            and relation not in params.member_relations
        ):
            found.append(
                MemberFinding(
                    "finding.relation_outside_members",
                    index,
                    Message(
                        "finding.relation_outside_members",
                        {
                            "member_index": index,
                            "relation": relation,
                            "citation": params.relations_citation,
                        },
                    ),
                )
            )
        if (
            params.excluded_persons is not None
            and member.excluded_as is not None
            and member.excluded_as in params.excluded_persons
        ):
            found.append(
                MemberFinding(
                    "finding.member_excluded_person",
                    index,
                    Message(
                        "finding.member_excluded_person",
                        {
                            "member_index": index,
                            "excluded_as": member.excluded_as,
                            "citation": params.excluded_citation,
                        },
                    ),
                )
            )
    return tuple(found)
