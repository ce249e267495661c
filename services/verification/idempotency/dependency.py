"""The ``Idempotency-Key`` header as a route dependency wrapping the route's work.

    async def create(..., client: CaseSystem, idempotency: Idempotency) -> Response:
        async def work() -> IdempotentResult:
            ...
            return IdempotentResult(response, audit={"verification_id": ...})

        return await idempotency.run(client, work)

Every POST of the API takes it this way.  Without the header the work simply
runs.  With it, ``run`` claims the key, runs the work and stores its response
— or returns the stored response with ``Idempotency-Replayed: true``
(auditing the replay) without running it.  The key is checked when the
dependency is solved (400 when invalid); the claim is made only in ``run``,
once the request passed authentication and validation, so a refused request
never holds a key.  The OpenAPI document gets the header's refusals and the
``Idempotency-Replayed`` response header of every route that takes it by
construction (``openapi_problems.py``, ``is_idempotent``).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Protocol

import structlog
from fastapi import Depends, Header, Request, Response

from verification.dependencies import RequestId, RuntimeDep
from verification.idempotency.service import (
    KEY_PATTERN,
    MAX_KEY_LENGTH,
    IdempotencyStore,
    IdempotentResult,
    StoredResponse,
    check_key,
    request_fingerprint,
    stored_key,
)
from verification.runtime import Runtime

log = structlog.get_logger(__name__)
REPLAYED_HEADER = "Idempotency-Replayed"


class Caller(Protocol):
    """The authenticated client a key belongs to (an ``ApiClient``): keys are per client.
    Only its id is read, so idempotency needs nothing of ``clients``."""

    @property
    def id(self) -> uuid.UUID: ...


class IdempotentRequest:
    def __init__(
        self, runtime: Runtime, request: Request, request_id: str, key: str | None
    ) -> None:
        self._rt = runtime
        self._request = request
        self._request_id = request_id
        self.key = key

    async def run(
        self,
        client: Caller,
        work: Callable[[], Awaitable[IdempotentResult]],
        *,
        variant: str = "",
    ) -> Response:
        """``variant``: a query parameter that changes what the request does (``log=sandbox``),
        part of its fingerprint (a presentation one, ``lang``, is not); none: the path."""
        if self.key is None:
            return (await work()).response
        store = IdempotencyStore(self._rt)
        path = self._request.url.path
        if variant:
            path = f"{path}?{variant}"
        fingerprint = request_fingerprint(
            self._rt.keyring,
            client_id=client.id,
            key=self.key,
            method=self._request.method,
            path=path,
            body=await self._request.body(),
        )
        key = stored_key(self._rt.keyring, client_id=client.id, key=self.key)
        stored = await store.claim(client.id, key, fingerprint, self._request_id)
        if stored is not None:
            return await self._replay(client, stored)
        try:
            result = await work()
        except BaseException:
            # the key is free again: a refused or failed request may be sent again as it was
            try:
                await asyncio.shield(store.release(client.id, key, self._request_id))
            except Exception:
                log.exception("idempotency_release_failed")
            raise
        await store.complete(client.id, key, self._request_id, result)
        return result.response

    async def _replay(self, client: Caller, stored: StoredResponse) -> Response:
        await self._rt.audit.record(
            [
                {
                    **stored.audit,  # the work's identifiers never stand for the caller's
                    "action": "idempotent_replay",
                    "client_id": str(client.id),
                    "request_id": self._request_id,
                    "method": self._request.method,
                    "path": self._request.url.path,
                    "status": stored.status,
                    "first_request_id": stored.request_id,
                }
            ]
        )
        return Response(
            stored.body,
            status_code=stored.status,
            media_type=stored.media_type,
            headers={"Cache-Control": "no-store", REPLAYED_HEADER: "true"},
        )


REPLAYED_HEADER_DOC: dict[str, Any] = {
    "description": "`true` when this is the stored response to an earlier request "
    "with the same `Idempotency-Key` (the work was not done again)",
    "schema": {"type": "string", "enum": ["true"]},
}


def _key_schema(schema: dict[str, Any]) -> None:
    """A header is a string or absent, never null; the constraints are checked in code (400)."""
    schema.pop("anyOf", None)
    schema.update(type="string", maxLength=MAX_KEY_LENGTH, pattern=KEY_PATTERN)


async def _idempotent_request(
    request: Request,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description=(
                "makes the POST safe to repeat: the first response is stored for 24 h and "
                "returned again (with `Idempotency-Replayed: true`) for the same key and "
                "body; another body → 422 `idempotency-key-reused`, while the first is "
                "running → 409 `idempotency-in-progress`; keys are per client, 1 to "
                f"{MAX_KEY_LENGTH} printable ASCII characters (else 400)"
            ),
            json_schema_extra=_key_schema,
        ),
    ] = None,
) -> IdempotentRequest:
    key = check_key(idempotency_key) if idempotency_key is not None else None
    return IdempotentRequest(runtime, request, request_id, key)


Idempotency = Annotated[IdempotentRequest, Depends(_idempotent_request)]


def is_idempotent(call: object) -> bool:
    """Whether a dependency's callable is the ``Idempotency-Key`` dependency."""
    return call is _idempotent_request
