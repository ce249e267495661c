import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.category import Category
from ...models.household_page import HouseholdPage
from ...models.list_households_status_type_0 import ListHouseholdsStatusType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListHouseholdsStatusType0 | None | Unset = UNSET,
    category: Category | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListHouseholdsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, Category):
        json_category = category.value
    else:
        json_category = category
    params["category"] = json_category

    json_region: None | str | Unset
    if isinstance(region, Unset):
        json_region = UNSET
    else:
        json_region = region
    params["region"] = json_region

    json_created_from: None | str | Unset
    if isinstance(created_from, Unset):
        json_created_from = UNSET
    elif isinstance(created_from, datetime.datetime):
        json_created_from = created_from.isoformat()
    else:
        json_created_from = created_from
    params["created_from"] = json_created_from

    json_created_before: None | str | Unset
    if isinstance(created_before, Unset):
        json_created_before = UNSET
    elif isinstance(created_before, datetime.datetime):
        json_created_before = created_before.isoformat()
    else:
        json_created_before = created_before
    params["created_before"] = json_created_before

    json_updated_from: None | str | Unset
    if isinstance(updated_from, Unset):
        json_updated_from = UNSET
    elif isinstance(updated_from, datetime.datetime):
        json_updated_from = updated_from.isoformat()
    else:
        json_updated_from = updated_from
    params["updated_from"] = json_updated_from

    json_updated_before: None | str | Unset
    if isinstance(updated_before, Unset):
        json_updated_before = UNSET
    elif isinstance(updated_before, datetime.datetime):
        json_updated_before = updated_before.isoformat()
    else:
        json_updated_before = updated_before
    params["updated_before"] = json_updated_before

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
        "url": "/v1/households",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HouseholdPage | Problem | None:
    if response.status_code == 200:
        response_200 = HouseholdPage.from_dict(response.json())

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
) -> Response[HouseholdPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListHouseholdsStatusType0 | None | Unset = UNSET,
    category: Category | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[HouseholdPage | Problem]:
    """The calling client's enrolled households, filtered, one page at a time

     The households the calling client enrolled, oldest first in the stable order (`created_at`, `id`),
    each as `getHousehold` returns it, with keyset paging: pass `next_cursor` back as `cursor` with the
    same filters (or follow `next`); households enrolled meanwhile are neither repeated nor skipped.
    `updated_*` filter on `updated_at` (a change, an end, a review). `422 invalid-cursor` for a cursor
    the service did not issue or one altered, `422 cursor-mismatch` for one issued with other filters,
    `422 invalid-time-range` for an empty range. Audited as a read (`households_listed`). Role: case
    system.

    Args:
        status (ListHouseholdsStatusType0 | None | Unset):
        category (Category | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        updated_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        updated_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HouseholdPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        category=category,
        region=region,
        created_from=created_from,
        created_before=created_before,
        updated_from=updated_from,
        updated_before=updated_before,
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
    status: ListHouseholdsStatusType0 | None | Unset = UNSET,
    category: Category | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> HouseholdPage | Problem | None:
    """The calling client's enrolled households, filtered, one page at a time

     The households the calling client enrolled, oldest first in the stable order (`created_at`, `id`),
    each as `getHousehold` returns it, with keyset paging: pass `next_cursor` back as `cursor` with the
    same filters (or follow `next`); households enrolled meanwhile are neither repeated nor skipped.
    `updated_*` filter on `updated_at` (a change, an end, a review). `422 invalid-cursor` for a cursor
    the service did not issue or one altered, `422 cursor-mismatch` for one issued with other filters,
    `422 invalid-time-range` for an empty range. Audited as a read (`households_listed`). Role: case
    system.

    Args:
        status (ListHouseholdsStatusType0 | None | Unset):
        category (Category | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        updated_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        updated_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HouseholdPage | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        category=category,
        region=region,
        created_from=created_from,
        created_before=created_before,
        updated_from=updated_from,
        updated_before=updated_before,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListHouseholdsStatusType0 | None | Unset = UNSET,
    category: Category | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[HouseholdPage | Problem]:
    """The calling client's enrolled households, filtered, one page at a time

     The households the calling client enrolled, oldest first in the stable order (`created_at`, `id`),
    each as `getHousehold` returns it, with keyset paging: pass `next_cursor` back as `cursor` with the
    same filters (or follow `next`); households enrolled meanwhile are neither repeated nor skipped.
    `updated_*` filter on `updated_at` (a change, an end, a review). `422 invalid-cursor` for a cursor
    the service did not issue or one altered, `422 cursor-mismatch` for one issued with other filters,
    `422 invalid-time-range` for an empty range. Audited as a read (`households_listed`). Role: case
    system.

    Args:
        status (ListHouseholdsStatusType0 | None | Unset):
        category (Category | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        updated_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        updated_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HouseholdPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        category=category,
        region=region,
        created_from=created_from,
        created_before=created_before,
        updated_from=updated_from,
        updated_before=updated_before,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListHouseholdsStatusType0 | None | Unset = UNSET,
    category: Category | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> HouseholdPage | Problem | None:
    """The calling client's enrolled households, filtered, one page at a time

     The households the calling client enrolled, oldest first in the stable order (`created_at`, `id`),
    each as `getHousehold` returns it, with keyset paging: pass `next_cursor` back as `cursor` with the
    same filters (or follow `next`); households enrolled meanwhile are neither repeated nor skipped.
    `updated_*` filter on `updated_at` (a change, an end, a review). `422 invalid-cursor` for a cursor
    the service did not issue or one altered, `422 cursor-mismatch` for one issued with other filters,
    `422 invalid-time-range` for an empty range. Audited as a read (`households_listed`). Role: case
    system.

    Args:
        status (ListHouseholdsStatusType0 | None | Unset):
        category (Category | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        updated_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        updated_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HouseholdPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            category=category,
            region=region,
            created_from=created_from,
            created_before=created_before,
            updated_from=updated_from,
            updated_before=updated_before,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
