from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import File, Response


def _get_kwargs(
    index: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/sandbox/tlog/tile/entries/{index}".format(
            index=quote(str(index), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    index: str,
    *,
    client: AuthenticatedClient,
) -> Response[File | Problem]:
    """tlog-tiles: an entry bundle (the sandbox's audit log) (the events' canonical JSON, uint16-length-
    prefixed)

     An entry bundle (the sandbox's audit log) of the tlog-tiles layout: the events' canonical JSON, each
    prefixed by its length (uint16). Role: auditor.

    Args:
        index (str): `<N>[.p/<W>]`: the tile's number in 3-digit groups, all but the last prefixed
            with `x` (1234067 → `x001/x234/067`), then `.p/<W>` (W 1–255) for a partial tile

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        index=index,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    index: str,
    *,
    client: AuthenticatedClient,
) -> File | Problem | None:
    """tlog-tiles: an entry bundle (the sandbox's audit log) (the events' canonical JSON, uint16-length-
    prefixed)

     An entry bundle (the sandbox's audit log) of the tlog-tiles layout: the events' canonical JSON, each
    prefixed by its length (uint16). Role: auditor.

    Args:
        index (str): `<N>[.p/<W>]`: the tile's number in 3-digit groups, all but the last prefixed
            with `x` (1234067 → `x001/x234/067`), then `.p/<W>` (W 1–255) for a partial tile

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        index=index,
        client=client,
    ).parsed


async def asyncio_detailed(
    index: str,
    *,
    client: AuthenticatedClient,
) -> Response[File | Problem]:
    """tlog-tiles: an entry bundle (the sandbox's audit log) (the events' canonical JSON, uint16-length-
    prefixed)

     An entry bundle (the sandbox's audit log) of the tlog-tiles layout: the events' canonical JSON, each
    prefixed by its length (uint16). Role: auditor.

    Args:
        index (str): `<N>[.p/<W>]`: the tile's number in 3-digit groups, all but the last prefixed
            with `x` (1234067 → `x001/x234/067`), then `.p/<W>` (W 1–255) for a partial tile

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        index=index,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    index: str,
    *,
    client: AuthenticatedClient,
) -> File | Problem | None:
    """tlog-tiles: an entry bundle (the sandbox's audit log) (the events' canonical JSON, uint16-length-
    prefixed)

     An entry bundle (the sandbox's audit log) of the tlog-tiles layout: the events' canonical JSON, each
    prefixed by its length (uint16). Role: auditor.

    Args:
        index (str): `<N>[.p/<W>]`: the tile's number in 3-digit groups, all but the last prefixed
            with `x` (1234067 → `x001/x234/067`), then `.p/<W>` (W 1–255) for a partial tile

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            index=index,
            client=client,
        )
    ).parsed
