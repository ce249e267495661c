from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.appeal_view import AppealView
from ...models.file_appeal import FileAppeal
from ...models.locale import Locale
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    verification_id: UUID,
    *,
    body: FileAppeal,
    lang: Locale | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/verifications/{verification_id}/appeals".format(
            verification_id=quote(str(verification_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AppealView | Problem | None:
    if response.status_code == 201:
        response_201 = AppealView.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AppealView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FileAppeal,
    lang: Locale | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[AppealView | Problem]:
    """File a household's appeal (复议) against the verification's current report

     Names the disputed items of the current report — sources (`scopes`), findings (`findings`, their
    codes) and figures (`figures`, names of `rules[].figures`) — with optional new evidence (structured
    descriptions, kept encrypted) and sources to query again (`requery_scopes`, of the report's). `422
    appeal-item-unknown` (listing `unknown`) for an item the report does not have; `422 appeal-filing-
    late` after the policy's `appeal.filing_days` from the report (`filing_due_on`); `409 appeal-open`
    while another appeal of the verification is undecided; `409 verification-incomplete` before the
    report. The decision is due within `appeal.decision_working_days` working days. Needs an
    `Idempotency-Key`. Audited (`appeal_filed`). Role: case system.

    Args:
        verification_id (UUID):
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN
        body (FileAppeal):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppealView | Problem]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
        body=body,
        lang=lang,
        idempotency_key=idempotency_key,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FileAppeal,
    lang: Locale | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> AppealView | Problem | None:
    """File a household's appeal (复议) against the verification's current report

     Names the disputed items of the current report — sources (`scopes`), findings (`findings`, their
    codes) and figures (`figures`, names of `rules[].figures`) — with optional new evidence (structured
    descriptions, kept encrypted) and sources to query again (`requery_scopes`, of the report's). `422
    appeal-item-unknown` (listing `unknown`) for an item the report does not have; `422 appeal-filing-
    late` after the policy's `appeal.filing_days` from the report (`filing_due_on`); `409 appeal-open`
    while another appeal of the verification is undecided; `409 verification-incomplete` before the
    report. The decision is due within `appeal.decision_working_days` working days. Needs an
    `Idempotency-Key`. Audited (`appeal_filed`). Role: case system.

    Args:
        verification_id (UUID):
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN
        body (FileAppeal):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppealView | Problem
    """

    return sync_detailed(
        verification_id=verification_id,
        client=client,
        body=body,
        lang=lang,
        idempotency_key=idempotency_key,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FileAppeal,
    lang: Locale | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[AppealView | Problem]:
    """File a household's appeal (复议) against the verification's current report

     Names the disputed items of the current report — sources (`scopes`), findings (`findings`, their
    codes) and figures (`figures`, names of `rules[].figures`) — with optional new evidence (structured
    descriptions, kept encrypted) and sources to query again (`requery_scopes`, of the report's). `422
    appeal-item-unknown` (listing `unknown`) for an item the report does not have; `422 appeal-filing-
    late` after the policy's `appeal.filing_days` from the report (`filing_due_on`); `409 appeal-open`
    while another appeal of the verification is undecided; `409 verification-incomplete` before the
    report. The decision is due within `appeal.decision_working_days` working days. Needs an
    `Idempotency-Key`. Audited (`appeal_filed`). Role: case system.

    Args:
        verification_id (UUID):
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN
        body (FileAppeal):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AppealView | Problem]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
        body=body,
        lang=lang,
        idempotency_key=idempotency_key,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    body: FileAppeal,
    lang: Locale | None | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> AppealView | Problem | None:
    """File a household's appeal (复议) against the verification's current report

     Names the disputed items of the current report — sources (`scopes`), findings (`findings`, their
    codes) and figures (`figures`, names of `rules[].figures`) — with optional new evidence (structured
    descriptions, kept encrypted) and sources to query again (`requery_scopes`, of the report's). `422
    appeal-item-unknown` (listing `unknown`) for an item the report does not have; `422 appeal-filing-
    late` after the policy's `appeal.filing_days` from the report (`filing_due_on`); `409 appeal-open`
    while another appeal of the verification is undecided; `409 verification-incomplete` before the
    report. The decision is due within `appeal.decision_working_days` working days. Needs an
    `Idempotency-Key`. Audited (`appeal_filed`). Role: case system.

    Args:
        verification_id (UUID):
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        idempotency_key (str | Unset): makes the POST safe to repeat: the first response is stored
            for 24 h and returned again (with `Idempotency-Replayed: true`) for the same key and body;
            another body → 422 `idempotency-key-reused`, while the first is running → 409
            `idempotency-in-progress`; keys are per client, 1 to 255 printable ASCII characters (else
            400)
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN
        body (FileAppeal):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AppealView | Problem
    """

    return (
        await asyncio_detailed(
            verification_id=verification_id,
            client=client,
            body=body,
            lang=lang,
            idempotency_key=idempotency_key,
            accept_language=accept_language,
        )
    ).parsed
