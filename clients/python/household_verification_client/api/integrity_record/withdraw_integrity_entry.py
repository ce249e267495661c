from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.close_entry import CloseEntry
from ...models.integrity_entry import IntegrityEntry
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    entry_id: UUID,
    *,
    body: CloseEntry,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/integrity-entries/{entry_id}/withdraw".format(
            entry_id=quote(str(entry_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IntegrityEntry | Problem | None:
    if response.status_code == 200:
        response_200 = IntegrityEntry.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[IntegrityEntry | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CloseEntry,
    idempotency_key: str | Unset = UNSET,
) -> Response[IntegrityEntry | Problem]:
    """Withdraw a confirmed entry before its end (confirmed → withdrawn)

     Its people leave the record at once. With a reason code (audited) and an optional note (kept
    encrypted); an expired entry has ended and cannot be withdrawn. `409 integrity-transition-not-
    allowed` (naming the entry's `status` and the `step`) when the entry's state does not allow this
    step; nothing is changed. Audited as `integrity_entry_withdrawn`. Reaches the entries of the calling
    client's environment whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CloseEntry):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrityEntry | Problem]
    """

    kwargs = _get_kwargs(
        entry_id=entry_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CloseEntry,
    idempotency_key: str | Unset = UNSET,
) -> IntegrityEntry | Problem | None:
    """Withdraw a confirmed entry before its end (confirmed → withdrawn)

     Its people leave the record at once. With a reason code (audited) and an optional note (kept
    encrypted); an expired entry has ended and cannot be withdrawn. `409 integrity-transition-not-
    allowed` (naming the entry's `status` and the `step`) when the entry's state does not allow this
    step; nothing is changed. Audited as `integrity_entry_withdrawn`. Reaches the entries of the calling
    client's environment whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CloseEntry):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntegrityEntry | Problem
    """

    return sync_detailed(
        entry_id=entry_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CloseEntry,
    idempotency_key: str | Unset = UNSET,
) -> Response[IntegrityEntry | Problem]:
    """Withdraw a confirmed entry before its end (confirmed → withdrawn)

     Its people leave the record at once. With a reason code (audited) and an optional note (kept
    encrypted); an expired entry has ended and cannot be withdrawn. `409 integrity-transition-not-
    allowed` (naming the entry's `status` and the `step`) when the entry's state does not allow this
    step; nothing is changed. Audited as `integrity_entry_withdrawn`. Reaches the entries of the calling
    client's environment whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CloseEntry):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrityEntry | Problem]
    """

    kwargs = _get_kwargs(
        entry_id=entry_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CloseEntry,
    idempotency_key: str | Unset = UNSET,
) -> IntegrityEntry | Problem | None:
    """Withdraw a confirmed entry before its end (confirmed → withdrawn)

     Its people leave the record at once. With a reason code (audited) and an optional note (kept
    encrypted); an expired entry has ended and cannot be withdrawn. `409 integrity-transition-not-
    allowed` (naming the entry's `status` and the `step`) when the entry's state does not allow this
    step; nothing is changed. Audited as `integrity_entry_withdrawn`. Reaches the entries of the calling
    client's environment whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CloseEntry):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntegrityEntry | Problem
    """

    return (
        await asyncio_detailed(
            entry_id=entry_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
