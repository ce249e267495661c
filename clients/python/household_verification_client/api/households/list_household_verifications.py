import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_household_verifications_outcome_type_0 import ListHouseholdVerificationsOutcomeType0
from ...models.list_household_verifications_status_type_0 import ListHouseholdVerificationsStatusType0
from ...models.problem import Problem
from ...models.verification_page import VerificationPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    household_id: UUID,
    *,
    status: ListHouseholdVerificationsStatusType0 | None | Unset = UNSET,
    outcome: ListHouseholdVerificationsOutcomeType0 | None | Unset = UNSET,
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
    elif isinstance(status, ListHouseholdVerificationsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_outcome: None | str | Unset
    if isinstance(outcome, Unset):
        json_outcome = UNSET
    elif isinstance(outcome, ListHouseholdVerificationsOutcomeType0):
        json_outcome = outcome.value
    else:
        json_outcome = outcome
    params["outcome"] = json_outcome

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
        "url": "/v1/households/{household_id}/verifications".format(
            household_id=quote(str(household_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VerificationPage | None:
    if response.status_code == 200:
        response_200 = VerificationPage.from_dict(response.json())

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
) -> Response[Problem | VerificationPage]:
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
    status: ListHouseholdVerificationsStatusType0 | None | Unset = UNSET,
    outcome: ListHouseholdVerificationsOutcomeType0 | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[Problem | VerificationPage]:
    """One household's verifications (its enrolment and its reviews), one page at a time

     The verifications made under the household's authorization — the one it was enrolled from, its
    reviews (批量复核), any other the calling client made under that authorization, and, once it was re-
    authorized (`reauthorized_by`), those under each authorization it had — as `listVerifications` lists
    them (same items, order, paging and refusals). `404` for a household the calling client did not
    enrol. Audited as a read (`verifications_listed`, with the `household_id`). Role: case system.

    Args:
        household_id (UUID):
        status (ListHouseholdVerificationsStatusType0 | None | Unset):
        outcome (ListHouseholdVerificationsOutcomeType0 | None | Unset):
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
        Response[Problem | VerificationPage]
    """

    kwargs = _get_kwargs(
        household_id=household_id,
        status=status,
        outcome=outcome,
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
    household_id: UUID,
    *,
    client: AuthenticatedClient,
    status: ListHouseholdVerificationsStatusType0 | None | Unset = UNSET,
    outcome: ListHouseholdVerificationsOutcomeType0 | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Problem | VerificationPage | None:
    """One household's verifications (its enrolment and its reviews), one page at a time

     The verifications made under the household's authorization — the one it was enrolled from, its
    reviews (批量复核), any other the calling client made under that authorization, and, once it was re-
    authorized (`reauthorized_by`), those under each authorization it had — as `listVerifications` lists
    them (same items, order, paging and refusals). `404` for a household the calling client did not
    enrol. Audited as a read (`verifications_listed`, with the `household_id`). Role: case system.

    Args:
        household_id (UUID):
        status (ListHouseholdVerificationsStatusType0 | None | Unset):
        outcome (ListHouseholdVerificationsOutcomeType0 | None | Unset):
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
        Problem | VerificationPage
    """

    return sync_detailed(
        household_id=household_id,
        client=client,
        status=status,
        outcome=outcome,
        created_from=created_from,
        created_before=created_before,
        updated_from=updated_from,
        updated_before=updated_before,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
    status: ListHouseholdVerificationsStatusType0 | None | Unset = UNSET,
    outcome: ListHouseholdVerificationsOutcomeType0 | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[Problem | VerificationPage]:
    """One household's verifications (its enrolment and its reviews), one page at a time

     The verifications made under the household's authorization — the one it was enrolled from, its
    reviews (批量复核), any other the calling client made under that authorization, and, once it was re-
    authorized (`reauthorized_by`), those under each authorization it had — as `listVerifications` lists
    them (same items, order, paging and refusals). `404` for a household the calling client did not
    enrol. Audited as a read (`verifications_listed`, with the `household_id`). Role: case system.

    Args:
        household_id (UUID):
        status (ListHouseholdVerificationsStatusType0 | None | Unset):
        outcome (ListHouseholdVerificationsOutcomeType0 | None | Unset):
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
        Response[Problem | VerificationPage]
    """

    kwargs = _get_kwargs(
        household_id=household_id,
        status=status,
        outcome=outcome,
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
    household_id: UUID,
    *,
    client: AuthenticatedClient,
    status: ListHouseholdVerificationsStatusType0 | None | Unset = UNSET,
    outcome: ListHouseholdVerificationsOutcomeType0 | None | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_before: datetime.datetime | None | Unset = UNSET,
    updated_from: datetime.datetime | None | Unset = UNSET,
    updated_before: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
) -> Problem | VerificationPage | None:
    """One household's verifications (its enrolment and its reviews), one page at a time

     The verifications made under the household's authorization — the one it was enrolled from, its
    reviews (批量复核), any other the calling client made under that authorization, and, once it was re-
    authorized (`reauthorized_by`), those under each authorization it had — as `listVerifications` lists
    them (same items, order, paging and refusals). `404` for a household the calling client did not
    enrol. Audited as a read (`verifications_listed`, with the `household_id`). Role: case system.

    Args:
        household_id (UUID):
        status (ListHouseholdVerificationsStatusType0 | None | Unset):
        outcome (ListHouseholdVerificationsOutcomeType0 | None | Unset):
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
        Problem | VerificationPage
    """

    return (
        await asyncio_detailed(
            household_id=household_id,
            client=client,
            status=status,
            outcome=outcome,
            created_from=created_from,
            created_before=created_before,
            updated_from=updated_from,
            updated_before=updated_before,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
