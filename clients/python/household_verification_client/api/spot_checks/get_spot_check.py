from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.spot_check_view import SpotCheckView
from ...types import Response


def _get_kwargs(
    spot_check_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/spot-checks/{spot_check_id}".format(
            spot_check_id=quote(str(spot_check_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SpotCheckView | None:
    if response.status_code == 200:
        response_200 = SpotCheckView.from_dict(response.json())

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
) -> Response[Problem | SpotCheckView]:
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
) -> Response[Problem | SpotCheckView]:
    """A spot check: its frame's strata, and the drawn households (ids only)

     Draws the sample if the checkpoint it needs is signed and it was not drawn yet. The drawn households
    are verification ids with their stratum, rank and visit status, never a person. Audited
    (`spot_check_read`). Role: case system (its own).

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckView]
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
) -> Problem | SpotCheckView | None:
    """A spot check: its frame's strata, and the drawn households (ids only)

     Draws the sample if the checkpoint it needs is signed and it was not drawn yet. The drawn households
    are verification ids with their stratum, rank and visit status, never a person. Audited
    (`spot_check_read`). Role: case system (its own).

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckView
    """

    return sync_detailed(
        spot_check_id=spot_check_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | SpotCheckView]:
    """A spot check: its frame's strata, and the drawn households (ids only)

     Draws the sample if the checkpoint it needs is signed and it was not drawn yet. The drawn households
    are verification ids with their stratum, rank and visit status, never a person. Audited
    (`spot_check_read`). Role: case system (its own).

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckView]
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
) -> Problem | SpotCheckView | None:
    """A spot check: its frame's strata, and the drawn households (ids only)

     Draws the sample if the checkpoint it needs is signed and it was not drawn yet. The drawn households
    are verification ids with their stratum, rank and visit status, never a person. Audited
    (`spot_check_read`). Role: case system (its own).

    Args:
        spot_check_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckView
    """

    return (
        await asyncio_detailed(
            spot_check_id=spot_check_id,
            client=client,
        )
    ).parsed
