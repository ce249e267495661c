import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_page import EventPage
from ...models.list_audit_events_log import ListAuditEventsLog
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    client_id: None | Unset | UUID = UNSET,
    verification_id: None | Unset | UUID = UNSET,
    authorization_id: None | str | Unset = UNSET,
    person: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    log: ListAuditEventsLog | Unset = ListAuditEventsLog.PRODUCTION,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_client_id: None | str | Unset
    if isinstance(client_id, Unset):
        json_client_id = UNSET
    elif isinstance(client_id, UUID):
        json_client_id = str(client_id)
    else:
        json_client_id = client_id
    params["client_id"] = json_client_id

    json_verification_id: None | str | Unset
    if isinstance(verification_id, Unset):
        json_verification_id = UNSET
    elif isinstance(verification_id, UUID):
        json_verification_id = str(verification_id)
    else:
        json_verification_id = verification_id
    params["verification_id"] = json_verification_id

    json_authorization_id: None | str | Unset
    if isinstance(authorization_id, Unset):
        json_authorization_id = UNSET
    else:
        json_authorization_id = authorization_id
    params["authorization_id"] = json_authorization_id

    json_person: None | str | Unset
    if isinstance(person, Unset):
        json_person = UNSET
    else:
        json_person = person
    params["person"] = json_person

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_log: str | Unset = UNSET
    if not isinstance(log, Unset):
        json_log = log.value

    params["log"] = json_log

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/events",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventPage | Problem | None:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    client_id: None | Unset | UUID = UNSET,
    verification_id: None | Unset | UUID = UNSET,
    authorization_id: None | str | Unset = UNSET,
    person: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    log: ListAuditEventsLog | Unset = ListAuditEventsLog.PRODUCTION,
) -> Response[EventPage | Problem]:
    """Audit events, filtered, oldest first

     The audit events matching the filters, oldest first, one page at a time (`cursor` from the previous
    page). Reading the log is itself audited. Role: auditor.

    Args:
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        action (None | str | Unset):
        client_id (None | Unset | UUID):
        verification_id (None | Unset | UUID):
        authorization_id (None | str | Unset):
        person (None | str | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        log (ListAuditEventsLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: ListAuditEventsLog.PRODUCTION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        since=since,
        until=until,
        action=action,
        client_id=client_id,
        verification_id=verification_id,
        authorization_id=authorization_id,
        person=person,
        cursor=cursor,
        limit=limit,
        log=log,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    client_id: None | Unset | UUID = UNSET,
    verification_id: None | Unset | UUID = UNSET,
    authorization_id: None | str | Unset = UNSET,
    person: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    log: ListAuditEventsLog | Unset = ListAuditEventsLog.PRODUCTION,
) -> EventPage | Problem | None:
    """Audit events, filtered, oldest first

     The audit events matching the filters, oldest first, one page at a time (`cursor` from the previous
    page). Reading the log is itself audited. Role: auditor.

    Args:
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        action (None | str | Unset):
        client_id (None | Unset | UUID):
        verification_id (None | Unset | UUID):
        authorization_id (None | str | Unset):
        person (None | str | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        log (ListAuditEventsLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: ListAuditEventsLog.PRODUCTION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return sync_detailed(
        client=client,
        since=since,
        until=until,
        action=action,
        client_id=client_id,
        verification_id=verification_id,
        authorization_id=authorization_id,
        person=person,
        cursor=cursor,
        limit=limit,
        log=log,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    client_id: None | Unset | UUID = UNSET,
    verification_id: None | Unset | UUID = UNSET,
    authorization_id: None | str | Unset = UNSET,
    person: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    log: ListAuditEventsLog | Unset = ListAuditEventsLog.PRODUCTION,
) -> Response[EventPage | Problem]:
    """Audit events, filtered, oldest first

     The audit events matching the filters, oldest first, one page at a time (`cursor` from the previous
    page). Reading the log is itself audited. Role: auditor.

    Args:
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        action (None | str | Unset):
        client_id (None | Unset | UUID):
        verification_id (None | Unset | UUID):
        authorization_id (None | str | Unset):
        person (None | str | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        log (ListAuditEventsLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: ListAuditEventsLog.PRODUCTION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
    """

    kwargs = _get_kwargs(
        since=since,
        until=until,
        action=action,
        client_id=client_id,
        verification_id=verification_id,
        authorization_id=authorization_id,
        person=person,
        cursor=cursor,
        limit=limit,
        log=log,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    action: None | str | Unset = UNSET,
    client_id: None | Unset | UUID = UNSET,
    verification_id: None | Unset | UUID = UNSET,
    authorization_id: None | str | Unset = UNSET,
    person: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    log: ListAuditEventsLog | Unset = ListAuditEventsLog.PRODUCTION,
) -> EventPage | Problem | None:
    """Audit events, filtered, oldest first

     The audit events matching the filters, oldest first, one page at a time (`cursor` from the previous
    page). Reading the log is itself audited. Role: auditor.

    Args:
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        action (None | str | Unset):
        client_id (None | Unset | UUID):
        verification_id (None | Unset | UUID):
        authorization_id (None | str | Unset):
        person (None | str | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        log (ListAuditEventsLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: ListAuditEventsLog.PRODUCTION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            since=since,
            until=until,
            action=action,
            client_id=client_id,
            verification_id=verification_id,
            authorization_id=authorization_id,
            person=person,
            cursor=cursor,
            limit=limit,
            log=log,
        )
    ).parsed
