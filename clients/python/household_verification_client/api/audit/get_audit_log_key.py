from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_audit_log_key_log import GetAuditLogKeyLog
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    log: GetAuditLogKeyLog | Unset = GetAuditLogKeyLog.PRODUCTION,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_log: str | Unset = UNSET
    if not isinstance(log, Unset):
        json_log = log.value

    params["log"] = json_log

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/audit-log-key",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

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
    client: AuthenticatedClient | Client,
    log: GetAuditLogKeyLog | Unset = GetAuditLogKeyLog.PRODUCTION,
) -> Response[Problem | str]:
    """The audit log's Ed25519 verifier key (signed-note vkey format)

     The public key (Ed25519, as a note verifier key) that signs the audit log's checkpoints, so anyone
    can check a checkpoint or receipt offline. Unauthenticated.

    Args:
        log (GetAuditLogKeyLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditLogKeyLog.PRODUCTION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        log=log,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    log: GetAuditLogKeyLog | Unset = GetAuditLogKeyLog.PRODUCTION,
) -> Problem | str | None:
    """The audit log's Ed25519 verifier key (signed-note vkey format)

     The public key (Ed25519, as a note verifier key) that signs the audit log's checkpoints, so anyone
    can check a checkpoint or receipt offline. Unauthenticated.

    Args:
        log (GetAuditLogKeyLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditLogKeyLog.PRODUCTION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        log=log,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    log: GetAuditLogKeyLog | Unset = GetAuditLogKeyLog.PRODUCTION,
) -> Response[Problem | str]:
    """The audit log's Ed25519 verifier key (signed-note vkey format)

     The public key (Ed25519, as a note verifier key) that signs the audit log's checkpoints, so anyone
    can check a checkpoint or receipt offline. Unauthenticated.

    Args:
        log (GetAuditLogKeyLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditLogKeyLog.PRODUCTION.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        log=log,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    log: GetAuditLogKeyLog | Unset = GetAuditLogKeyLog.PRODUCTION,
) -> Problem | str | None:
    """The audit log's Ed25519 verifier key (signed-note vkey format)

     The public key (Ed25519, as a note verifier key) that signs the audit log's checkpoints, so anyone
    can check a checkpoint or receipt offline. Unauthenticated.

    Args:
        log (GetAuditLogKeyLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditLogKeyLog.PRODUCTION.

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
        )
    ).parsed
