"""Authenticating the caller and checking its role, as FastAPI dependencies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from verification.audit.log import record_to, stream_for
from verification.clients.models import ApiClient, Role
from verification.clients.service import ClientsByToken
from verification.dependencies import RuntimeDep
from verification.problems import AuthenticationRequired, Forbidden
from verification.ratelimit import rate_limits_of

# on every answer to an authenticated client, refusals included (written by the
# request-context middleware from ``request.state.environment``)
ENVIRONMENT_HEADER = "Verification-Environment"
ENVIRONMENT_HEADER_DOC: dict[str, Any] = {
    "description": "the authenticated client's environment: `production`, or `sandbox` for a "
    "sandbox (test) client, whose work goes to the sandbox agencies "
    "(docs/integrators/sandbox.md)",
    "schema": {"type": "string", "enum": ["production", "sandbox"]},
}

_bearer = HTTPBearer(auto_error=False, description="API token of a registered client")


def require_role(*roles: Role) -> Callable[..., Awaitable[ApiClient]]:
    async def authenticated_client(
        request: Request,
        runtime: RuntimeDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> ApiClient:
        # what a client does is audited, and so is a refusal: nothing is served while the
        # audit log cannot be written (it failed its integrity check): 503
        runtime.integrity.ensure_writable()
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise AuthenticationRequired("send the client's API token as 'Authorization: Bearer …'")
        client = await ClientsByToken(runtime.read_session_factory, runtime.token_cache)(
            credentials.credentials, accept_demo=runtime.settings.demo_mode()
        )
        if client is None:
            raise AuthenticationRequired(
                "the API token is unknown or revoked", code="invalid-token"
            )
        request.state.client_id = str(client.id)
        # every answer to an authenticated client names its environment
        # (ENVIRONMENT_HEADER, written by middleware.py), refusals included
        request.state.environment = client.environment.value
        # and what it does is recorded in its environment's audit log, refusals included
        record_to(stream_for(sandbox=client.sandbox))
        limits = rate_limits_of(request.scope)
        if limits is not None:  # before the route does any work (429, not audited)
            limits.charge_client(str(client.id))
        if client.role not in {r.value for r in roles}:
            raise Forbidden(f"the {client.role} role may not use this route", code="wrong-role")
        return client

    # the roles this dependency admits, for whoever inspects the routes (the route-auth tests)
    authenticated_client.roles = frozenset(roles)  # type: ignore[attr-defined]
    return authenticated_client


def required_roles(dependency: object) -> frozenset[Role] | None:
    """The roles a dependency made by ``require_role`` admits; ``None`` for any other."""
    roles = getattr(dependency, "roles", None)
    return roles if isinstance(roles, frozenset) else None


CaseSystem = Annotated[ApiClient, Depends(require_role(Role.CASE_SYSTEM))]
Admin = Annotated[ApiClient, Depends(require_role(Role.ADMIN))]
Supervisor = Annotated[ApiClient, Depends(require_role(Role.SUPERVISOR))]
