from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_audit_receipt_log import GetAuditReceiptLog
from ...models.locale import Locale
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    index: int,
    *,
    lang: Locale | None | Unset = UNSET,
    log: GetAuditReceiptLog | Unset = GetAuditReceiptLog.PRODUCTION,
    accept_language: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

    params: dict[str, Any] = {}

    json_lang: None | str | Unset
    if isinstance(lang, Unset):
        json_lang = UNSET
    elif isinstance(lang, Locale):
        json_lang = lang.value
    else:
        json_lang = lang
    params["lang"] = json_lang

    json_log: str | Unset = UNSET
    if not isinstance(log, Unset):
        json_log = log.value

    params["log"] = json_log

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit/receipts/{index}".format(
            index=quote(str(index), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

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
    index: int,
    *,
    client: AuthenticatedClient,
    lang: Locale | None | Unset = UNSET,
    log: GetAuditReceiptLog | Unset = GetAuditReceiptLog.PRODUCTION,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | str]:
    """The receipt (C2SP tlog-proof) of any entry of the log, by leaf index

     The receipt (C2SP tlog-proof) of any entry of the log by leaf index: the entry's hash, its inclusion
    proof and a signed checkpoint; `409 receipt-pending` until a checkpoint covers it. Role: auditor.

    Args:
        index (int): leaf index (seq − 1)
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        log (GetAuditReceiptLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditReceiptLog.PRODUCTION.
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        index=index,
        lang=lang,
        log=log,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    index: int,
    *,
    client: AuthenticatedClient,
    lang: Locale | None | Unset = UNSET,
    log: GetAuditReceiptLog | Unset = GetAuditReceiptLog.PRODUCTION,
    accept_language: None | str | Unset = UNSET,
) -> Problem | str | None:
    """The receipt (C2SP tlog-proof) of any entry of the log, by leaf index

     The receipt (C2SP tlog-proof) of any entry of the log by leaf index: the entry's hash, its inclusion
    proof and a signed checkpoint; `409 receipt-pending` until a checkpoint covers it. Role: auditor.

    Args:
        index (int): leaf index (seq − 1)
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        log (GetAuditReceiptLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditReceiptLog.PRODUCTION.
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        index=index,
        client=client,
        lang=lang,
        log=log,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    index: int,
    *,
    client: AuthenticatedClient,
    lang: Locale | None | Unset = UNSET,
    log: GetAuditReceiptLog | Unset = GetAuditReceiptLog.PRODUCTION,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | str]:
    """The receipt (C2SP tlog-proof) of any entry of the log, by leaf index

     The receipt (C2SP tlog-proof) of any entry of the log by leaf index: the entry's hash, its inclusion
    proof and a signed checkpoint; `409 receipt-pending` until a checkpoint covers it. Role: auditor.

    Args:
        index (int): leaf index (seq − 1)
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        log (GetAuditReceiptLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditReceiptLog.PRODUCTION.
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        index=index,
        lang=lang,
        log=log,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    index: int,
    *,
    client: AuthenticatedClient,
    lang: Locale | None | Unset = UNSET,
    log: GetAuditReceiptLog | Unset = GetAuditReceiptLog.PRODUCTION,
    accept_language: None | str | Unset = UNSET,
) -> Problem | str | None:
    """The receipt (C2SP tlog-proof) of any entry of the log, by leaf index

     The receipt (C2SP tlog-proof) of any entry of the log by leaf index: the entry's hash, its inclusion
    proof and a signed checkpoint; `409 receipt-pending` until a checkpoint covers it. Role: auditor.

    Args:
        index (int): leaf index (seq − 1)
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        log (GetAuditReceiptLog | Unset): which audit log: `production` (the default), or
            `sandbox`, the log of sandbox clients' accesses with its own origin and checkpoints
            (docs/integrators/sandbox.md) Default: GetAuditReceiptLog.PRODUCTION.
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            index=index,
            client=client,
            lang=lang,
            log=log,
            accept_language=accept_language,
        )
    ).parsed
