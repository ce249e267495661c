from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_endpoint import CreateEndpoint
from ...models.created_endpoint import CreatedEndpoint
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateEndpoint,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/endpoints",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatedEndpoint | Problem | None:
    if response.status_code == 201:
        response_201 = CreatedEndpoint.from_dict(response.json())

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
) -> Response[CreatedEndpoint | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateEndpoint,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatedEndpoint | Problem]:
    """Register a webhook endpoint; its signing secret is in the answer, once

     The URL must be `https` (`422 webhook-url-not-allowed`; plain `http` only to the loopback interface
    in demo mode; in production no private, loopback or reserved address). The answer's `secret`
    (`whsec_…`) is shown this once. Events of the chosen types that happen from now on are delivered,
    retried with backoff for about three days; a delivery given up disables the endpoint. Deliveries are
    signed as Standard Webhooks (https://www.standardwebhooks.com): headers `webhook-id` (the event's
    id, the same on every retry), `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`
    per secret, space-separated). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateEndpoint):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedEndpoint | Problem]
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
    body: CreateEndpoint,
    idempotency_key: str | Unset = UNSET,
) -> CreatedEndpoint | Problem | None:
    """Register a webhook endpoint; its signing secret is in the answer, once

     The URL must be `https` (`422 webhook-url-not-allowed`; plain `http` only to the loopback interface
    in demo mode; in production no private, loopback or reserved address). The answer's `secret`
    (`whsec_…`) is shown this once. Events of the chosen types that happen from now on are delivered,
    retried with backoff for about three days; a delivery given up disables the endpoint. Deliveries are
    signed as Standard Webhooks (https://www.standardwebhooks.com): headers `webhook-id` (the event's
    id, the same on every retry), `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`
    per secret, space-separated). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateEndpoint):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedEndpoint | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateEndpoint,
    idempotency_key: str | Unset = UNSET,
) -> Response[CreatedEndpoint | Problem]:
    """Register a webhook endpoint; its signing secret is in the answer, once

     The URL must be `https` (`422 webhook-url-not-allowed`; plain `http` only to the loopback interface
    in demo mode; in production no private, loopback or reserved address). The answer's `secret`
    (`whsec_…`) is shown this once. Events of the chosen types that happen from now on are delivered,
    retried with backoff for about three days; a delivery given up disables the endpoint. Deliveries are
    signed as Standard Webhooks (https://www.standardwebhooks.com): headers `webhook-id` (the event's
    id, the same on every retry), `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`
    per secret, space-separated). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateEndpoint):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedEndpoint | Problem]
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
    body: CreateEndpoint,
    idempotency_key: str | Unset = UNSET,
) -> CreatedEndpoint | Problem | None:
    """Register a webhook endpoint; its signing secret is in the answer, once

     The URL must be `https` (`422 webhook-url-not-allowed`; plain `http` only to the loopback interface
    in demo mode; in production no private, loopback or reserved address). The answer's `secret`
    (`whsec_…`) is shown this once. Events of the chosen types that happen from now on are delivered,
    retried with backoff for about three days; a delivery given up disables the endpoint. Deliveries are
    signed as Standard Webhooks (https://www.standardwebhooks.com): headers `webhook-id` (the event's
    id, the same on every retry), `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`
    per secret, space-separated). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateEndpoint):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedEndpoint | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
