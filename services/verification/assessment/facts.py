"""Reading the evidence: which source answered for whom, and who is deceased."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from connectors.sdk.evidence import PersonStatus, SourceResult
from verification.assessment.model import ANSWERED, Member, Results


def result_of(results: Results, index: int, scope: str) -> SourceResult | None:
    return results.get((index, scope))


def results_for(results: Results, index: int) -> list[SourceResult]:
    return [r for (i, _scope), r in sorted(results.items()) if i == index]


def is_deceased(results: Results, index: int) -> bool:
    hukou = result_of(results, index, "hukou")
    identity = hukou.evidence.identity if hukou else None
    return identity is not None and identity.status is PersonStatus.DECEASED


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
