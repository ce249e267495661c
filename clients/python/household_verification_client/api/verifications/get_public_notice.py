import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.public_notice import PublicNotice
from ...types import UNSET, Response, Unset


def _get_kwargs(
    verification_id: UUID,
    *,
    starts_on: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_starts_on: None | str | Unset
    if isinstance(starts_on, Unset):
        json_starts_on = UNSET
    elif isinstance(starts_on, datetime.date):
        json_starts_on = starts_on.isoformat()
    else:
        json_starts_on = starts_on
    params["starts_on"] = json_starts_on

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/verifications/{verification_id}/public-notice".format(
            verification_id=quote(str(verification_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | PublicNotice | None:
    if response.status_code == 200:
        response_200 = PublicNotice.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

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
) -> Response[Problem | PublicNotice]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    starts_on: datetime.date | None | Unset = UNSET,
) -> Response[Problem | PublicNotice]:
    """The 公示 of an eligible household: what may be published, and nothing else

     Exactly the fields `publication.fields` lists on `starts_on` (办法 第二十四条: the masked applicant name,
    household size and allowance) and the notice period (`publicity.notice_days`, 办法 第十九条: 7 days, both
    ends included). `409 not-publishable` unless the outcome is `eligible`; `422 notice-before-
    verification` for a start before the assessment date. Audited as a read.

    Args:
        verification_id (UUID):
        starts_on (datetime.date | None | Unset): the day the notice is posted (Beijing date);
            default: today

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicNotice]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
        starts_on=starts_on,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    starts_on: datetime.date | None | Unset = UNSET,
) -> Problem | PublicNotice | None:
    """The 公示 of an eligible household: what may be published, and nothing else

     Exactly the fields `publication.fields` lists on `starts_on` (办法 第二十四条: the masked applicant name,
    household size and allowance) and the notice period (`publicity.notice_days`, 办法 第十九条: 7 days, both
    ends included). `409 not-publishable` unless the outcome is `eligible`; `422 notice-before-
    verification` for a start before the assessment date. Audited as a read.

    Args:
        verification_id (UUID):
        starts_on (datetime.date | None | Unset): the day the notice is posted (Beijing date);
            default: today

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicNotice
    """

    return sync_detailed(
        verification_id=verification_id,
        client=client,
        starts_on=starts_on,
    ).parsed


async def asyncio_detailed(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    starts_on: datetime.date | None | Unset = UNSET,
) -> Response[Problem | PublicNotice]:
    """The 公示 of an eligible household: what may be published, and nothing else

     Exactly the fields `publication.fields` lists on `starts_on` (办法 第二十四条: the masked applicant name,
    household size and allowance) and the notice period (`publicity.notice_days`, 办法 第十九条: 7 days, both
    ends included). `409 not-publishable` unless the outcome is `eligible`; `422 notice-before-
    verification` for a start before the assessment date. Audited as a read.

    Args:
        verification_id (UUID):
        starts_on (datetime.date | None | Unset): the day the notice is posted (Beijing date);
            default: today

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublicNotice]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
        starts_on=starts_on,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    starts_on: datetime.date | None | Unset = UNSET,
) -> Problem | PublicNotice | None:
    """The 公示 of an eligible household: what may be published, and nothing else

     Exactly the fields `publication.fields` lists on `starts_on` (办法 第二十四条: the masked applicant name,
    household size and allowance) and the notice period (`publicity.notice_days`, 办法 第十九条: 7 days, both
    ends included). `409 not-publishable` unless the outcome is `eligible`; `422 notice-before-
    verification` for a start before the assessment date. Audited as a read.

    Args:
        verification_id (UUID):
        starts_on (datetime.date | None | Unset): the day the notice is posted (Beijing date);
            default: today

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublicNotice
    """

    return (
        await asyncio_detailed(
            verification_id=verification_id,
            client=client,
            starts_on=starts_on,
        )
    ).parsed
