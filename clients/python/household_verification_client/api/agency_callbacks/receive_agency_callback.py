from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.callback_answer import CallbackAnswer
from ...models.problem import Problem
from ...models.receive_agency_callback_body import ReceiveAgencyCallbackBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    scope: str,
    *,
    body: ReceiveAgencyCallbackBody,
    x_agency_timestamp: None | str | Unset = UNSET,
    x_agency_signature: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_agency_timestamp, Unset):
        headers["x-agency-timestamp"] = x_agency_timestamp

    if not isinstance(x_agency_signature, Unset):
        headers["x-agency-signature"] = x_agency_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/agency/v1/callbacks/{scope}".format(
            scope=quote(str(scope), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallbackAnswer | Problem | None:
    if response.status_code == 200:
        response_200 = CallbackAnswer.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CallbackAnswer | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    scope: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReceiveAgencyCallbackBody,
    x_agency_timestamp: None | str | Unset = UNSET,
    x_agency_signature: None | str | Unset = UNSET,
) -> Response[CallbackAnswer | Problem]:
    """An agency says the answer to a pending query is ready

     For an agency, not a case system: says the answer it promised under a ticket (a `pending` source of
    an `awaiting_sources` verification) is ready; the service then asks the agency for it and, when
    every awaited answer is in, completes the verification with a new report revision. The body carries
    no answer. Authenticated by the source's shared secret
    (`VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET`): `X-Agency-Timestamp` (Unix seconds, within 300 s
    of now) and `X-Agency-Signature: sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>'>`. Audited as
    `agency_callback`; refusals are audited and change nothing. See docs/integrators/awaiting-
    sources.md.

    Args:
        scope (str):
        x_agency_timestamp (None | str | Unset):
        x_agency_signature (None | str | Unset):
        body (ReceiveAgencyCallbackBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackAnswer | Problem]
    """

    kwargs = _get_kwargs(
        scope=scope,
        body=body,
        x_agency_timestamp=x_agency_timestamp,
        x_agency_signature=x_agency_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    scope: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReceiveAgencyCallbackBody,
    x_agency_timestamp: None | str | Unset = UNSET,
    x_agency_signature: None | str | Unset = UNSET,
) -> CallbackAnswer | Problem | None:
    """An agency says the answer to a pending query is ready

     For an agency, not a case system: says the answer it promised under a ticket (a `pending` source of
    an `awaiting_sources` verification) is ready; the service then asks the agency for it and, when
    every awaited answer is in, completes the verification with a new report revision. The body carries
    no answer. Authenticated by the source's shared secret
    (`VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET`): `X-Agency-Timestamp` (Unix seconds, within 300 s
    of now) and `X-Agency-Signature: sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>'>`. Audited as
    `agency_callback`; refusals are audited and change nothing. See docs/integrators/awaiting-
    sources.md.

    Args:
        scope (str):
        x_agency_timestamp (None | str | Unset):
        x_agency_signature (None | str | Unset):
        body (ReceiveAgencyCallbackBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackAnswer | Problem
    """

    return sync_detailed(
        scope=scope,
        client=client,
        body=body,
        x_agency_timestamp=x_agency_timestamp,
        x_agency_signature=x_agency_signature,
    ).parsed


async def asyncio_detailed(
    scope: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReceiveAgencyCallbackBody,
    x_agency_timestamp: None | str | Unset = UNSET,
    x_agency_signature: None | str | Unset = UNSET,
) -> Response[CallbackAnswer | Problem]:
    """An agency says the answer to a pending query is ready

     For an agency, not a case system: says the answer it promised under a ticket (a `pending` source of
    an `awaiting_sources` verification) is ready; the service then asks the agency for it and, when
    every awaited answer is in, completes the verification with a new report revision. The body carries
    no answer. Authenticated by the source's shared secret
    (`VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET`): `X-Agency-Timestamp` (Unix seconds, within 300 s
    of now) and `X-Agency-Signature: sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>'>`. Audited as
    `agency_callback`; refusals are audited and change nothing. See docs/integrators/awaiting-
    sources.md.

    Args:
        scope (str):
        x_agency_timestamp (None | str | Unset):
        x_agency_signature (None | str | Unset):
        body (ReceiveAgencyCallbackBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackAnswer | Problem]
    """

    kwargs = _get_kwargs(
        scope=scope,
        body=body,
        x_agency_timestamp=x_agency_timestamp,
        x_agency_signature=x_agency_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    scope: str,
    *,
    client: AuthenticatedClient | Client,
    body: ReceiveAgencyCallbackBody,
    x_agency_timestamp: None | str | Unset = UNSET,
    x_agency_signature: None | str | Unset = UNSET,
) -> CallbackAnswer | Problem | None:
    """An agency says the answer to a pending query is ready

     For an agency, not a case system: says the answer it promised under a ticket (a `pending` source of
    an `awaiting_sources` verification) is ready; the service then asks the agency for it and, when
    every awaited answer is in, completes the verification with a new report revision. The body carries
    no answer. Authenticated by the source's shared secret
    (`VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET`): `X-Agency-Timestamp` (Unix seconds, within 300 s
    of now) and `X-Agency-Signature: sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>'>`. Audited as
    `agency_callback`; refusals are audited and change nothing. See docs/integrators/awaiting-
    sources.md.

    Args:
        scope (str):
        x_agency_timestamp (None | str | Unset):
        x_agency_signature (None | str | Unset):
        body (ReceiveAgencyCallbackBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackAnswer | Problem
    """

    return (
        await asyncio_detailed(
            scope=scope,
            client=client,
            body=body,
            x_agency_timestamp=x_agency_timestamp,
            x_agency_signature=x_agency_signature,
        )
    ).parsed
