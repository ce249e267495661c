from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_view import DeliveryView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint_id: UUID,
    delivery_id: int,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
            delivery_id=quote(str(delivery_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeliveryView | Problem | None:
    if response.status_code == 202:
        response_202 = DeliveryView.from_dict(response.json())

        return response_202

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
) -> Response[DeliveryView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: UUID,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[DeliveryView | Problem]:
    """Send a delivery's event again

     A new delivery of the same event (same `webhook-id`), due now, behind the resource's deliveries
    still pending; held while the endpoint is disabled. Role: case system.

    Args:
        endpoint_id (UUID): the endpoint's id
        delivery_id (int): the delivery's id
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryView | Problem]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        delivery_id=delivery_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: UUID,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> DeliveryView | Problem | None:
    """Send a delivery's event again

     A new delivery of the same event (same `webhook-id`), due now, behind the resource's deliveries
    still pending; held while the endpoint is disabled. Role: case system.

    Args:
        endpoint_id (UUID): the endpoint's id
        delivery_id (int): the delivery's id
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryView | Problem
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        delivery_id=delivery_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    endpoint_id: UUID,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[DeliveryView | Problem]:
    """Send a delivery's event again

     A new delivery of the same event (same `webhook-id`), due now, behind the resource's deliveries
    still pending; held while the endpoint is disabled. Role: case system.

    Args:
        endpoint_id (UUID): the endpoint's id
        delivery_id (int): the delivery's id
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliveryView | Problem]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        delivery_id=delivery_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: UUID,
    delivery_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> DeliveryView | Problem | None:
    """Send a delivery's event again

     A new delivery of the same event (same `webhook-id`), due now, behind the resource's deliveries
    still pending; held while the endpoint is disabled. Role: case system.

    Args:
        endpoint_id (UUID): the endpoint's id
        delivery_id (int): the delivery's id
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliveryView | Problem
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            delivery_id=delivery_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
