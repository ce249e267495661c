from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_spot_check import CreateSpotCheck
from ...models.problem import Problem
from ...models.spot_check_view import SpotCheckView
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateSpotCheck,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/spot-checks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SpotCheckView | None:
    if response.status_code == 201:
        response_201 = SpotCheckView.from_dict(response.json())

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
) -> Response[Problem | SpotCheckView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateSpotCheck,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | SpotCheckView]:
    """Fix the frame of a spot check (入户抽查) of the calling client's verified households

     The frame is the calling client's completed verifications of the region (`region_prefix`, one the
    client may use) whose assessment date is in the period (inclusive), each with its stratum (county
    region code and outcome). It is fixed by the audit event `spot_check_frame_fixed` (its SHA-256
    digest, size, strata, rate and policy); the sample is drawn from the first signed audit checkpoint
    after that event (`status` `awaiting_checkpoint` until then, usually a few seconds), ⌈rate × n⌉ per
    stratum. Rate: the policy's 入户抽查比例 for the region on the period's last day, or 30 % where no layer
    states one (`rate_basis`); a higher `rate` may be asked. `403 region-not-permitted`, `422 rate-
    below-policy`, `422 empty-frame`, `422 invalid-spot-check-period`. With an `Idempotency-Key` a
    repeated request returns the spot check it created instead of fixing a second frame (every frame
    fixed stays in the audit log). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateSpotCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckView]
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
    body: CreateSpotCheck,
    idempotency_key: str | Unset = UNSET,
) -> Problem | SpotCheckView | None:
    """Fix the frame of a spot check (入户抽查) of the calling client's verified households

     The frame is the calling client's completed verifications of the region (`region_prefix`, one the
    client may use) whose assessment date is in the period (inclusive), each with its stratum (county
    region code and outcome). It is fixed by the audit event `spot_check_frame_fixed` (its SHA-256
    digest, size, strata, rate and policy); the sample is drawn from the first signed audit checkpoint
    after that event (`status` `awaiting_checkpoint` until then, usually a few seconds), ⌈rate × n⌉ per
    stratum. Rate: the policy's 入户抽查比例 for the region on the period's last day, or 30 % where no layer
    states one (`rate_basis`); a higher `rate` may be asked. `403 region-not-permitted`, `422 rate-
    below-policy`, `422 empty-frame`, `422 invalid-spot-check-period`. With an `Idempotency-Key` a
    repeated request returns the spot check it created instead of fixing a second frame (every frame
    fixed stays in the audit log). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateSpotCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckView
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateSpotCheck,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | SpotCheckView]:
    """Fix the frame of a spot check (入户抽查) of the calling client's verified households

     The frame is the calling client's completed verifications of the region (`region_prefix`, one the
    client may use) whose assessment date is in the period (inclusive), each with its stratum (county
    region code and outcome). It is fixed by the audit event `spot_check_frame_fixed` (its SHA-256
    digest, size, strata, rate and policy); the sample is drawn from the first signed audit checkpoint
    after that event (`status` `awaiting_checkpoint` until then, usually a few seconds), ⌈rate × n⌉ per
    stratum. Rate: the policy's 入户抽查比例 for the region on the period's last day, or 30 % where no layer
    states one (`rate_basis`); a higher `rate` may be asked. `403 region-not-permitted`, `422 rate-
    below-policy`, `422 empty-frame`, `422 invalid-spot-check-period`. With an `Idempotency-Key` a
    repeated request returns the spot check it created instead of fixing a second frame (every frame
    fixed stays in the audit log). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateSpotCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SpotCheckView]
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
    body: CreateSpotCheck,
    idempotency_key: str | Unset = UNSET,
) -> Problem | SpotCheckView | None:
    """Fix the frame of a spot check (入户抽查) of the calling client's verified households

     The frame is the calling client's completed verifications of the region (`region_prefix`, one the
    client may use) whose assessment date is in the period (inclusive), each with its stratum (county
    region code and outcome). It is fixed by the audit event `spot_check_frame_fixed` (its SHA-256
    digest, size, strata, rate and policy); the sample is drawn from the first signed audit checkpoint
    after that event (`status` `awaiting_checkpoint` until then, usually a few seconds), ⌈rate × n⌉ per
    stratum. Rate: the policy's 入户抽查比例 for the region on the period's last day, or 30 % where no layer
    states one (`rate_basis`); a higher `rate` may be asked. `403 region-not-permitted`, `422 rate-
    below-policy`, `422 empty-frame`, `422 invalid-spot-check-period`. With an `Idempotency-Key` a
    repeated request returns the spot check it created instead of fixing a second frame (every frame
    fixed stays in the audit log). Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (CreateSpotCheck):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SpotCheckView
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
