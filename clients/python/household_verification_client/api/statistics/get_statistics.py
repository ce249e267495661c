import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.locale import Locale
from ...models.problem import Problem
from ...models.statistics_view import StatisticsView
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    region: str,
    from_: datetime.date,
    to: datetime.date,
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

    params["region"] = region

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

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
        "url": "/v1/statistics",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | StatisticsView | None:
    if response.status_code == 200:
        response_200 = StatisticsView.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | StatisticsView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    region: str,
    from_: datetime.date,
    to: datetime.date,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | StatisticsView]:
    """The supervisor's view of a region and a period: counts, no personal data

     For a region prefix and a period (Beijing dates, `from` included, `to` excluded), the supervisor's
    view (监督统计) in sections: verifications and their outcomes (applications and reviews apart),
    households enrolled and ended, reviews due and overdue, and each agency's answers (answered, no
    record, unavailable, rejected, pending) with their median and 95th-percentile time. Counts only, no
    personal data; a count from 1 to `suppression.threshold` − 1 is `null` and shown as `<5`, and the
    total of its group withheld (ADR 0019). `403 region-not-supervised` for a region outside the
    client's prefixes, `422 invalid-period` for an empty period. Audited as `statistics_read` (the
    region, the period). Labels in Chinese unless `lang=en` or `Accept-Language: en`. Role: supervisor.
    JSON by default; the page with `Accept: text/html`.

    Args:
        region (str): a region-code prefix (2–6 digits) of the client's
        from_ (datetime.date): the period's first day (Beijing date), included
        to (datetime.date): the day after the period's last (Beijing date), excluded
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatisticsView]
    """

    kwargs = _get_kwargs(
        region=region,
        from_=from_,
        to=to,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    region: str,
    from_: datetime.date,
    to: datetime.date,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | StatisticsView | None:
    """The supervisor's view of a region and a period: counts, no personal data

     For a region prefix and a period (Beijing dates, `from` included, `to` excluded), the supervisor's
    view (监督统计) in sections: verifications and their outcomes (applications and reviews apart),
    households enrolled and ended, reviews due and overdue, and each agency's answers (answered, no
    record, unavailable, rejected, pending) with their median and 95th-percentile time. Counts only, no
    personal data; a count from 1 to `suppression.threshold` − 1 is `null` and shown as `<5`, and the
    total of its group withheld (ADR 0019). `403 region-not-supervised` for a region outside the
    client's prefixes, `422 invalid-period` for an empty period. Audited as `statistics_read` (the
    region, the period). Labels in Chinese unless `lang=en` or `Accept-Language: en`. Role: supervisor.
    JSON by default; the page with `Accept: text/html`.

    Args:
        region (str): a region-code prefix (2–6 digits) of the client's
        from_ (datetime.date): the period's first day (Beijing date), included
        to (datetime.date): the day after the period's last (Beijing date), excluded
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatisticsView
    """

    return sync_detailed(
        client=client,
        region=region,
        from_=from_,
        to=to,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    region: str,
    from_: datetime.date,
    to: datetime.date,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[Problem | StatisticsView]:
    """The supervisor's view of a region and a period: counts, no personal data

     For a region prefix and a period (Beijing dates, `from` included, `to` excluded), the supervisor's
    view (监督统计) in sections: verifications and their outcomes (applications and reviews apart),
    households enrolled and ended, reviews due and overdue, and each agency's answers (answered, no
    record, unavailable, rejected, pending) with their median and 95th-percentile time. Counts only, no
    personal data; a count from 1 to `suppression.threshold` − 1 is `null` and shown as `<5`, and the
    total of its group withheld (ADR 0019). `403 region-not-supervised` for a region outside the
    client's prefixes, `422 invalid-period` for an empty period. Audited as `statistics_read` (the
    region, the period). Labels in Chinese unless `lang=en` or `Accept-Language: en`. Role: supervisor.
    JSON by default; the page with `Accept: text/html`.

    Args:
        region (str): a region-code prefix (2–6 digits) of the client's
        from_ (datetime.date): the period's first day (Beijing date), included
        to (datetime.date): the day after the period's last (Beijing date), excluded
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatisticsView]
    """

    kwargs = _get_kwargs(
        region=region,
        from_=from_,
        to=to,
        lang=lang,
        accept=accept,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    region: str,
    from_: datetime.date,
    to: datetime.date,
    lang: Locale | None | Unset = UNSET,
    accept: None | str | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Problem | StatisticsView | None:
    """The supervisor's view of a region and a period: counts, no personal data

     For a region prefix and a period (Beijing dates, `from` included, `to` excluded), the supervisor's
    view (监督统计) in sections: verifications and their outcomes (applications and reviews apart),
    households enrolled and ended, reviews due and overdue, and each agency's answers (answered, no
    record, unavailable, rejected, pending) with their median and 95th-percentile time. Counts only, no
    personal data; a count from 1 to `suppression.threshold` − 1 is `null` and shown as `<5`, and the
    total of its group withheld (ADR 0019). `403 region-not-supervised` for a region outside the
    client's prefixes, `422 invalid-period` for an empty period. Audited as `statistics_read` (the
    region, the period). Labels in Chinese unless `lang=en` or `Accept-Language: en`. Role: supervisor.
    JSON by default; the page with `Accept: text/html`.

    Args:
        region (str): a region-code prefix (2–6 digits) of the client's
        from_ (datetime.date): the period's first day (Beijing date), included
        to (datetime.date): the day after the period's last (Beijing date), excluded
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept (None | str | Unset):
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatisticsView
    """

    return (
        await asyncio_detailed(
            client=client,
            region=region,
            from_=from_,
            to=to,
            lang=lang,
            accept=accept,
            accept_language=accept_language,
        )
    ).parsed
