import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.effective_policy_view import EffectivePolicyView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    region: str,
    on: datetime.date | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["region"] = region

    json_on: None | str | Unset
    if isinstance(on, Unset):
        json_on = UNSET
    elif isinstance(on, datetime.date):
        json_on = on.isoformat()
    else:
        json_on = on
    params["on"] = json_on

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/policies/effective",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EffectivePolicyView | Problem | None:
    if response.status_code == 200:
        response_200 = EffectivePolicyView.from_dict(response.json())

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
) -> Response[EffectivePolicyView | Problem]:
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
    on: datetime.date | None | Unset = UNSET,
) -> Response[EffectivePolicyView | Problem]:
    """The layered national policy in force for a region on a date, value by value

     Every registered parameter's state (`in_force`, `left_to_local`, `lapsed`, `unset`) for the region
    on `on`, with the layer and dated entry that set it and its citation, from the layered policy files
    (national → province → city). A region with no layer of its own gets the national baseline. A
    verification applies exactly these values (its report lists those it used).

    Args:
        region (str): a region code of 2 to 12 digits
        on (datetime.date | None | Unset): default: today in the deployment's time zone

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EffectivePolicyView | Problem]
    """

    kwargs = _get_kwargs(
        region=region,
        on=on,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    region: str,
    on: datetime.date | None | Unset = UNSET,
) -> EffectivePolicyView | Problem | None:
    """The layered national policy in force for a region on a date, value by value

     Every registered parameter's state (`in_force`, `left_to_local`, `lapsed`, `unset`) for the region
    on `on`, with the layer and dated entry that set it and its citation, from the layered policy files
    (national → province → city). A region with no layer of its own gets the national baseline. A
    verification applies exactly these values (its report lists those it used).

    Args:
        region (str): a region code of 2 to 12 digits
        on (datetime.date | None | Unset): default: today in the deployment's time zone

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EffectivePolicyView | Problem
    """

    return sync_detailed(
        client=client,
        region=region,
        on=on,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    region: str,
    on: datetime.date | None | Unset = UNSET,
) -> Response[EffectivePolicyView | Problem]:
    """The layered national policy in force for a region on a date, value by value

     Every registered parameter's state (`in_force`, `left_to_local`, `lapsed`, `unset`) for the region
    on `on`, with the layer and dated entry that set it and its citation, from the layered policy files
    (national → province → city). A region with no layer of its own gets the national baseline. A
    verification applies exactly these values (its report lists those it used).

    Args:
        region (str): a region code of 2 to 12 digits
        on (datetime.date | None | Unset): default: today in the deployment's time zone

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EffectivePolicyView | Problem]
    """

    kwargs = _get_kwargs(
        region=region,
        on=on,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    region: str,
    on: datetime.date | None | Unset = UNSET,
) -> EffectivePolicyView | Problem | None:
    """The layered national policy in force for a region on a date, value by value

     Every registered parameter's state (`in_force`, `left_to_local`, `lapsed`, `unset`) for the region
    on `on`, with the layer and dated entry that set it and its citation, from the layered policy files
    (national → province → city). A region with no layer of its own gets the national baseline. A
    verification applies exactly these values (its report lists those it used).

    Args:
        region (str): a region code of 2 to 12 digits
        on (datetime.date | None | Unset): default: today in the deployment's time zone

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EffectivePolicyView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            region=region,
            on=on,
        )
    ).parsed
