from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.integrity_entry import IntegrityEntry
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    entry_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/integrity-entries/{entry_id}".format(
            entry_id=quote(str(entry_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IntegrityEntry | Problem | None:
    if response.status_code == 200:
        response_200 = IntegrityEntry.from_dict(response.json())

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
) -> Response[IntegrityEntry | Problem]:
    """One integrity-record entry

     The entry, its cited finding, its notice (the text in Chinese and English), the household's
    explanation, the decision and its period. `status` `expired`: confirmed, and its last day has
    passed. Audited as `integrity_entry_read`. Reaches the entries of the calling client's environment
    whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrityEntry | Problem]
    """

    kwargs = _get_kwargs(
        entry_id=entry_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
) -> IntegrityEntry | Problem | None:
    """One integrity-record entry

     The entry, its cited finding, its notice (the text in Chinese and English), the household's
    explanation, the decision and its period. `status` `expired`: confirmed, and its last day has
    passed. Audited as `integrity_entry_read`. Reaches the entries of the calling client's environment
    whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntegrityEntry | Problem
    """

    return sync_detailed(
        entry_id=entry_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[IntegrityEntry | Problem]:
    """One integrity-record entry

     The entry, its cited finding, its notice (the text in Chinese and English), the household's
    explanation, the decision and its period. `status` `expired`: confirmed, and its last day has
    passed. Audited as `integrity_entry_read`. Reaches the entries of the calling client's environment
    whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrityEntry | Problem]
    """

    kwargs = _get_kwargs(
        entry_id=entry_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
) -> IntegrityEntry | Problem | None:
    """One integrity-record entry

     The entry, its cited finding, its notice (the text in Chinese and English), the household's
    explanation, the decision and its period. `status` `expired`: confirmed, and its last day has
    passed. Audited as `integrity_entry_read`. Reaches the entries of the calling client's environment
    whose region its region prefixes cover (`404` otherwise). Role: case system.

    Args:
        entry_id (UUID):

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
        )
    ).parsed
