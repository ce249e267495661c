"""Helpers for tests that go over every route: roles, example paths, clients of each role."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from sqlalchemy import update

from verification.clients.dependencies import required_roles
from verification.clients.models import ApiClient, Role
from verification.clients.service import create_client
from verification.runtime import Runtime


def api_routes(app: FastAPI, prefix: str = "/v1") -> list[RouteContext]:
    """Every API route of ``app`` under ``prefix``, as mounted (prefixes applied)."""
    return [
        route
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute) and (route.path or "").startswith(prefix)
    ]


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def route_roles(route: RouteContext) -> frozenset[Role] | None:
    """The roles every ``require_role`` dependency of the route admits; ``None``: no such."""
    found = [roles for d in _dependants(route.dependant) if (roles := required_roles(d.call))]
    if not found:
        return None
    return frozenset.intersection(*found)


def example_path(route: RouteContext, **values: Any) -> str:
    """The route's path with every path parameter filled (given values, else a plausible one)."""
    path: str = route.path
    for param in route.dependant.path_params:
        value = values.get(param.name)
        if value is None:
            value = uuid.uuid4() if param.field_info.annotation is uuid.UUID else "x1"
        path = path.replace("{" + param.name + "}", str(value))
    return path


async def new_client(
    runtime: Runtime, role: Role, *, revoked: bool = False, name: str | None = None
) -> tuple[ApiClient, str]:
    """A client of ``role`` (any issuer, Guangxi regions) and its token; optionally revoked."""
    async with runtime.transaction() as session:
        client, token = await create_client(
            session,
            name=name or f"test {role.value}",
            role=role,
            issuers=["*"] if role is Role.CASE_SYSTEM else [],
            region_prefixes=["45"] if role is Role.CASE_SYSTEM else [],
            actor="test",
        )
        if revoked:
            await session.execute(
                update(ApiClient)
                .where(ApiClient.id == client.id)
                .values(revoked_at=dt.datetime.now(dt.UTC))
            )
    return client, token
