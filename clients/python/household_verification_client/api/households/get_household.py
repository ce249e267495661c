from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.household import Household
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    household_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/households/{household_id}".format(
            household_id=quote(str(household_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Household | Problem | None:
    if response.status_code == 200:
        response_200 = Household.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Household | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Household | Problem]:
    """One household enrolled by the calling client

     One household (在册户) enrolled by the calling client: category, allowance, members (masked) and its
    review schedule. Role: case system.

    Args:
        household_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Household | Problem]
    """

    kwargs = _get_kwargs(
        household_id=household_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Household | Problem | None:
    """One household enrolled by the calling client

     One household (在册户) enrolled by the calling client: category, allowance, members (masked) and its
    review schedule. Role: case system.

    Args:
        household_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Household | Problem
    """

    return sync_detailed(
        household_id=household_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Household | Problem]:
    """One household enrolled by the calling client

     One household (在册户) enrolled by the calling client: category, allowance, members (masked) and its
    review schedule. Role: case system.

    Args:
        household_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Household | Problem]
    """

    kwargs = _get_kwargs(
        household_id=household_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Household | Problem | None:
    """One household enrolled by the calling client

     One household (在册户) enrolled by the calling client: category, allowance, members (masked) and its
    review schedule. Role: case system.

    Args:
        household_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Household | Problem
    """

    return (
        await asyncio_detailed(
            household_id=household_id,
            client=client,
        )
    ).parsed
