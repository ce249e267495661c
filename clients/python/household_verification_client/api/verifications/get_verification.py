from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.locale import Locale
from ...models.problem import Problem
from ...models.verification_report import VerificationReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    verification_id: UUID,
    *,
    revision: int | None | Unset = UNSET,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["accept"] = accept

    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

    params: dict[str, Any] = {}

    json_revision: int | None | Unset
    if isinstance(revision, Unset):
        json_revision = UNSET
    else:
        json_revision = revision
    params["revision"] = json_revision

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
        "method": "get",
        "url": "/v1/verifications/{verification_id}".format(
            verification_id=quote(str(verification_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VerificationReport | None:
    if response.status_code == 200:
        response_200 = VerificationReport.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | VerificationReport]:
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
    revision: int | None | Unset = UNSET,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | VerificationReport]:
    """The report of one verification created by the calling client

     JSON by default; the printable 核对报告 with `Accept: text/html`. Texts in Chinese unless `lang=en` or
    `Accept-Language: en` asks for English.

    Args:
        verification_id (UUID):
        revision (int | None | Unset): a revision the current report replaced (`GET
            /v1/verifications/{id}/revisions` lists them); the current one when absent
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerificationReport]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
        revision=revision,
        lang=lang,
        accept=accept,
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
    revision: int | None | Unset = UNSET,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | VerificationReport | None:
    """The report of one verification created by the calling client

     JSON by default; the printable 核对报告 with `Accept: text/html`. Texts in Chinese unless `lang=en` or
    `Accept-Language: en` asks for English.

    Args:
        verification_id (UUID):
        revision (int | None | Unset): a revision the current report replaced (`GET
            /v1/verifications/{id}/revisions` lists them); the current one when absent
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerificationReport
    """

    return sync_detailed(
        verification_id=verification_id,
        client=client,
        revision=revision,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    revision: int | None | Unset = UNSET,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | VerificationReport]:
    """The report of one verification created by the calling client

     JSON by default; the printable 核对报告 with `Accept: text/html`. Texts in Chinese unless `lang=en` or
    `Accept-Language: en` asks for English.

    Args:
        verification_id (UUID):
        revision (int | None | Unset): a revision the current report replaced (`GET
            /v1/verifications/{id}/revisions` lists them); the current one when absent
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerificationReport]
    """

    kwargs = _get_kwargs(
        verification_id=verification_id,
        revision=revision,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    verification_id: UUID,
    *,
    client: AuthenticatedClient,
    revision: int | None | Unset = UNSET,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | VerificationReport | None:
    """The report of one verification created by the calling client

     JSON by default; the printable 核对报告 with `Accept: text/html`. Texts in Chinese unless `lang=en` or
    `Accept-Language: en` asks for English.

    Args:
        verification_id (UUID):
        revision (int | None | Unset): a revision the current report replaced (`GET
            /v1/verifications/{id}/revisions` lists them); the current one when absent
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerificationReport
    """

    return (
        await asyncio_detailed(
            verification_id=verification_id,
            client=client,
            revision=revision,
            lang=lang,
            accept=accept,
            accept_language=accept_language,
        )
    ).parsed
