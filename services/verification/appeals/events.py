"""The audit events of appeals, built in one place.

They name the appeal, its verification, the client and the request; what is disputed as
codes (scopes, finding codes, figure names); the evidence only by count and kind; the
decision by its code and reason codes.  Never the evidence's words, the caseworker's note,
a name or an ID number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from verification.appeals.models import Appeal
from verification.clients.models import ApiClient
from verification.verifications.events import obligors_asked
from verification.verifications.fanout import Pair
from verification.verifications.household import VerifiedObligor


def _common(client: ApiClient, appeal: Appeal, request_id: str) -> dict[str, Any]:
    return {
        "client_id": str(client.id),
        "request_id": request_id,
        "appeal_id": str(appeal.id),
        "verification_id": str(appeal.verification_id),
    }


def appeal_filed(
    client: ApiClient, appeal: Appeal, request_id: str, *, evidence_kinds: Sequence[str]
) -> dict[str, Any]:
    return {
        **_common(client, appeal, request_id),
        "action": "appeal_filed",
        "region_code": appeal.region_code,
        "report_revision": appeal.report_revision,
        "disputed": appeal.disputed,
        "requery_scopes": list(appeal.requery_scopes),
        "evidence_kinds": sorted(evidence_kinds),
        "filed_on": appeal.filed_on.isoformat(),
        "filing_due_on": appeal.filing_due_on.isoformat(),
        "decision_due_on": appeal.decision_due_on.isoformat(),
    }


def appeal_decided(
    client: ApiClient,
    appeal: Appeal,
    request_id: str,
    *,
    decision: str,
    reason_codes: Sequence[str],
    result_revision: int | None,
    note: bool,
) -> dict[str, Any]:
    return {
        **_common(client, appeal, request_id),
        "action": "appeal_decided",
        "decision": decision,
        "reason_codes": list(reason_codes),
        "note": note,  # whether the caseworker wrote one (its words are encrypted, not here)
        "result_revision": result_revision,
        "late": appeal.decided_on is not None and appeal.decided_on > appeal.decision_due_on,
    }


def appeal_requery(
    client: ApiClient,
    appeal: Appeal,
    request_id: str,
    *,
    authorization_id: str,
    revision: int,
    pairs: Sequence[Pair],
    obligors: Sequence[VerifiedObligor],
    obligor_pairs: Sequence[Pair],
) -> dict[str, Any]:
    """The sources an upheld appeal queries again, recorded before any agency is asked;
    a use of the household's authorization, which it names (its consent-use record).
    ``obligor_pairs``: the support obligors' sources asked again (listed as
    ``events.obligors_asked`` lists them for a retry and a review)."""
    return {
        **_common(client, appeal, request_id),
        "action": "appeal_requery",
        "authorization_id": authorization_id,
        "revision": revision,
        "pairs": [f"{index}:{scope}" for index, scope in pairs],
        **obligors_asked(obligors, obligor_pairs),
    }


def appeal_read(client: ApiClient, appeal: Appeal, request_id: str) -> dict[str, Any]:
    return {**_common(client, appeal, request_id), "action": "appeal_read"}


def appeals_listed(
    client: ApiClient, verification_id: str, request_id: str, *, count: int
) -> dict[str, Any]:
    return {
        "action": "appeals_listed",
        "client_id": str(client.id),
        "request_id": request_id,
        "verification_id": verification_id,
        "count": count,
    }
