from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_view import BatchView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: Any,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/batches",
    }

    _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchView | Problem | None:
    if response.status_code == 201:
        response_201 = BatchView.from_dict(response.json())

        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BatchView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Any,
    idempotency_key: str | Unset = UNSET,
) -> Response[BatchView | Problem]:
    """Re-verify enrolled households: explicit ones, or everything due

     `household_ids`: active households of the calling client (`404 unknown-households`, `409 households-
    ended`, `409 households-queued` when one waits in an open batch already, naming those
    `household_ids` and the `batch_ids` they wait in). `due`: every active household with
    `next_review_on` on or before `as_of` (default today) in the region prefix, except those already
    queued. Each item re-verifies the household under its stored authorization, compares the new report
    with the previous one and moves its review dates; it has the effect of one run whatever crashes and
    retries happen. Exactly one of `household_ids` and `due`; the body may be up to 640 KiB (room for
    10,000 ids), or `VERIFICATION_MAX_BODY_BYTES` if larger (`413 payload-too-large` beyond).

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (Any): Either explicit households or everything due; exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: Any,
    idempotency_key: str | Unset = UNSET,
) -> BatchView | Problem | None:
    """Re-verify enrolled households: explicit ones, or everything due

     `household_ids`: active households of the calling client (`404 unknown-households`, `409 households-
    ended`, `409 households-queued` when one waits in an open batch already, naming those
    `household_ids` and the `batch_ids` they wait in). `due`: every active household with
    `next_review_on` on or before `as_of` (default today) in the region prefix, except those already
    queued. Each item re-verifies the household under its stored authorization, compares the new report
    with the previous one and moves its review dates; it has the effect of one run whatever crashes and
    retries happen. Exactly one of `household_ids` and `due`; the body may be up to 640 KiB (room for
    10,000 ids), or `VERIFICATION_MAX_BODY_BYTES` if larger (`413 payload-too-large` beyond).

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (Any): Either explicit households or everything due; exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Any,
    idempotency_key: str | Unset = UNSET,
) -> Response[BatchView | Problem]:
    """Re-verify enrolled households: explicit ones, or everything due

     `household_ids`: active households of the calling client (`404 unknown-households`, `409 households-
    ended`, `409 households-queued` when one waits in an open batch already, naming those
    `household_ids` and the `batch_ids` they wait in). `due`: every active household with
    `next_review_on` on or before `as_of` (default today) in the region prefix, except those already
    queued. Each item re-verifies the household under its stored authorization, compares the new report
    with the previous one and moves its review dates; it has the effect of one run whatever crashes and
    retries happen. Exactly one of `household_ids` and `due`; the body may be up to 640 KiB (room for
    10,000 ids), or `VERIFICATION_MAX_BODY_BYTES` if larger (`413 payload-too-large` beyond).

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (Any): Either explicit households or everything due; exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Any,
    idempotency_key: str | Unset = UNSET,
) -> BatchView | Problem | None:
    """Re-verify enrolled households: explicit ones, or everything due

     `household_ids`: active households of the calling client (`404 unknown-households`, `409 households-
    ended`, `409 households-queued` when one waits in an open batch already, naming those
    `household_ids` and the `batch_ids` they wait in). `due`: every active household with
    `next_review_on` on or before `as_of` (default today) in the region prefix, except those already
    queued. Each item re-verifies the household under its stored authorization, compares the new report
    with the previous one and moves its review dates; it has the effect of one run whatever crashes and
    retries happen. Exactly one of `household_ids` and `due`; the body may be up to 640 KiB (room for
    10,000 ids), or `VERIFICATION_MAX_BODY_BYTES` if larger (`413 payload-too-large` beyond).

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (Any): Either explicit households or everything due; exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
