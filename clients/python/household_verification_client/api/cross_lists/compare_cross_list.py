from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cross_list_comparison import CrossListComparison
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    list_id: UUID,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/cross-lists/{list_id}/comparisons".format(
            list_id=quote(str(list_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CrossListComparison | Problem | None:
    if response.status_code == 201:
        response_201 = CrossListComparison.from_dict(response.json())

        return response_201

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
    list_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[CrossListComparison | Problem]:
    """Compare a list with the calling client's enrolled households of its region, now

     Households enrolled with no member on the list, listed people in no enrolled household, and
    crossings: an enrolled household whose latest assessed per-capita income is at or above the 低保
    standard in force today, a listed person not enrolled whose household's latest verified per-capita
    income is below it; each with its band against the standard and the edge line
    (`edge.income_multiple` × the standard). `409 cross-list-superseded` for a version a later upload
    replaced; `403 region-not-permitted` once the list's prefix is no longer among the client's. Audited
    (`cross_list_compared`, counts only). Role: case system.

    Args:
        list_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossListComparison | Problem]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    list_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> CrossListComparison | Problem | None:
    """Compare a list with the calling client's enrolled households of its region, now

     Households enrolled with no member on the list, listed people in no enrolled household, and
    crossings: an enrolled household whose latest assessed per-capita income is at or above the 低保
    standard in force today, a listed person not enrolled whose household's latest verified per-capita
    income is below it; each with its band against the standard and the edge line
    (`edge.income_multiple` × the standard). `409 cross-list-superseded` for a version a later upload
    replaced; `403 region-not-permitted` once the list's prefix is no longer among the client's. Audited
    (`cross_list_compared`, counts only). Role: case system.

    Args:
        list_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossListComparison | Problem
    """

    return sync_detailed(
        list_id=list_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    list_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[CrossListComparison | Problem]:
    """Compare a list with the calling client's enrolled households of its region, now

     Households enrolled with no member on the list, listed people in no enrolled household, and
    crossings: an enrolled household whose latest assessed per-capita income is at or above the 低保
    standard in force today, a listed person not enrolled whose household's latest verified per-capita
    income is below it; each with its band against the standard and the edge line
    (`edge.income_multiple` × the standard). `409 cross-list-superseded` for a version a later upload
    replaced; `403 region-not-permitted` once the list's prefix is no longer among the client's. Audited
    (`cross_list_compared`, counts only). Role: case system.

    Args:
        list_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossListComparison | Problem]
    """

    kwargs = _get_kwargs(
        list_id=list_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    list_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> CrossListComparison | Problem | None:
    """Compare a list with the calling client's enrolled households of its region, now

     Households enrolled with no member on the list, listed people in no enrolled household, and
    crossings: an enrolled household whose latest assessed per-capita income is at or above the 低保
    standard in force today, a listed person not enrolled whose household's latest verified per-capita
    income is below it; each with its band against the standard and the edge line
    (`edge.income_multiple` × the standard). `409 cross-list-superseded` for a version a later upload
    replaced; `403 region-not-permitted` once the list's prefix is no longer among the client's. Audited
    (`cross_list_compared`, counts only). Role: case system.

    Args:
        list_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossListComparison | Problem
    """

    return (
        await asyncio_detailed(
            list_id=list_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
