"""Authorization helpers servicers call: who is the caller, and may they do this?"""

from __future__ import annotations

from rr_common.context import MANAGERS, Principal, principal_var
from rr_common.errors import PermissionDenied, Unauthenticated


def require_principal() -> Principal:
    principal = principal_var.get()
    if principal is None:
        raise Unauthenticated("Sign in first: this call needs a bearer access token.")
    return principal


def require_role(*roles: str) -> Principal:
    principal = require_principal()
    if not principal.has_role(*roles):
        raise PermissionDenied(f"This needs one of the roles: {', '.join(roles)}.")
    return principal


def require_manager() -> Principal:
    return require_role(*MANAGERS)
