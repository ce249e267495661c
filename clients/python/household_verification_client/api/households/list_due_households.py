import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.due_households import DueHouseholds
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    as_of: datetime.date | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: None | str | Unset
    if isinstance(as_of, Unset):
        json_as_of = UNSET
    elif isinstance(as_of, datetime.date):
        json_as_of = as_of.isoformat()
    else:
        json_as_of = as_of
    params["as_of"] = json_as_of

    json_region: None | str | Unset
    if isinstance(region, Unset):
        json_region = UNSET
    else:
        json_region = region
    params["region"] = json_region

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/households/due",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DueHouseholds | Problem | None:
    if response.status_code == 200:
        response_200 = DueHouseholds.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[DueHouseholds | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[DueHouseholds | Problem]:
    """The calling client's active households due for review

     Active households with `next_review_on` on or before `as_of` (default: today), ordered by
    (`next_review_on`, `id`), one page at a time. Audited as a read.

    Args:
        as_of (datetime.date | None | Unset): default: today in the deployment's time zone
        region (None | str | Unset): region-code prefix
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DueHouseholds | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        region=region,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> DueHouseholds | Problem | None:
    """The calling client's active households due for review

     Active households with `next_review_on` on or before `as_of` (default: today), ordered by
    (`next_review_on`, `id`), one page at a time. Audited as a read.

    Args:
        as_of (datetime.date | None | Unset): default: today in the deployment's time zone
        region (None | str | Unset): region-code prefix
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DueHouseholds | Problem
    """

    return sync_detailed(
        client=client,
        as_of=as_of,
        region=region,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[DueHouseholds | Problem]:
    """The calling client's active households due for review

     Active households with `next_review_on` on or before `as_of` (default: today), ordered by
    (`next_review_on`, `id`), one page at a time. Audited as a read.

    Args:
        as_of (datetime.date | None | Unset): default: today in the deployment's time zone
        region (None | str | Unset): region-code prefix
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DueHouseholds | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        region=region,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> DueHouseholds | Problem | None:
    """The calling client's active households due for review

     Active households with `next_review_on` on or before `as_of` (default: today), ordered by
    (`next_review_on`, `id`), one page at a time. Audited as a read.

    Args:
        as_of (datetime.date | None | Unset): default: today in the deployment's time zone
        region (None | str | Unset): region-code prefix
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DueHouseholds | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            as_of=as_of,
            region=region,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
