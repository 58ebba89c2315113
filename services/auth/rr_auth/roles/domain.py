"""The permission catalogue and the built-in roles (pure data and rules, no I/O).

Permissions travel in the access token's `scope` claim, so every service checks them locally:
`"resources:manage" in principal.scopes`. Built-in roles take their permissions from here, never
from the database, so a permission added to the code reaches admins without a data migration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rr_common.context import Principal
from rr_common.errors import PermissionDenied

if TYPE_CHECKING:
    from rr_auth.models import Role, User

PERMISSIONS: dict[str, str] = {
    "resources:manage": "Create, change and retire resources, opening hours and blackout dates.",
    "reservations:read_all": "See everyone's reservations.",
    "reservations:manage": "Create, cancel and hold reservations on behalf of anyone.",
    "reservations:approve": "Approve or reject reservations that need approval.",
    "waitlist:manage": "See every waitlist and offer freed slots.",
    "notifications:send": "Send notifications to any user.",
    "users:read": "Read other users' profiles, e-mail included.",
    "users:manage": "List, deactivate, reactivate and unlock users; reset passwords.",
    "clients:manage": "Register and revoke OAuth2 clients.",
    "audit:read": "Read the audit log.",
    "analytics:read": "See usage analytics.",
    # Granted to the old-system importer's OAuth2 client; the import RPCs refuse users' tokens.
    "data:import": "Import the old system's database (service clients only).",
}

ADMIN, MANAGER, USER = "admin", "manager", "user"
BUILTIN_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    ADMIN: ("Runs the system: every permission.", tuple(PERMISSIONS)),
    MANAGER: (
        "Approves reservations and manages resources.",
        (
            "resources:manage",
            "reservations:read_all",
            "reservations:manage",
            "reservations:approve",
            "waitlist:manage",
            "analytics:read",
            "users:read",
        ),
    ),
    USER: ("Books resources for themselves.", ()),
}
ROLE_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,49}$")


def unknown_permissions(names: Iterable[str]) -> list[str]:
    return sorted({n for n in names if n not in PERMISSIONS})


def builtin_permissions(role_name: str) -> tuple[str, ...]:
    return BUILTIN_ROLES.get(role_name, ("", ()))[1]


def role_permissions(role: Role) -> tuple[str, ...]:
    return builtin_permissions(role.name) if role.is_builtin else tuple(g.permission for g in role.grants)


def user_permissions(user: User) -> list[str]:
    """The union of the permissions of every role the user holds (roles loaded with grants)."""
    return sorted({p for role in user.roles for p in role_permissions(role)})


def has_permission(principal: Principal, permission: str) -> bool:
    # Admins pass even with a token issued before a permission existed.
    return principal.is_admin or permission in principal.scopes


def require_permission(principal: Principal, permission: str) -> None:
    if not has_permission(principal, permission):
        raise PermissionDenied(f"This needs the '{permission}' permission.")
