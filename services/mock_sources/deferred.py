"""Agencies that answer later: the mock bank's delayed mode, its state and ``/_deferred``.

With the mode on (``PUT /_deferred/bank {"delay_seconds": 600}``, or the environment variable
``MOCK_SOURCES_BANK_DEFER_SECONDS``), a deposit query is answered HTTP 202 with a ticket
and ``expectedBy``; the answer is asked for with ``GET /bank/gateway/deposit-query/{ticket}``
(202 again until ``delay_seconds`` have passed on the state's clock, then the answer the
immediate mode would have given).  ``POST /_deferred/bank/release`` makes every ticket's
answer available at once (a test needs no wall clock), and, when a ``callback_url`` is
configured, notifies it of each released ticket: ``POST {"scope", "ticket"}`` signed with
HMAC-SHA256 of ``<timestamp>.<body>`` under ``callback_secret`` (headers
``X-Agency-Timestamp`` and ``X-Agency-Signature: sha256=<hex>``).

A ticket is ``BQ`` and 20 random hex digits in groups of five (``BQ3F9A1-…``): never a run of
digits an ID number could be.  The connectors refuse a ticket that looks like one (it is
stored and audited in clear), so a bare 20-digit hex string — about one in 750 holds a run
of 15 or 18 digits — made a query ``rejected`` instead of ``pending`` now and then.

Tickets live in the process's memory: a restarted mock forgets them (an agency would not).
``/_deferred`` is a test-harness endpoint, not an agency: it needs no authorization headers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

DEFER_ENV_VAR = "MOCK_SOURCES_BANK_DEFER_SECONDS"
Clock = Callable[[], float]


class DeferredMode(BaseModel):
    """How the bank answers later: after ``delay_seconds``; released tickets are announced
    to ``callback_url`` (signed with ``callback_secret``) when both are set."""

    model_config = ConfigDict(extra="forbid")

    delay_seconds: float = Field(ge=0)
    callback_url: str | None = None
    callback_secret: str | None = None


@dataclass
class _Ticket:
    cert_no: str
    cert_type: str
    ready_at: float  # on the state's clock


_Mode = TypeVar("_Mode", bound=BaseModel)


def mode_from_environment(variable: str, mode: type[_Mode]) -> _Mode | None:
    """The mode the environment variable ``variable`` turns on, with its value as the mode's
    ``delay_seconds`` (None: unset); a value that is not a number of seconds ≥ 0 is refused."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    try:
        return mode(delay_seconds=float(value))
    except (ValueError, ValidationError) as exc:
        raise ValueError(f"{variable}: not a number of seconds ≥ 0") from exc


@dataclass
class DeferredState:
    """The delayed mode of one app (``None``: off) and its tickets."""

    clock: Clock = time.monotonic
    mode: DeferredMode | None = None
    tickets: dict[str, _Ticket] = field(default_factory=dict)
    # how callbacks are sent (a test's httpx.MockTransport); None: the network
    callback_transport: httpx.AsyncBaseTransport | None = None
    # the tickets' randomness: ``n`` random bytes as hex (a test's own, to pin the format)
    random_hex: Callable[[int], str] = secrets.token_hex

    @classmethod
    def from_environment(cls) -> DeferredState:
        return cls(mode=mode_from_environment(DEFER_ENV_VAR, DeferredMode))

    def accept(self, cert_type: str, cert_no: str) -> tuple[str, dt.datetime]:
        """A ticket for a query, and when its answer is expected (UTC)."""
        assert self.mode is not None
        ticket = "BQ" + _grouped(self.random_hex(10).upper())
        self.tickets[ticket] = _Ticket(cert_no, cert_type, self.clock() + self.mode.delay_seconds)
        expected = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.mode.delay_seconds)
        return ticket, expected.replace(microsecond=0)

    def held(self, ticket: str) -> _Ticket | None:
        """The query of a ticket; ``None`` for an unknown one."""
        return self.tickets.get(ticket)

    def ready(self, held: _Ticket) -> bool:
        """Whether the answer to ``held`` is available."""
        return self.clock() >= held.ready_at

    def release(self) -> list[str]:
        """Make every waiting answer available now; the tickets released."""
        now = self.clock()
        released = [t for t, held in self.tickets.items() if held.ready_at > now]
        for ticket in released:
            self.tickets[ticket].ready_at = now
        return released


def _grouped(digits: str, size: int = 5) -> str:
    """``digits`` in groups of ``size`` joined by hyphens: no run of digits longer than it."""
    return "-".join(digits[i : i + size] for i in range(0, len(digits), size))


def deferred_state(request: Request) -> DeferredState:
    state = request.app.state.deferred
    if not isinstance(state, DeferredState):
        raise TypeError("app.state.deferred is not a DeferredState")
    return state


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The callback's signature header value."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


router = APIRouter(prefix="/_deferred", tags=["deferred"])


@router.get("/bank")
async def read_mode(request: Request) -> dict[str, Any]:
    state = deferred_state(request)
    mode = None if state.mode is None else state.mode.model_dump(exclude={"callback_secret"})
    waiting = sum(1 for held in state.tickets.values() if not state.ready(held))
    return {"mode": mode, "tickets": len(state.tickets), "waiting": waiting}


@router.put("/bank", response_model=None)
async def set_mode(request: Request) -> dict[str, Any] | JSONResponse:
    """Answer bank queries later (202 + ticket)."""
    try:
        mode = DeferredMode.model_validate_json(await request.body())
    except ValidationError as exc:
        detail = json.loads(exc.json(include_url=False))
        return JSONResponse({"error": "invalid mode", "detail": detail}, status_code=422)
    deferred_state(request).mode = mode
    return mode.model_dump(exclude={"callback_secret"})


@router.delete("/bank", status_code=204)
async def clear_mode(request: Request) -> Response:
    """Answer at once again (tickets already given can still be collected)."""
    deferred_state(request).mode = None
    return Response(status_code=204)


@router.post("/bank/release")
async def release(request: Request) -> dict[str, Any]:
    """Every waiting answer available now; the configured callback notified of each."""
    state = deferred_state(request)
    released = state.release()
    notified = 0
    mode = state.mode
    if mode is not None and mode.callback_url and mode.callback_secret and released:
        async with httpx.AsyncClient(timeout=10.0, transport=state.callback_transport) as client:
            for ticket in released:
                body = json.dumps({"scope": "bank", "ticket": ticket}).encode()
                timestamp = str(int(time.time()))
                response = await client.post(
                    mode.callback_url,
                    content=body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Agency-Timestamp": timestamp,
                        "X-Agency-Signature": sign(mode.callback_secret, timestamp, body),
                    },
                )
                notified += response.is_success
    return {"released": len(released), "notified": notified}
