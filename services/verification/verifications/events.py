"""The audit events of the verification use cases, built in one place.

Each is a plain mapping the audit log records (``runtime.audit``, a committer); members
appear only by blind index and masked ID number (``people``), never by name or clear ID.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from connectors.sdk.evidence import SourceResult
from verification.authorization.grant import Grant
from verification.authorization.jws import RegisteredKey
from verification.clients.models import ApiClient
from verification.policies.model import Policy
from verification.verifications.fanout import Pair
from verification.verifications.household import VerifiedHousehold, VerifiedObligor
from verification.verifications.models import Verification


def common(client: ApiClient, household: VerifiedHousehold, request_id: str) -> dict[str, Any]:
    """The fields every event of one verification's round carries."""
    return {
        "client_id": str(client.id),
        "request_id": request_id,
        "verification_id": str(household.verification_id),
        "authorization_id": household.authorization_id,
        "purpose": household.purpose,
    }


def _policy(policy: Policy) -> str:
    return f"{policy.id}@{policy.version}"


def authorization_accepted(
    client: ApiClient,
    household: VerifiedHousehold,
    request_id: str,
    *,
    grant: Grant,
    key: RegisteredKey,
    scopes: Sequence[str],
    policy: Policy,
) -> dict[str, Any]:
    return {
        **common(client, household, request_id),
        "action": "authorization_accepted",
        "issuer": grant.issuer,
        "kid": key.kid,
        "region_code": grant.region_code,
        "scopes": scopes,
        "members": list(household.people),
        "policy": _policy(policy),
        **({"obligors": obligors_accepted(household.obligors)} if household.obligors else {}),
    }


def verification_retried(
    client: ApiClient,
    household: VerifiedHousehold,
    request_id: str,
    *,
    revision: int,
    failed: Sequence[Pair],
    obligor_pairs: Sequence[Pair] = (),
) -> dict[str, Any]:
    """A retry, recorded before any agency is asked: the members' failed sources it asks
    again (``pairs``) and the support obligors' (``obligors``, only when any)."""
    return {
        **common(client, household, request_id),
        "action": "verification_retried",
        "revision": revision,
        "pairs": [f"{index}:{scope}" for index, scope in failed],
        **obligors_asked(household.obligors, obligor_pairs),
    }


def review_started(
    client: ApiClient,
    household: VerifiedHousehold,
    request_id: str,
    *,
    audit: Mapping[str, Any],
    previous_id: uuid.UUID,
    key: RegisteredKey,
    scopes: Sequence[str],
    policy: Policy,
    obligor_pairs: Sequence[Pair] = (),
) -> dict[str, Any]:
    """A batch review, recorded before any agency is asked: the members and the scopes
    asked about them, and the support obligors asked again (``obligors``, only when any)."""
    return {
        **common(client, household, request_id),
        **audit,
        "action": "review_started",
        "previous_verification_id": str(previous_id),
        "kid": key.kid,
        "region_code": household.region_code,
        "scopes": scopes,
        "members": list(household.people),
        "policy": _policy(policy),
        **obligors_asked(household.obligors, obligor_pairs),
    }


def attempt_events(
    common: Mapping[str, Any],
    people: Sequence[Mapping[str, str]],
    results: Mapping[Pair, SourceResult],
    revision: int,
) -> list[dict[str, Any]]:
    """One audit event per request sent to an agency; a query that sent none still gets one."""
    events = []
    for (index, scope), result in sorted(results.items()):
        base = {
            **common,
            "action": "source_query",
            "revision": revision,
            "scope": scope,
            **people[index],
            "status": result.status.value,
            "reason": result.reason,
        }
        if result.ticket is not None:  # the agency's opaque reference, no personal data
            base["ticket"] = result.ticket.reference
        if not result.attempt_log:
            events.append({**base, "attempt": 0, "outcome": result.status.value})
        events.extend(
            {
                **base,
                "attempt": attempt.number,
                "outcome": attempt.outcome,
                "http_status": attempt.status_code,
                "duration_ms": attempt.duration_ms,
            }
            for attempt in result.attempt_log
        )
    return events


def obligor_attempt_events(
    common: Mapping[str, Any],
    obligors: Sequence[VerifiedObligor],
    results: Mapping[Pair, SourceResult],
    revision: int,
) -> list[dict[str, Any]]:
    """``attempt_events`` of the queries about support obligors: each recorded under the
    obligor's own consent (``authorization_id``), with the household's it supports beside
    it, the obligor by blind index and masked ID number and their index."""
    by_index = {o.index: o for o in obligors}
    events: list[dict[str, Any]] = []
    for (index, scope), result in sorted(results.items()):
        obligor = by_index[index]
        events.extend(
            {
                **event,
                "authorization_id": obligor.consent_id,
                "supports_authorization_id": common["authorization_id"],
                "subject": "obligor",
                "obligor_index": index,
            }
            for event in attempt_events(common, [obligor.person], {(0, scope): result}, revision)
        )
    return events


