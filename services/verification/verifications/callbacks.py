"""An agency's callback: "the answer promised under this ticket is ready".

``POST /agency/v1/callbacks/{scope}`` with the JSON body ``{"ticket": "<reference>"}``,
authenticated by the source's shared secret (``VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET``):

- ``X-Agency-Timestamp``: the sending time, Unix seconds, within
  ``callback_tolerance_seconds`` (300) of the service's clock (a replay later is refused);
- ``X-Agency-Signature``: ``sha256=`` and the lowercase hex HMAC-SHA256, under the secret,
  of the timestamp, a full stop and the raw body bytes (``<timestamp>.<body>``).

A callback carries no answer: the service then asks the agency for it, through the
connector and its own authenticated channel (``awaiting.collect_answers``), so a forged or
replayed callback can at most make the service ask early.  Every callback is audited: a
refused one (no secret for the source, a bad or stale signature, a malformed body, an
unknown ticket) by the problem handler, with nothing stored; an accepted one as
``agency_callback``, before the agency is asked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from typing import Final

from verification.kit.id_number import contains_id_number
from verification.problems import AuthenticationRequired, InvalidRequest, NotFound
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository
from verification.verifications.awaiting import AWAITING, collect_answers

SIGNATURE_PREFIX: Final = "sha256="
_TICKET: Final = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_MAX_BODY: Final = 4096


@dataclass(frozen=True, slots=True)
class CallbackOutcome:
    verification_id: str
    status: str  # the verification's status after the answer was asked for
    revision: int | None  # the new report's revision, when it completed


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Agency-Signature`` value of a callback (what an agency computes)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def _unauthenticated(scope: str, detail: str) -> AuthenticationRequired:
    return AuthenticationRequired(
        detail,
        code="invalid-callback-signature",
        audit={"scope": scope, "actor": f"agency:{scope}"},
    )


def takes_callbacks(rt: Runtime, scope: str) -> bool:
    """Whether source ``scope`` is installed and has a callback secret."""
    return scope in rt.connectors and rt.settings.source_settings(scope).callback_secret is not None


def _check(rt: Runtime, scope: str, body: bytes, timestamp: str | None, signed: str | None) -> None:
    """The callback is the source's own, and recent; raises otherwise."""
    settings = rt.settings
    secret = settings.source_settings(scope).callback_secret if takes_callbacks(rt, scope) else None
    if secret is None:
        raise NotFound(
            "this source sends no callbacks here",
            code="unknown-callback-source",
            audit={"scope": scope[:32] if scope.isidentifier() else "?"},
        )
    if timestamp is None or signed is None or not timestamp.isdigit():
        raise _unauthenticated(scope, "the callback is not signed")
    if abs(time.time() - int(timestamp)) > settings.callback_tolerance_seconds:
        raise _unauthenticated(scope, "the callback's timestamp is too far from now")
    expected = signature(secret.get_secret_value(), timestamp, body)
    if not hmac.compare_digest(expected.encode(), signed.strip().encode()):
        raise _unauthenticated(scope, "the callback's signature does not match")


def _ticket(scope: str, body: bytes) -> str:
    audit = {"scope": scope, "actor": f"agency:{scope}"}
    try:
        document = json.loads(body) if len(body) <= _MAX_BODY else None
    except ValueError:
        document = None
    ticket = document.get("ticket") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or set(document) != {"ticket"}  # unknown fields are refused, as on every body
        or not isinstance(ticket, str)
        or not _TICKET.fullmatch(ticket)
        or contains_id_number(ticket)
    ):
        raise InvalidRequest(
            'the callback\'s body must be {"ticket": "<the agency\'s reference>"}',
            code="invalid-callback",
            audit=audit,
        )
    return ticket


async def receive_callback(
    rt: Runtime,
    scope: str,
    body: bytes,
    *,
    timestamp: str | None,
    signed: str | None,
    request_id: str,
) -> CallbackOutcome:
    """Check an agency's callback, audit it, and ask for the answer it announces."""
    _check(rt, scope, body, timestamp, signed)
    ticket = _ticket(scope, body)
    async with rt.read_session_factory() as session:
        held = await repository.find_ticket(session, scope, ticket)
    if held is None:
        raise NotFound(
            "no open ticket of this source has this reference",
            code="unknown-ticket",
            audit={"scope": scope, "actor": f"agency:{scope}", "ticket": ticket},
        )
    vid = held.verification_id
    await rt.audit.record(
        [
            audit_events.agency_callback(
                scope=scope, ticket=ticket, verification_id=vid, request_id=request_id
            )
        ]
    )
    report = await collect_answers(rt, vid, trigger="callback", request_id=request_id)
    if report is not None:
        return CallbackOutcome(str(vid), report.status, report.revision)
    async with rt.read_session_factory() as session:  # still awaiting, or completed by a
        row = await repository.get_verification(session, vid)  # poll meanwhile
    if row is not None and row.status != AWAITING:
        return CallbackOutcome(str(vid), row.status, row.revision)
    return CallbackOutcome(str(vid), AWAITING, None)
