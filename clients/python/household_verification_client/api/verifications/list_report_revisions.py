from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.report_revision_list import ReportRevisionList
from ...types import Response


def _get_kwargs(
    verification_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/verifications/{verification_id}/revisions".format(
            verification_id=quote(str(verification_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReportRevisionList | None:
    if response.status_code == 200:
        response_200 = ReportRevisionList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[Problem | ReportRevisionList]:
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
) -> Response[Problem | ReportRevisionList]:
    """Every revision of a verification's report, oldest first

     The first report and each revision after it (a retry, an awaited agency answer that arrived, an
    upheld appeal), with status, outcome and when each was written and replaced, without their contents.
    Read one with `?revision=` on the report, the printable report, the receipt and the signed report.
    For the client that made the verification, as its report; `409 verification-incomplete` before the
    first report. Role: case system.

    Args:
        verification_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportRevisionList]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Problem | ReportRevisionList | None:
    """Every revision of a verification's report, oldest first

     The first report and each revision after it (a retry, an awaited agency answer that arrived, an
    upheld appeal), with status, outcome and when each was written and replaced, without their contents.
    Read one with `?revision=` on the report, the printable report, the receipt and the signed report.
    For the client that made the verification, as its report; `409 verification-incomplete` before the
    first report. Role: case system.

    Args:
        verification_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportRevisionList
    """

    return sync_detailed(
        verification_id=verification_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Problem | ReportRevisionList]:
    """Every revision of a verification's report, oldest first

     The first report and each revision after it (a retry, an awaited agency answer that arrived, an
    upheld appeal), with status, outcome and when each was written and replaced, without their contents.
    Read one with `?revision=` on the report, the printable report, the receipt and the signed report.
    For the client that made the verification, as its report; `409 verification-incomplete` before the
    first report. Role: case system.

    Args:
        verification_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportRevisionList]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Problem | ReportRevisionList | None:
    """Every revision of a verification's report, oldest first

     The first report and each revision after it (a retry, an awaited agency answer that arrived, an
    upheld appeal), with status, outcome and when each was written and replaced, without their contents.
    Read one with `?revision=` on the report, the printable report, the receipt and the signed report.
    For the client that made the verification, as its report; `409 verification-incomplete` before the
    first report. Role: case system.

    Args:
        verification_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportRevisionList
    """

    return (
        await asyncio_detailed(
            verification_id=verification_id,
            client=client,
        )
    ).parsed
