import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entry_status import EntryStatus
from ...models.integrity_entry_page import IntegrityEntryPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: EntryStatus | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, EntryStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

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
        "url": "/v1/integrity-entries",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IntegrityEntryPage | Problem | None:
    if response.status_code == 200:
        response_200 = IntegrityEntryPage.from_dict(response.json())

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
) -> Response[IntegrityEntryPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: EntryStatus | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[IntegrityEntryPage | Problem]:
    """The integrity entries of the calling client's regions, one page at a time

     Oldest first in the stable order (`created_at`, `id`), each as `getIntegrityEntry` returns it, with
    keyset paging as `listHouseholds`. `status` `confirmed` lists entries on the record today, `expired`
    those whose period ended. Audited as a read (`integrity_entries_listed`). Reaches the entries of the
    calling client's environment whose region its region prefixes cover (`404` otherwise). Role: case
    system.

    Args:
        status (EntryStatus | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrityEntryPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        region=region,
        created_from=created_from,
        created_before=created_before,
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
    status: EntryStatus | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> IntegrityEntryPage | Problem | None:
    """The integrity entries of the calling client's regions, one page at a time

     Oldest first in the stable order (`created_at`, `id`), each as `getIntegrityEntry` returns it, with
    keyset paging as `listHouseholds`. `status` `confirmed` lists entries on the record today, `expired`
    those whose period ended. Audited as a read (`integrity_entries_listed`). Reaches the entries of the
    calling client's environment whose region its region prefixes cover (`404` otherwise). Role: case
    system.

    Args:
        status (EntryStatus | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntegrityEntryPage | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        region=region,
        created_from=created_from,
        created_before=created_before,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: EntryStatus | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[IntegrityEntryPage | Problem]:
    """The integrity entries of the calling client's regions, one page at a time

     Oldest first in the stable order (`created_at`, `id`), each as `getIntegrityEntry` returns it, with
    keyset paging as `listHouseholds`. `status` `confirmed` lists entries on the record today, `expired`
    those whose period ended. Audited as a read (`integrity_entries_listed`). Reaches the entries of the
    calling client's environment whose region its region prefixes cover (`404` otherwise). Role: case
    system.

    Args:
        status (EntryStatus | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrityEntryPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        region=region,
        created_from=created_from,
        created_before=created_before,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: EntryStatus | None | Unset = UNSET,
    region: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> IntegrityEntryPage | Problem | None:
    """The integrity entries of the calling client's regions, one page at a time

     Oldest first in the stable order (`created_at`, `id`), each as `getIntegrityEntry` returns it, with
    keyset paging as `listHouseholds`. `status` `confirmed` lists entries on the record today, `expired`
    those whose period ended. Audited as a read (`integrity_entries_listed`). Reaches the entries of the
    calling client's environment whose region its region prefixes cover (`404` otherwise). Role: case
    system.

    Args:
        status (EntryStatus | None | Unset):
        region (None | str | Unset): region-code prefix (2–6 digits)
        created_from (datetime.datetime | None | Unset): from this instant, included (RFC 3339
            date-time with an offset)
        created_before (datetime.datetime | None | Unset): before this instant, excluded (RFC 3339
            date-time with an offset)
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset): items a page (1–500) Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntegrityEntryPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            region=region,
            created_from=created_from,
            created_before=created_before,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
