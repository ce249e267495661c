from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.household import Household
from ...models.problem import Problem
from ...models.update_household import UpdateHousehold
from ...types import Response


def _get_kwargs(
    household_id: UUID,
    *,
    body: UpdateHousehold,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/households/{household_id}".format(
            household_id=quote(str(household_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Household | Problem | None:
    if response.status_code == 200:
        response_200 = Household.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Household | Problem]:
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
    body: UpdateHousehold,
) -> Response[Household | Problem]:
    """Change a household's category, monthly allowance or authorization

     A new category reschedules the next review from the last one; `reauthorized_by` re-authorizes a
    household whose authorization was withdrawn (`authorization_status: revoked`): a completed
    verification of the same people under its new authorization becomes its last one, its reviews go on
    under that authorization (`409 household-mismatch`, `409 verification-incomplete`, `422
    authorization-revoked`). `409 household-ended` once its aid has ended. Audited
    (`household_updated`).

    Args:
        household_id (UUID):
        body (UpdateHousehold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Household | Problem]
    """

    kwargs = _get_kwargs(
        household_id=household_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateHousehold,
) -> Household | Problem | None:
    """Change a household's category, monthly allowance or authorization

     A new category reschedules the next review from the last one; `reauthorized_by` re-authorizes a
    household whose authorization was withdrawn (`authorization_status: revoked`): a completed
    verification of the same people under its new authorization becomes its last one, its reviews go on
    under that authorization (`409 household-mismatch`, `409 verification-incomplete`, `422
    authorization-revoked`). `409 household-ended` once its aid has ended. Audited
    (`household_updated`).

    Args:
        household_id (UUID):
        body (UpdateHousehold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Household | Problem
    """

    return sync_detailed(
        household_id=household_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateHousehold,
) -> Response[Household | Problem]:
    """Change a household's category, monthly allowance or authorization

     A new category reschedules the next review from the last one; `reauthorized_by` re-authorizes a
    household whose authorization was withdrawn (`authorization_status: revoked`): a completed
    verification of the same people under its new authorization becomes its last one, its reviews go on
    under that authorization (`409 household-mismatch`, `409 verification-incomplete`, `422
    authorization-revoked`). `409 household-ended` once its aid has ended. Audited
    (`household_updated`).

    Args:
        household_id (UUID):
        body (UpdateHousehold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Household | Problem]
    """

    kwargs = _get_kwargs(
        household_id=household_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    household_id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateHousehold,
) -> Household | Problem | None:
    """Change a household's category, monthly allowance or authorization

     A new category reschedules the next review from the last one; `reauthorized_by` re-authorizes a
    household whose authorization was withdrawn (`authorization_status: revoked`): a completed
    verification of the same people under its new authorization becomes its last one, its reviews go on
    under that authorization (`409 household-mismatch`, `409 verification-incomplete`, `422
    authorization-revoked`). `409 household-ended` once its aid has ended. Audited
    (`household_updated`).

    Args:
        household_id (UUID):
        body (UpdateHousehold):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Household | Problem
    """

    return (
        await asyncio_detailed(
            household_id=household_id,
            client=client,
            body=body,
        )
    ).parsed
