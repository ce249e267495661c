"""The consent-use record of an authorization, derived from its audit entries (pure).

Every use of a household's authorization — the first verification, a retry, a batch
review, the later collection of answers an agency promised, an upheld appeal's re-query, a
support obligor's consent used beside it — is a set of audit entries naming the
authorization (``authorization_id``): the entry that starts the round
(``authorization_accepted``, ``verification_retried``, ``review_started``,
``sources_answered``, ``appeal_requery``) and one ``source_query`` entry per request sent
to an agency.  ``consent_record`` groups them by round (verification, request, revision) and
keeps, per round, when, for which purpose, by which client and, per agency, the outcome.
It keeps no data value: the entries themselves hold none (no income, balance, name or ID
number: members appear by blind index only, and those are dropped here too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

Purpose = Literal[
    "first_verification",
    "retry",
    "batch_review",
    "answer_collection",
    "obligor_consent_use",
    "appeal_requery",
]
Outcome = Literal["answered", "not_found", "unavailable", "rejected", "pending"]

# the action of the entry that starts a round, and the purpose it stands for
_STARTS: Final[Mapping[str, Purpose]] = {
    "authorization_accepted": "first_verification",
    "verification_retried": "retry",
    "review_started": "batch_review",
    "sources_answered": "answer_collection",
    "appeal_requery": "appeal_requery",  # an upheld appeal (复议) asks agencies again
}
# a source answer's status, as the record names the agency's outcome
_OUTCOMES: Final[Mapping[str, Outcome]] = {
    "ok": "answered",
    "not_found": "not_found",
    "unavailable": "unavailable",
    "rejected": "rejected",
    "pending": "pending",
}
# what one agency's outcome is when its members' answers differ: the one that needs
# attention first (a member unanswered makes the agency's answer incomplete)
_PRECEDENCE: Final[tuple[Outcome, ...]] = (
    "unavailable",
    "rejected",
    "pending",
    "answered",
    "not_found",
)
REVOKED: Final = "authorization_revoked"  # the audit action of a household's withdrawal


@dataclass(frozen=True, slots=True)
class Entry:
    """One audit entry naming the authorization: its body (parsed) and when it was
    recorded."""

    at: dt.datetime
    body: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class AgencyOutcome:
    scope: str
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Use:
    at: dt.datetime
    purpose: Purpose
    client_id: str | None
    verification_id: str | None
    agencies: tuple[AgencyOutcome, ...]


@dataclass(frozen=True, slots=True)
class Revocation:
    recorded_at: dt.datetime
    withdrawn_on: dt.date
    reason: str


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    authorization_id: str
    purpose: str
    region_code: str
    not_before: dt.datetime
    expires_at: dt.datetime
    uses: tuple[Use, ...]
    revocation: Revocation | None = None
    clients: Mapping[str, str] = field(default_factory=dict)  # client id -> its name

    def status(self, now: dt.datetime) -> Literal["active", "revoked", "expired"]:
        if self.revocation is not None:
            return "revoked"
        return "active" if now <= self.expires_at else "expired"


@dataclass
class _Round:
    at: dt.datetime
    purpose: Purpose | None = None
    client_id: str | None = None
    verification_id: str | None = None
    scopes: list[str] = field(default_factory=list)  # asked, in the start's order
    statuses: dict[str, set[str]] = field(default_factory=dict)  # scope -> answers' statuses
    obligor: bool = False


def uses_of(entries: Iterable[Entry]) -> tuple[Use, ...]:
    """The uses the entries record, oldest first."""
    rounds: dict[tuple[Any, ...], _Round] = {}
    for entry in sorted(entries, key=lambda e: e.at):
        body = entry.body
        action = str(body.get("action"))
        if action not in _STARTS and action != "source_query":
            continue
        key = (body.get("verification_id"), body.get("request_id"), body.get("revision", 0))
        found = rounds.setdefault(key, _Round(at=entry.at))
        found.client_id = found.client_id or body.get("client_id")
        found.verification_id = found.verification_id or body.get("verification_id")
        if action in _STARTS:
            found.purpose = _STARTS[action]
            found.at = min(found.at, entry.at)
            for scope in _asked(body):
                if scope not in found.scopes:
                    found.scopes.append(scope)
            continue
        scope = str(body.get("scope"))
        if scope not in found.scopes:
            found.scopes.append(scope)
        found.statuses.setdefault(scope, set()).add(str(body.get("status")))
        found.obligor = found.obligor or body.get("subject") == "obligor"
    return tuple(_use(r) for r in sorted(rounds.values(), key=lambda r: r.at))


def _asked(body: Mapping[str, Any]) -> list[str]:
    """The agencies a round's start says it asks: its scopes, or a retry's pairs."""
    if isinstance(body.get("scopes"), list):
        return [str(s) for s in body["scopes"]]
    pairs = body.get("pairs") or []
    return list(dict.fromkeys(str(pair).split(":", 1)[-1] for pair in pairs))


def _use(found: _Round) -> Use:
    purpose: Purpose = found.purpose or (
        "obligor_consent_use" if found.obligor else "answer_collection"
    )
    return Use(
        at=found.at,
        purpose=purpose,
        client_id=found.client_id,
        verification_id=found.verification_id,
        agencies=tuple(
            AgencyOutcome(scope, _outcome(found.statuses.get(scope, set())))
            for scope in found.scopes
        ),
    )


def _outcome(statuses: set[str]) -> Outcome:
    """One agency's outcome from its members' answers' statuses (none yet: pending)."""
    outcomes = {_OUTCOMES.get(s, "unavailable") for s in statuses}
    return next((o for o in _PRECEDENCE if o in outcomes), "pending")


def revocation_of(entries: Sequence[Entry]) -> Revocation | None:
    """The household's withdrawal, as its audit entry records it."""
    for entry in entries:
        if entry.body.get("action") == REVOKED:
            return Revocation(
                recorded_at=entry.at,
                withdrawn_on=dt.date.fromisoformat(str(entry.body["withdrawn_on"])),
                reason=str(entry.body["reason"]),
            )
    return None


def beijing_time(at: dt.datetime, zone: ZoneInfo) -> str:
    """``at`` as a person in Beijing reads it: ``2026-12-06 17:05``."""
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
