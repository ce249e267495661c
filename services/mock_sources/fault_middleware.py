"""The ASGI layer that acts out fault decisions in front of every agency.

``FaultInjector`` wraps the whole app (outside Starlette's error middleware,
so it talks to the server directly).  A request whose path falls under an
agency's prefix, when that agency has a fault profile, is buffered, its
person found (``PersonId``: path, query or JSON body, per agency), and
``FaultState.decide`` consulted.  Then, after the decided latency (during
which a client that goes away ends the request):

- ``error``: the profile's 5xx; ``throttle`` and ``rate_limited``: 429 with
  ``Retry-After``; both with a short plain-text body, as a gateway would;
- ``drop``: the connection is closed with nothing written.  Under uvicorn
  the server's transport is reachable from its ``send`` callable and is
  closed; under any other server the response is started and the app raises
  ``InjectedDropError``, which makes the server abort the connection;
- ``malformed``: the agency answers, but the client gets HTTP 200 with the
  body cut in half and non-JSON appended (``Content-Type`` still says JSON);
- ``hang`` (a long extra delay) and ``none``: the agency answers normally.

Every other request passes through untouched.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Literal
from urllib.parse import parse_qs

from fastapi import APIRouter
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_sources.faults import FaultDecision, FaultKind, FaultState

MALFORMED_TAIL = b"\x00<!-- upstream gateway: response truncated -->"
_DISCONNECT_GRACE_SECONDS = 1.0


class InjectedDropError(ConnectionError):
    """Raised after a started response to make a server abort the connection."""


@dataclass(frozen=True)
class PersonId:
    """Where an agency's requests carry the person's ID number."""

    location: Literal["path", "query", "body"]
    name: str

    @classmethod
    def path(cls, name: str) -> PersonId:
        return cls("path", name)

    @classmethod
    def query(cls, name: str) -> PersonId:
        return cls("query", name)

    @classmethod
    def body(cls, name: str) -> PersonId:
        return cls("body", name)


@dataclass(frozen=True)
class FaultTarget:
    """One agency as fault injection sees it: its scope name, router and person locator."""

    agency: str
    router: APIRouter
    person_id: PersonId

    def owns(self, path: str) -> bool:
        prefix = self.router.prefix
        return path == prefix or path.startswith(prefix + "/")

    def find_person(self, scope: Scope, body: bytes) -> str | None:
        """The ID number the request asks about, or None if it names nobody."""
        name = self.person_id.name
        if self.person_id.location == "query":
            values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(name)
            return values[0] if values else None
        if self.person_id.location == "path":
            for route in self.router.routes:
                match, child = route.matches(scope)
                value = child.get("path_params", {}).get(name)
                if match is not Match.NONE and isinstance(value, str):
                    return value
            return None
        try:
            document = json.loads(body)
        except ValueError:
            return None
        value = document.get(name) if isinstance(document, dict) else None
        return value if isinstance(value, str) else None


class FaultInjector:
    """ASGI middleware applying ``FaultState`` decisions to the agencies' requests."""

    def __init__(self, app: ASGIApp, state: FaultState, targets: Sequence[FaultTarget]) -> None:
        self.app = app
        self.state = state
        self.targets = tuple(targets)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = next((item for item in self.targets if item.owns(scope["path"])), None)
        if target is None or self.state.profile(target.agency) is None:
            await self.app(scope, receive, send)
            return

        body, more_messages = await _read_body(receive)
        replay = _Replay(body, more_messages, receive)
        request_id = _header(scope, b"x-request-id")
        decision = self.state.decide(target.agency, request_id, target.find_person(scope, body))
        if decision is None:  # the profile was removed while the body was read
            await self.app(scope, replay, send)
            return
        if more_messages:  # the client left while sending its body
            return
        if decision.delay_seconds > 0 and await _client_left_during(
            decision.delay_seconds, receive
        ):
            return
        await _act_out(decision, self.app, scope, replay, send)


async def _act_out(
    decision: FaultDecision, app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> None:
    entry = decision.entry
    match decision.fault:
        case FaultKind.ERROR:
            entry.status = decision.profile.error_status
            await _send_plain(send, entry.status)
        case FaultKind.THROTTLE | FaultKind.RATE_LIMITED:
            entry.status = HTTPStatus.TOO_MANY_REQUESTS.value
            retry_after = str(decision.retry_after_seconds or 0).encode()
            await _send_plain(send, entry.status, [(b"retry-after", retry_after)])
        case FaultKind.DROP:
            await _drop(receive, send)
        case FaultKind.MALFORMED:
            entry.status = HTTPStatus.OK.value
            await app(scope, receive, _Garbling(send))
        case FaultKind.NONE | FaultKind.HANG:

            async def recording_send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    entry.status = int(message["status"])
                await send(message)

            await app(scope, receive, recording_send)


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    """The whole request body; any non-body message (a disconnect) is handed back."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), [message]
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), []


class _Replay:
    """A ``receive`` that hands the buffered body to the app, then defers to the server."""

    def __init__(self, body: bytes, pending: list[Message], receive: Receive) -> None:
        self._messages: list[Message] = [
            {"type": "http.request", "body": body, "more_body": False},
            *pending,
        ]
        self._receive = receive

    async def __call__(self) -> Message:
        if self._messages:
            return self._messages.pop(0)
        return await self._receive()


async def _until_disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _client_left_during(seconds: float, receive: Receive) -> bool:
    """Sleep ``seconds`` (without blocking the loop); True if the client left meanwhile."""
    sleeper = asyncio.ensure_future(asyncio.sleep(seconds))
    watcher = asyncio.ensure_future(_until_disconnected(receive))
    try:
        await asyncio.wait({sleeper, watcher}, return_when=asyncio.FIRST_COMPLETED)
        return watcher.done() and not watcher.cancelled() and watcher.exception() is None
    finally:
        for task in (sleeper, watcher):
            task.cancel()
        await asyncio.gather(sleeper, watcher, return_exceptions=True)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _send_plain(
    send: Send, status: int, extra_headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    body = f"{status} {HTTPStatus(status).phrase}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *extra_headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _drop(receive: Receive, send: Send) -> None:
    # uvicorn's ``send`` is a bound method of its per-request cycle, which holds
    # the connection's transport (asyncio's or uvloop's, which is not an
    # ``asyncio.BaseTransport``).  Closing it writes nothing; once the server
    # has seen the connection go, returning without a response is silent.
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    close = getattr(transport, "close", None)
    if callable(close):
        close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_until_disconnected(receive), _DISCONNECT_GRACE_SECONDS)
        return
    await send({"type": "http.response.start", "status": HTTPStatus.OK.value, "headers": []})
    raise InjectedDropError("connection dropped by fault injection")


class _Garbling:
    """A ``send`` that holds the agency's answer and sends HTTP 200 garbage instead."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._headers: list[tuple[bytes, bytes]] = []
        self._chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self._headers = [
                (key, value)
                for key, value in message.get("headers", [])
                if key.lower() != b"content-length"
            ]
            return
        if message["type"] != "http.response.body":
            await self._send(message)
            return
        self._chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        original = b"".join(self._chunks)
        body = original[: len(original) // 2] + MALFORMED_TAIL
        await self._send(
            {
                "type": "http.response.start",
                "status": HTTPStatus.OK.value,
                "headers": [*self._headers, (b"content-length", str(len(body)).encode())],
            }
        )
        await self._send({"type": "http.response.body", "body": body, "more_body": False})
