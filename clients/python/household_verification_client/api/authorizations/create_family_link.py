from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.family_link import FamilyLink
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    authorization_id: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/authorizations/{authorization_id}/family-links".format(
            authorization_id=quote(str(authorization_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FamilyLink | Problem | None:
    if response.status_code == 201:
        response_201 = FamilyLink.from_dict(response.json())

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
) -> Response[FamilyLink | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    authorization_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[FamilyLink | Problem]:
    """A one-time link for the family to open its consent-use record

     A URL with an unguessable token (only its hash is stored) that opens the record of this one
    authorization as a page (`/family/v1/consent/{token}`), without a bearer token. Valid
    `VERIFICATION_CONSENT_LINK_HOURS` (24) hours; its first opening starts a window of
    `VERIFICATION_CONSENT_LINK_WINDOW_MINUTES` (30) within which the family may reload it, then it is
    spent. Hand it to the family only. Audited (`consent_link_created`). Needs an `Idempotency-Key`.
    Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FamilyLink | Problem]
    """

    kwargs = _get_kwargs(
        authorization_id=authorization_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    authorization_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> FamilyLink | Problem | None:
    """A one-time link for the family to open its consent-use record

     A URL with an unguessable token (only its hash is stored) that opens the record of this one
    authorization as a page (`/family/v1/consent/{token}`), without a bearer token. Valid
    `VERIFICATION_CONSENT_LINK_HOURS` (24) hours; its first opening starts a window of
    `VERIFICATION_CONSENT_LINK_WINDOW_MINUTES` (30) within which the family may reload it, then it is
    spent. Hand it to the family only. Audited (`consent_link_created`). Needs an `Idempotency-Key`.
    Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FamilyLink | Problem
    """

    return sync_detailed(
        authorization_id=authorization_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    authorization_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[FamilyLink | Problem]:
    """A one-time link for the family to open its consent-use record

     A URL with an unguessable token (only its hash is stored) that opens the record of this one
    authorization as a page (`/family/v1/consent/{token}`), without a bearer token. Valid
    `VERIFICATION_CONSENT_LINK_HOURS` (24) hours; its first opening starts a window of
    `VERIFICATION_CONSENT_LINK_WINDOW_MINUTES` (30) within which the family may reload it, then it is
    spent. Hand it to the family only. Audited (`consent_link_created`). Needs an `Idempotency-Key`.
    Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FamilyLink | Problem]
    """

    kwargs = _get_kwargs(
        authorization_id=authorization_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    authorization_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> FamilyLink | Problem | None:
    """A one-time link for the family to open its consent-use record

     A URL with an unguessable token (only its hash is stored) that opens the record of this one
    authorization as a page (`/family/v1/consent/{token}`), without a bearer token. Valid
    `VERIFICATION_CONSENT_LINK_HOURS` (24) hours; its first opening starts a window of
    `VERIFICATION_CONSENT_LINK_WINDOW_MINUTES` (30) within which the family may reload it, then it is
    spent. Hand it to the family only. Audited (`consent_link_created`). Needs an `Idempotency-Key`.
    Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FamilyLink | Problem
    """

    return (
        await asyncio_detailed(
            authorization_id=authorization_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
