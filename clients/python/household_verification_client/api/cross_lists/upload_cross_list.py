from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cross_list_view import CrossListView
from ...models.problem import Problem
from ...models.upload_cross_list import UploadCrossList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: UploadCrossList,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/cross-lists",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CrossListView | Problem | None:
    if response.status_code == 201:
        response_201 = CrossListView.from_dict(response.json())

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
) -> Response[CrossListView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadCrossList,
    idempotency_key: str | Unset = UNSET,
) -> Response[CrossListView | Problem]:
    """Upload a list (脱贫, 低保边缘, …) of a region to compare with the enrolled households

     The ID numbers are turned into blind indexes at once and never stored, logged or echoed; the list is
    the next version of the client's list of this `kind` and `region_prefix`, and the version before is
    superseded (its entries deleted; its comparisons kept). `422 invalid-cross-list` names invalid
    entries by position and reason, never by value, and stores nothing; `403 region-not-permitted` for a
    prefix outside the client's regions. Every current list is compared monthly (on the first run of the
    schedule in each Beijing month). Audited (`cross_list_uploaded`, counts only). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (UploadCrossList):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossListView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: UploadCrossList,
    idempotency_key: str | Unset = UNSET,
) -> CrossListView | Problem | None:
    """Upload a list (脱贫, 低保边缘, …) of a region to compare with the enrolled households

     The ID numbers are turned into blind indexes at once and never stored, logged or echoed; the list is
    the next version of the client's list of this `kind` and `region_prefix`, and the version before is
    superseded (its entries deleted; its comparisons kept). `422 invalid-cross-list` names invalid
    entries by position and reason, never by value, and stores nothing; `403 region-not-permitted` for a
    prefix outside the client's regions. Every current list is compared monthly (on the first run of the
    schedule in each Beijing month). Audited (`cross_list_uploaded`, counts only). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (UploadCrossList):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossListView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadCrossList,
    idempotency_key: str | Unset = UNSET,
) -> Response[CrossListView | Problem]:
    """Upload a list (脱贫, 低保边缘, …) of a region to compare with the enrolled households

     The ID numbers are turned into blind indexes at once and never stored, logged or echoed; the list is
    the next version of the client's list of this `kind` and `region_prefix`, and the version before is
    superseded (its entries deleted; its comparisons kept). `422 invalid-cross-list` names invalid
    entries by position and reason, never by value, and stores nothing; `403 region-not-permitted` for a
    prefix outside the client's regions. Every current list is compared monthly (on the first run of the
    schedule in each Beijing month). Audited (`cross_list_uploaded`, counts only). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (UploadCrossList):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossListView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: UploadCrossList,
    idempotency_key: str | Unset = UNSET,
) -> CrossListView | Problem | None:
    """Upload a list (脱贫, 低保边缘, …) of a region to compare with the enrolled households

     The ID numbers are turned into blind indexes at once and never stored, logged or echoed; the list is
    the next version of the client's list of this `kind` and `region_prefix`, and the version before is
    superseded (its entries deleted; its comparisons kept). `422 invalid-cross-list` names invalid
    entries by position and reason, never by value, and stores nothing; `403 region-not-permitted` for a
    prefix outside the client's regions. Every current list is compared monthly (on the first run of the
    schedule in each Beijing month). Audited (`cross_list_uploaded`, counts only). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (UploadCrossList):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossListView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
