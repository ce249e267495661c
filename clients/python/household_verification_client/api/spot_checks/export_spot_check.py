from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.spot_check_export import SpotCheckExport
from ...types import Response


def _get_kwargs(
    spot_check_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/spot-checks/{spot_check_id}/export".format(
            spot_check_id=quote(str(spot_check_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SpotCheckExport | None:
    if response.status_code == 200:
        response_200 = SpotCheckExport.from_dict(response.json())

        return response_200

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
) -> Response[Problem | SpotCheckExport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | SpotCheckExport]:
    """Everything an auditor recomputes the sample from, offline

     The frame (ids and strata), the `spot_check_frame_fixed` event's body and leaf index, its receipt
    (tlog-proof) under the checkpoint the seed is taken from, the rate, the seed and the drawn list;
    check it with `verification spot-check verify EXPORT.json --key KEY`. `409 checkpoint-pending`
    before the draw. Audited (`spot_check_exported`). Role: auditor.

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckExport]
    """

    kwargs = _get_kwargs(
        spot_check_id=spot_check_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Problem | SpotCheckExport | None:
    """Everything an auditor recomputes the sample from, offline

     The frame (ids and strata), the `spot_check_frame_fixed` event's body and leaf index, its receipt
    (tlog-proof) under the checkpoint the seed is taken from, the rate, the seed and the drawn list;
    check it with `verification spot-check verify EXPORT.json --key KEY`. `409 checkpoint-pending`
    before the draw. Audited (`spot_check_exported`). Role: auditor.

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckExport
    """

    return sync_detailed(
        spot_check_id=spot_check_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | SpotCheckExport]:
    """Everything an auditor recomputes the sample from, offline

     The frame (ids and strata), the `spot_check_frame_fixed` event's body and leaf index, its receipt
    (tlog-proof) under the checkpoint the seed is taken from, the rate, the seed and the drawn list;
    check it with `verification spot-check verify EXPORT.json --key KEY`. `409 checkpoint-pending`
    before the draw. Audited (`spot_check_exported`). Role: auditor.

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckExport]
    """

    kwargs = _get_kwargs(
        spot_check_id=spot_check_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Problem | SpotCheckExport | None:
    """Everything an auditor recomputes the sample from, offline

     The frame (ids and strata), the `spot_check_frame_fixed` event's body and leaf index, its receipt
    (tlog-proof) under the checkpoint the seed is taken from, the rate, the seed and the drawn list;
    check it with `verification spot-check verify EXPORT.json --key KEY`. `409 checkpoint-pending`
    before the draw. Audited (`spot_check_exported`). Role: auditor.

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckExport
    """

    return (
        await asyncio_detailed(
            spot_check_id=spot_check_id,
            client=client,
        )
    ).parsed
