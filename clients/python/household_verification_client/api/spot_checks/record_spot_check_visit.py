from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.record_visit import RecordVisit
from ...models.spot_check_view import SpotCheckView
from ...types import UNSET, Response, Unset


def _get_kwargs(
    spot_check_id: UUID,
    *,
    body: RecordVisit,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/spot-checks/{spot_check_id}/visits".format(
            spot_check_id=quote(str(spot_check_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SpotCheckView | None:
    if response.status_code == 200:
        response_200 = SpotCheckView.from_dict(response.json())

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
) -> Response[Problem | SpotCheckView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordVisit,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | SpotCheckView]:
    """Record a home visit's result for a drawn household

     `outcome`: `consistent`, `inconsistent` or `not_reachable`; the note is stored encrypted and never
    audited. Recording again replaces the result. `422 not-in-sample` for a household the sample does
    not hold, `422 visit-date-invalid` for a date before the draw or after today, `409 checkpoint-
    pending` before the draw. Audited (`spot_check_visit_recorded`). Role: case system (its own).

    Args:
        spot_check_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (RecordVisit):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckView]
    """

    kwargs = _get_kwargs(
        spot_check_id=spot_check_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordVisit,
    idempotency_key: str | Unset = UNSET,
) -> Problem | SpotCheckView | None:
    """Record a home visit's result for a drawn household

     `outcome`: `consistent`, `inconsistent` or `not_reachable`; the note is stored encrypted and never
    audited. Recording again replaces the result. `422 not-in-sample` for a household the sample does
    not hold, `422 visit-date-invalid` for a date before the draw or after today, `409 checkpoint-
    pending` before the draw. Audited (`spot_check_visit_recorded`). Role: case system (its own).

    Args:
        spot_check_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (RecordVisit):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckView
    """

    return sync_detailed(
        spot_check_id=spot_check_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordVisit,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | SpotCheckView]:
    """Record a home visit's result for a drawn household

     `outcome`: `consistent`, `inconsistent` or `not_reachable`; the note is stored encrypted and never
    audited. Recording again replaces the result. `422 not-in-sample` for a household the sample does
    not hold, `422 visit-date-invalid` for a date before the draw or after today, `409 checkpoint-
    pending` before the draw. Audited (`spot_check_visit_recorded`). Role: case system (its own).

    Args:
        spot_check_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (RecordVisit):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckView]
    """

    kwargs = _get_kwargs(
        spot_check_id=spot_check_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    spot_check_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordVisit,
    idempotency_key: str | Unset = UNSET,
) -> Problem | SpotCheckView | None:
    """Record a home visit's result for a drawn household

     `outcome`: `consistent`, `inconsistent` or `not_reachable`; the note is stored encrypted and never
    audited. Recording again replaces the result. `422 not-in-sample` for a household the sample does
    not hold, `422 visit-date-invalid` for a date before the draw or after today, `409 checkpoint-
    pending` before the draw. Audited (`spot_check_visit_recorded`). Role: case system (its own).

    Args:
        spot_check_id (UUID):
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (RecordVisit):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckView
    """

    return (
        await asyncio_detailed(
            spot_check_id=spot_check_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
