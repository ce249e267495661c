from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    code: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/problems/{code}".format(
            code=quote(str(code), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Problem]:
    """What one problem type (错误类型) means and what to do

     The page every problem's `type` names: the code's HTTP status, what it means and what to do, in
    Chinese and English, and the operations that answer it. HTML, or JSON when `Accept` prefers
    `application/json` or `application/problem+json`. Public, cacheable, not audited; `404 not-found`
    for a code the API never answers with.

    Args:
        code (str): the problem's code

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Problem | None:
    """What one problem type (错误类型) means and what to do

     The page every problem's `type` names: the code's HTTP status, what it means and what to do, in
    Chinese and English, and the operations that answer it. HTML, or JSON when `Accept` prefers
    `application/json` or `application/problem+json`. Public, cacheable, not audited; `404 not-found`
    for a code the API never answers with.

    Args:
        code (str): the problem's code

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        code=code,
        client=client,
    ).parsed


async def asyncio_detailed(
    code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Problem]:
    """What one problem type (错误类型) means and what to do

     The page every problem's `type` names: the code's HTTP status, what it means and what to do, in
    Chinese and English, and the operations that answer it. HTML, or JSON when `Accept` prefers
    `application/json` or `application/problem+json`. Public, cacheable, not audited; `404 not-found`
    for a code the API never answers with.

    Args:
        code (str): the problem's code

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Problem | None:
    """What one problem type (错误类型) means and what to do

     The page every problem's `type` names: the code's HTTP status, what it means and what to do, in
    Chinese and English, and the operations that answer it. HTML, or JSON when `Accept` prefers
    `application/json` or `application/problem+json`. Public, cacheable, not audited; `404 not-found`
    for a code the API never answers with.

    Args:
        code (str): the problem's code

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            code=code,
            client=client,
        )
    ).parsed
