from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_use_record import ConsentUseRecord
from ...models.locale import Locale
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    authorization_id: str,
    *,
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
        "url": "/v1/authorizations/{authorization_id}/uses".format(
            authorization_id=quote(str(authorization_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConsentUseRecord | Problem | None:
    if response.status_code == 200:
        response_200 = ConsentUseRecord.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConsentUseRecord | Problem]:
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
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[ConsentUseRecord | Problem]:
    """The consent-use record of an authorization: every use, no data values

     Every use of the household's signed authorization, derived from the audit log: when (UTC and Beijing
    time), for which purpose (first verification, retry, batch review, collecting an agency's later
    answer, a support obligor's consent), by which client (its name) and, per agency asked, the outcome
    (answered, not found, unavailable, rejected, pending); its revocation if the household withdrew it.
    No data values (no income, balance, name or ID number). JSON by default; the printable page with
    `Accept: text/html`; Chinese unless `lang=en`. For a client that made a verification under it (`404`
    otherwise), of its regions and issuers (`403`). Audited (`consent_record_read`). Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentUseRecord | Problem]
    """

    kwargs = _get_kwargs(
        authorization_id=authorization_id,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    authorization_id: str,
    *,
    client: AuthenticatedClient,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> ConsentUseRecord | Problem | None:
    """The consent-use record of an authorization: every use, no data values

     Every use of the household's signed authorization, derived from the audit log: when (UTC and Beijing
    time), for which purpose (first verification, retry, batch review, collecting an agency's later
    answer, a support obligor's consent), by which client (its name) and, per agency asked, the outcome
    (answered, not found, unavailable, rejected, pending); its revocation if the household withdrew it.
    No data values (no income, balance, name or ID number). JSON by default; the printable page with
    `Accept: text/html`; Chinese unless `lang=en`. For a client that made a verification under it (`404`
    otherwise), of its regions and issuers (`403`). Audited (`consent_record_read`). Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentUseRecord | Problem
    """

    return sync_detailed(
        authorization_id=authorization_id,
        client=client,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    authorization_id: str,
    *,
    client: AuthenticatedClient,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[ConsentUseRecord | Problem]:
    """The consent-use record of an authorization: every use, no data values

     Every use of the household's signed authorization, derived from the audit log: when (UTC and Beijing
    time), for which purpose (first verification, retry, batch review, collecting an agency's later
    answer, a support obligor's consent), by which client (its name) and, per agency asked, the outcome
    (answered, not found, unavailable, rejected, pending); its revocation if the household withdrew it.
    No data values (no income, balance, name or ID number). JSON by default; the printable page with
    `Accept: text/html`; Chinese unless `lang=en`. For a client that made a verification under it (`404`
    otherwise), of its regions and issuers (`403`). Audited (`consent_record_read`). Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentUseRecord | Problem]
    """

    kwargs = _get_kwargs(
        authorization_id=authorization_id,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    authorization_id: str,
    *,
    client: AuthenticatedClient,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> ConsentUseRecord | Problem | None:
    """The consent-use record of an authorization: every use, no data values

     Every use of the household's signed authorization, derived from the audit log: when (UTC and Beijing
    time), for which purpose (first verification, retry, batch review, collecting an agency's later
    answer, a support obligor's consent), by which client (its name) and, per agency asked, the outcome
    (answered, not found, unavailable, rejected, pending); its revocation if the household withdrew it.
    No data values (no income, balance, name or ID number). JSON by default; the printable page with
    `Accept: text/html`; Chinese unless `lang=en`. For a client that made a verification under it (`404`
    otherwise), of its regions and issuers (`403`). Audited (`consent_record_read`). Role: case system.

    Args:
        authorization_id (str): the authorization's `authorization_id`
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentUseRecord | Problem
    """

    return (
        await asyncio_detailed(
            authorization_id=authorization_id,
            client=client,
            lang=lang,
            accept=accept,
            accept_language=accept_language,
        )
    ).parsed
