from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cross_list_comparison import CrossListComparison
from ...models.get_cross_list_comparison_format import GetCrossListComparisonFormat
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    comparison_id: UUID,
    *,
    format_: GetCrossListComparisonFormat | Unset = GetCrossListComparisonFormat.JSON,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/cross-list-comparisons/{comparison_id}".format(
            comparison_id=quote(str(comparison_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CrossListComparison | Problem | None:
    if response.status_code == 200:
        response_200 = CrossListComparison.from_dict(response.json())

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
) -> Response[CrossListComparison | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    comparison_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: GetCrossListComparisonFormat | Unset = GetCrossListComparisonFormat.JSON,
) -> Response[CrossListComparison | Problem]:
    """One comparison: counts and entries (masked ID numbers, never a number)

     JSON, or with `format=csv` one row an entry (`category` `enrolled_not_listed`,
    `listed_not_enrolled`, `enrolled_at_or_above_standard`, `listed_below_standard`). Audited as a read
    (`cross_list_comparison_read`). Role: case system.

    Args:
        comparison_id (UUID):
        format_ (GetCrossListComparisonFormat | Unset):  Default:
            GetCrossListComparisonFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossListComparison | Problem]
    """

    kwargs = _get_kwargs(
        comparison_id=comparison_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    comparison_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: GetCrossListComparisonFormat | Unset = GetCrossListComparisonFormat.JSON,
) -> CrossListComparison | Problem | None:
    """One comparison: counts and entries (masked ID numbers, never a number)

     JSON, or with `format=csv` one row an entry (`category` `enrolled_not_listed`,
    `listed_not_enrolled`, `enrolled_at_or_above_standard`, `listed_below_standard`). Audited as a read
    (`cross_list_comparison_read`). Role: case system.

    Args:
        comparison_id (UUID):
        format_ (GetCrossListComparisonFormat | Unset):  Default:
            GetCrossListComparisonFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossListComparison | Problem
    """

    return sync_detailed(
        comparison_id=comparison_id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    comparison_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: GetCrossListComparisonFormat | Unset = GetCrossListComparisonFormat.JSON,
) -> Response[CrossListComparison | Problem]:
    """One comparison: counts and entries (masked ID numbers, never a number)

     JSON, or with `format=csv` one row an entry (`category` `enrolled_not_listed`,
    `listed_not_enrolled`, `enrolled_at_or_above_standard`, `listed_below_standard`). Audited as a read
    (`cross_list_comparison_read`). Role: case system.

    Args:
        comparison_id (UUID):
        format_ (GetCrossListComparisonFormat | Unset):  Default:
            GetCrossListComparisonFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossListComparison | Problem]
    """

    kwargs = _get_kwargs(
        comparison_id=comparison_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    comparison_id: UUID,
    *,
    client: AuthenticatedClient,
    format_: GetCrossListComparisonFormat | Unset = GetCrossListComparisonFormat.JSON,
) -> CrossListComparison | Problem | None:
    """One comparison: counts and entries (masked ID numbers, never a number)

     JSON, or with `format=csv` one row an entry (`category` `enrolled_not_listed`,
    `listed_not_enrolled`, `enrolled_at_or_above_standard`, `listed_below_standard`). Audited as a read
    (`cross_list_comparison_read`). Role: case system.

    Args:
        comparison_id (UUID):
        format_ (GetCrossListComparisonFormat | Unset):  Default:
            GetCrossListComparisonFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossListComparison | Problem
    """

    return (
        await asyncio_detailed(
            comparison_id=comparison_id,
            client=client,
            format_=format_,
        )
    ).parsed
