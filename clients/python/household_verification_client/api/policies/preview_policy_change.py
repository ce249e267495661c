from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.what_if_request import WhatIfRequest
from ...models.what_if_result import WhatIfResult
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: WhatIfRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/policies/what-if",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WhatIfResult | None:
    if response.status_code == 200:
        response_200 = WhatIfResult.from_dict(response.json())

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
) -> Response[Problem | WhatIfResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WhatIfRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | WhatIfResult]:
    """What a draft policy would change for the calling client's enrolled households

     Replays the stored evidence of each active household the client enrolled in `region` (its latest
    verification's answers; no agency is asked) under the policy in force and under the policy with
    `draft` in place, both resolved on `on`, and reports who would change outcome or allowance and by
    how much. At most 2000 households (`what-if-too-large` above: ask for a narrower prefix). Nothing is
    stored but the audit event (`policy_what_if`, counts only). With an `Idempotency-Key` a repeated
    request returns the first answer instead of replaying again. Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (WhatIfRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WhatIfResult]
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
    body: WhatIfRequest,
    idempotency_key: str | Unset = UNSET,
) -> Problem | WhatIfResult | None:
    """What a draft policy would change for the calling client's enrolled households

     Replays the stored evidence of each active household the client enrolled in `region` (its latest
    verification's answers; no agency is asked) under the policy in force and under the policy with
    `draft` in place, both resolved on `on`, and reports who would change outcome or allowance and by
    how much. At most 2000 households (`what-if-too-large` above: ask for a narrower prefix). Nothing is
    stored but the audit event (`policy_what_if`, counts only). With an `Idempotency-Key` a repeated
    request returns the first answer instead of replaying again. Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (WhatIfRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WhatIfResult
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WhatIfRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | WhatIfResult]:
    """What a draft policy would change for the calling client's enrolled households

     Replays the stored evidence of each active household the client enrolled in `region` (its latest
    verification's answers; no agency is asked) under the policy in force and under the policy with
    `draft` in place, both resolved on `on`, and reports who would change outcome or allowance and by
    how much. At most 2000 households (`what-if-too-large` above: ask for a narrower prefix). Nothing is
    stored but the audit event (`policy_what_if`, counts only). With an `Idempotency-Key` a repeated
    request returns the first answer instead of replaying again. Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (WhatIfRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WhatIfResult]
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
    body: WhatIfRequest,
    idempotency_key: str | Unset = UNSET,
) -> Problem | WhatIfResult | None:
    """What a draft policy would change for the calling client's enrolled households

     Replays the stored evidence of each active household the client enrolled in `region` (its latest
    verification's answers; no agency is asked) under the policy in force and under the policy with
    `draft` in place, both resolved on `on`, and reports who would change outcome or allowance and by
    how much. At most 2000 households (`what-if-too-large` above: ask for a narrower prefix). Nothing is
    stored but the audit event (`policy_what_if`, counts only). With an `Idempotency-Key` a repeated
    request returns the first answer instead of replaying again. Role: case system.

    Args:
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        body (WhatIfRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WhatIfResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
