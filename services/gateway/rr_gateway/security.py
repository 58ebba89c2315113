"""Bearer-token dependencies: verify locally against auth's cached JWKS (never a call per
request) and hand the caller to the route, with the token to forward to services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rr_common.context import Principal
from rr_common.errors import PermissionDenied, Unauthenticated
from rr_common.tokens import TokenVerifier

bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/token")


@dataclass(frozen=True)
class Caller:
    principal: Principal
    token: str

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        """gRPC metadata that forwards the caller's token: every service re-verifies it."""
        return (("authorization", f"Bearer {self.token}"),)


async def current_caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("Sign in first: send 'Authorization: Bearer <access token>'.")
    # The rate limiter may have verified this very token already; do not pay twice.
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        verifier: TokenVerifier = request.app.state.verifier
        principal = await verifier.verify(credentials.credentials)
        request.state.principal = principal
    return Caller(principal, credentials.credentials)


async def current_admin_or_manager(caller: Annotated[Caller, Depends(current_caller)]) -> Caller:
    if not caller.principal.is_manager:
        raise PermissionDenied("This needs the admin or manager role.")
    return caller


CurrentCaller = Annotated[Caller, Depends(current_caller)]
ManagerCaller = Annotated[Caller, Depends(current_admin_or_manager)]
