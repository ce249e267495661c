from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_audit_checkpoint_log import CreateAuditCheckpointLog
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    log: CreateAuditCheckpointLog | Unset = CreateAuditCheckpointLog.PRODUCTION,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_log: str | Unset = UNSET
    if not isinstance(log, Unset):
        json_log = log.value

    params["log"] = json_log

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/audit/checkpoints",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 201:
        response_201 = response.text
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    log: CreateAuditCheckpointLog | Unset = CreateAuditCheckpointLog.PRODUCTION,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | str]:
    """Sign a checkpoint of the log as it is now

     Signs and stores a checkpoint covering every entry integrated so far, and returns it as a C2SP note
    (`?log=sandbox`: of the sandbox's log, under its origin). Role: auditor.

    Args:
        log (CreateAuditCheckpointLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: CreateAuditCheckpointLog.PRODUCTION.
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        log=log,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    log: CreateAuditCheckpointLog | Unset = CreateAuditCheckpointLog.PRODUCTION,
    idempotency_key: str | Unset = UNSET,
) -> Problem | str | None:
    """Sign a checkpoint of the log as it is now

     Signs and stores a checkpoint covering every entry integrated so far, and returns it as a C2SP note
    (`?log=sandbox`: of the sandbox's log, under its origin). Role: auditor.

    Args:
        log (CreateAuditCheckpointLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: CreateAuditCheckpointLog.PRODUCTION.
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        log=log,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    log: CreateAuditCheckpointLog | Unset = CreateAuditCheckpointLog.PRODUCTION,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | str]:
    """Sign a checkpoint of the log as it is now

     Signs and stores a checkpoint covering every entry integrated so far, and returns it as a C2SP note
    (`?log=sandbox`: of the sandbox's log, under its origin). Role: auditor.

    Args:
        log (CreateAuditCheckpointLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: CreateAuditCheckpointLog.PRODUCTION.
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        log=log,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    log: CreateAuditCheckpointLog | Unset = CreateAuditCheckpointLog.PRODUCTION,
    idempotency_key: str | Unset = UNSET,
) -> Problem | str | None:
    """Sign a checkpoint of the log as it is now

     Signs and stores a checkpoint covering every entry integrated so far, and returns it as a C2SP note
    (`?log=sandbox`: of the sandbox's log, under its origin). Role: auditor.

    Args:
        log (CreateAuditCheckpointLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: CreateAuditCheckpointLog.PRODUCTION.
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            log=log,
            idempotency_key=idempotency_key,
        )
    ).parsed