def obligors_accepted(obligors: Sequence[VerifiedObligor]) -> list[dict[str, Any]]:
    """The obligors of an accepted authorization, as its audit event lists them."""
    return [
        {
            **o.person,
            "obligor_index": o.index,
            "relation": o.relation,
            "authorization_id": o.consent_id,
            "kid": o.kid,
            "scopes": list(o.scopes),
        }
        for o in obligors
    ]


def obligors_asked(
    obligors: Sequence[VerifiedObligor], pairs: Sequence[Pair]
) -> dict[str, list[dict[str, Any]]]:
    """The support obligors a round asks again (``pairs``: obligor index, scope), as the
    event that starts it lists them before any agency is asked: each by blind index and
    masked ID number, their index, their own consent (``authorization_id``) and the scopes
    asked about them; ``{}`` when the round asks none."""
    asked: dict[int, list[str]] = {}
    for index, scope in pairs:
        asked.setdefault(index, []).append(scope)
    if not asked:
        return {}
    return {
        "obligors": [
            {
                **o.person,
                "obligor_index": o.index,
                "authorization_id": o.consent_id,
                "scopes": asked[o.index],
            }
            for o in obligors
            if o.index in asked
        ]
    }


def report_created(
    common: Mapping[str, Any], *, revision: int, outcome: str, policy: Policy
) -> dict[str, Any]:
    return {
        **common,
        "action": "report_created",
        "revision": revision,
        "outcome": outcome,
        "policy": _policy(policy),
    }


def sources_answered(
    common: Mapping[str, Any],
    *,
    revision: int,
    trigger: str,
    pairs: Sequence[Pair],
    obligor_pairs: Sequence[Pair] = (),
) -> dict[str, Any]:
    """The answers an awaiting verification waited for arrived (``trigger``: ``poll`` or
    ``callback``); the report of ``revision`` follows.  ``obligor_pairs``: the answers about
    support obligors among them, by obligor index (``obligor_pairs``, only when any)."""
    event = {
        **common,
        "action": "sources_answered",
        "revision": revision,
        "trigger": trigger,
        "pairs": [f"{index}:{scope}" for index, scope in pairs],
    }
    if obligor_pairs:
        event["obligor_pairs"] = [f"{index}:{scope}" for index, scope in obligor_pairs]
    return event


def sources_withdrawn(
    common: Mapping[str, Any],
    *,
    revision: int,
    pairs: Sequence[Pair],
    obligor_pairs: Sequence[Pair] = (),
) -> dict[str, Any]:
    """The answers an awaiting verification waited for will not be collected: the
    authorization they were asked under was withdrawn (``consent/revoke.py``).  The report of
    ``revision`` completes the verification without them; no agency is asked."""
    event = {
        **common,
        "action": "sources_withdrawn",
        "revision": revision,
        "pairs": [f"{index}:{scope}" for index, scope in pairs],
    }
    if obligor_pairs:
        event["obligor_pairs"] = [f"{index}:{scope}" for index, scope in obligor_pairs]
    return event


def agency_callback(
    *, scope: str, ticket: str, verification_id: uuid.UUID, request_id: str
) -> dict[str, Any]:
    """An agency's authenticated "answer ready" callback for an open ticket."""
    return {
        "action": "agency_callback",
        "actor": f"agency:{scope}",
        "request_id": request_id,
        "scope": scope,
        "ticket": ticket,
        "verification_id": str(verification_id),
    }


def discarded(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The events of a discarded round, marked so."""
    return [{**event, "discarded": True} for event in events]


def report_read(
    client: ApiClient,
    row: Verification,
    request_id: str,
    *,
    action: str,
    revision: int | None = None,
) -> dict[str, Any]:
    """A report read: its current revision, or ``revision`` (one it replaced)."""
    return {
        "action": action,
        "client_id": str(client.id),
        "request_id": request_id,
        "verification_id": str(row.id),
        "authorization_id": row.authorization_id,
        "purpose": row.purpose,
        "revision": row.revision if revision is None else revision,
    }


def receipt_read(
    client: ApiClient,
    verification_id: uuid.UUID,
    authorization_id: str,
    request_id: str,
    *,
    index: int,
    checkpoint: int,
) -> dict[str, Any]:
    return {
        "action": "receipt_read",
        "client_id": str(client.id),
        "request_id": request_id,
        "verification_id": str(verification_id),
        "authorization_id": authorization_id,
        "index": index,
        "checkpoint": checkpoint,
    }


def signed_report_read(
    client: ApiClient,
    verification_id: uuid.UUID,
    authorization_id: str,
    request_id: str,
    *,
    revision: int,
    index: int,
    checkpoint: int,
    manifest_format: str,
    obligor_answers: int,
) -> dict[str, Any]:
    """A signed report (manifest, signature, receipt) was served: which revision, whose
    entry (``index``), the checkpoint its receipt used, the manifest's format and how many
    answers about support obligors it lists (counts only)."""
    return {
        "action": "signed_report_read",
        "client_id": str(client.id),
        "request_id": request_id,
        "verification_id": str(verification_id),
        "authorization_id": authorization_id,
        "revision": revision,
        "index": index,
        "checkpoint": checkpoint,
        "format": manifest_format,
        "obligor_answers": obligor_answers,
    }
