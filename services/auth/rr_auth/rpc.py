"""AuthService: its calls are grouped by subdomain, each group in its own module."""

from __future__ import annotations

from rr.auth.v1 import auth_pb2_grpc

from rr_auth.accounts.rpc import AccountHandlers
from rr_auth.guard import rejecting_nul
from rr_auth.password_reset.rpc import PasswordResetHandlers
from rr_auth.sessions.rpc import SessionHandlers
from rr_auth.tokens.rpc import TokenHandlers
from rr_auth.wiring import Services


@rejecting_nul
class AuthServicer(
    AccountHandlers,
    SessionHandlers,
    PasswordResetHandlers,
    TokenHandlers,
    auth_pb2_grpc.AuthServiceServicer,
):
    def __init__(self, app: Services) -> None:
        self.app = app
