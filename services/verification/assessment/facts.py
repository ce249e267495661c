"""Reading the evidence: which source answered for whom, and who is deceased."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from connectors.sdk.evidence import IdentityFact, PersonStatus, SourceResult
from verification.assessment.model import ANSWERED, Member, Results


def result_of(results: Results, index: int, scope: str) -> SourceResult | None:
    return results.get((index, scope))


def results_for(results: Results, index: int) -> list[SourceResult]:
    return [r for (i, _scope), r in sorted(results.items()) if i == index]


def identities(results: Results, index: int) -> list[IdentityFact]:
    """What the sources that report identity (户籍) said of a member, in scope order."""
    return [r.evidence.identity for r in results_for(results, index) if r.evidence.identity]


def is_deceased(results: Results, index: int) -> bool:
    return any(i.status is PersonStatus.DECEASED for i in identities(results, index))


def missing_answers(
    members: Sequence[Member], results: Results, scopes: Iterable[str]
) -> list[dict[str, str | int]]:
    """The (member, scope) pairs whose source did not answer (or was not queried), as
    ``{"member_index", "scope", "status"}`` (status ``not_queried`` when not asked)."""
    missing: list[dict[str, str | int]] = []
    for scope in scopes:
        for member in members:
            result = result_of(results, member.index, scope)
            if result is None or result.status not in ANSWERED:
                status = result.status.value if result else "not_queried"
                missing.append({"member_index": member.index, "scope": scope, "status": status})
    return missing
