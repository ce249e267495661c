from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_items import BatchItems
from ...models.list_batch_items_recommendation_type_0 import ListBatchItemsRecommendationType0
from ...models.list_batch_items_state_type_0 import ListBatchItemsStateType0
from ...models.locale import Locale
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    batch_id: UUID,
    *,
    state: ListBatchItemsStateType0 | None | Unset = UNSET,
    recommendation: ListBatchItemsRecommendationType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    lang: Locale | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept_language, Unset):
        headers["accept-language"] = accept_language

    params: dict[str, Any] = {}

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, ListBatchItemsStateType0):
        json_state = state.value
    else:
        json_state = state
    params["state"] = json_state

    json_recommendation: None | str | Unset
    if isinstance(recommendation, Unset):
        json_recommendation = UNSET
    elif isinstance(recommendation, ListBatchItemsRecommendationType0):
        json_recommendation = recommendation.value
    else:
        json_recommendation = recommendation
    params["recommendation"] = json_recommendation

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

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
        "url": "/v1/batches/{batch_id}/items".format(
            batch_id=quote(str(batch_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchItems | Problem | None:
    if response.status_code == 200:
        response_200 = BatchItems.from_dict(response.json())

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
) -> Response[BatchItems | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    batch_id: UUID,
    *,
    client: AuthenticatedClient,
    state: ListBatchItemsStateType0 | None | Unset = UNSET,
    recommendation: ListBatchItemsRecommendationType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    lang: Locale | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[BatchItems | Problem]:
    """A batch's items with their results, one page at a time (audited)

     The batch's items with the result of each (a verification id and its recommendation, or why it
    failed), in order, one page at a time. Audited as a read of personal data. Role: case system.

    Args:
        batch_id (UUID):
        state (ListBatchItemsStateType0 | None | Unset):
        recommendation (ListBatchItemsRecommendationType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchItems | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        state=state,
        recommendation=recommendation,
        cursor=cursor,
        limit=limit,
        lang=lang,
        accept_language=accept_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    batch_id: UUID,
    *,
    client: AuthenticatedClient,
    state: ListBatchItemsStateType0 | None | Unset = UNSET,
    recommendation: ListBatchItemsRecommendationType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    lang: Locale | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> BatchItems | Problem | None:
    """A batch's items with their results, one page at a time (audited)

     The batch's items with the result of each (a verification id and its recommendation, or why it
    failed), in order, one page at a time. Audited as a read of personal data. Role: case system.

    Args:
        batch_id (UUID):
        state (ListBatchItemsStateType0 | None | Unset):
        recommendation (ListBatchItemsRecommendationType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchItems | Problem
    """

    return sync_detailed(
        batch_id=batch_id,
        client=client,
        state=state,
        recommendation=recommendation,
        cursor=cursor,
        limit=limit,
        lang=lang,
        accept_language=accept_language,
    ).parsed


async def asyncio_detailed(
    batch_id: UUID,
    *,
    client: AuthenticatedClient,
    state: ListBatchItemsStateType0 | None | Unset = UNSET,
    recommendation: ListBatchItemsRecommendationType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    lang: Locale | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> Response[BatchItems | Problem]:
    """A batch's items with their results, one page at a time (audited)

     The batch's items with the result of each (a verification id and its recommendation, or why it
    failed), in order, one page at a time. Audited as a read of personal data. Role: case system.

    Args:
        batch_id (UUID):
        state (ListBatchItemsStateType0 | None | Unset):
        recommendation (ListBatchItemsRecommendationType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchItems | Problem]
    """

    kwargs = _get_kwargs(
        batch_id=batch_id,
        state=state,
        recommendation=recommendation,
        cursor=cursor,
        limit=limit,
        lang=lang,
        accept_language=accept_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    batch_id: UUID,
    *,
    client: AuthenticatedClient,
    state: ListBatchItemsStateType0 | None | Unset = UNSET,
    recommendation: ListBatchItemsRecommendationType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    lang: Locale | None | Unset = UNSET,
    accept_language: None | str | Unset = UNSET,
) -> BatchItems | Problem | None:
    """A batch's items with their results, one page at a time (audited)

     The batch's items with the result of each (a verification id and its recommendation, or why it
    failed), in order, one page at a time. Audited as a read of personal data. Role: case system.

    Args:
        batch_id (UUID):
        state (ListBatchItemsStateType0 | None | Unset):
        recommendation (ListBatchItemsRecommendationType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the previous page, as it came (opaque,
            base64url)
        limit (int | Unset):  Default: 100.
        lang (Locale | None | Unset): the language of the texts: `zh-CN` (default) or `en`; wins
            over `Accept-Language`
        accept_language (None | str | Unset): `en` for English texts; anything else (or nothing)
            gets zh-CN

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchItems | Problem
    """

    return (
        await asyncio_detailed(
            batch_id=batch_id,
            client=client,
            state=state,
            recommendation=recommendation,
            cursor=cursor,
            limit=limit,
            lang=lang,
            accept_language=accept_language,
        )
    ).parsed
