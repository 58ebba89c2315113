"""Request-scoped context carried across async code: request id and the caller's identity."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

request_id_var: ContextVar[str] = ContextVar("rr_request_id", default="")
bearer_token_var: ContextVar[str] = ContextVar("rr_bearer_token", default="")

# The roles that run the catalog, approvals and analytics (administering auth takes admin).
MANAGERS = ("admin", "manager")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a user, or a service acting through an OAuth2 client. A client has
    `user_id` 0, no roles, its `client_id` and the scopes it was granted."""

    user_id: int
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    token_id: str = ""
    client_id: str = ""
    # Set on a user's token that a third-party app holds (authorization-code grant): the app's
    # client_id. Such a token may act for the user within its scopes, never consent for them.
    app_id: str = ""

    @property
    def is_service(self) -> bool:
        """A service acting on its own (client-credentials token), not a signed-in user."""
        return bool(self.client_id)

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def is_manager(self) -> bool:
        return bool(self.roles & set(MANAGERS))


principal_var: ContextVar[Principal | None] = ContextVar("rr_principal", default=None)
