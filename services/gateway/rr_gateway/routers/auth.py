"""Sign-up, sign-in (password, client credentials, refresh), the current user and their password,
JWKS and first-run setup."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import APIRouter, Form, Query, Request, Response, status
from rr.auth.v1 import auth_pb2, oauth_pb2

from rr_common.errors import InvalidClient, ValidationFailed
from rr_gateway.deps import UpstreamsDep
from rr_gateway.error_codes import UnsupportedGrantType
from rr_gateway.schemas.auth import (
    AccountDeleteIn,
    LogoutIn,
    MessageOut,
    PasswordChangeIn,
    PasswordResetConfirmIn,
    PasswordResetRequestIn,
    RefreshIn,
    RegisterIn,
    SetupStatusOut,
    TokenOut,
    UserOut,
)
from rr_gateway.schemas.common import ERROR_RESPONSES, ErrorBody
from rr_gateway.security import CurrentCaller
from rr_gateway.upstreams import Upstreams

router = APIRouter(tags=["auth"], responses=ERROR_RESPONSES)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    summary="Create an account",
    responses={409: {"model": ErrorBody, "description": "Username or e-mail already registered"}},
)
async def register(body: RegisterIn, up: UpstreamsDep) -> UserOut:
    answer = await up.auth.Register(
        auth_pb2.RegisterRequest(username=body.username, password=body.password, email=body.email or "")
    )
    return UserOut.of(answer.user)


@router.post(
    "/token",
    response_model=TokenOut,
    response_model_exclude_none=True,
    summary="Sign in (OAuth2 password form), get a client token (client_credentials) or redeem an authorization code (PKCE)",
    responses={
        401: {
            "model": ErrorBody,
            "description": "Wrong credentials; or `code: mfa_required` when the account needs an `otp`",
        },
        429: {
            "model": ErrorBody,
            "description": "`code: account_locked` with `retry_after` seconds after repeated failures",
        },
    },
)
async def token(
    request: Request,
    up: UpstreamsDep,
    username: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    grant_type: Annotated[str, Form(max_length=50)] = "password",
    otp: Annotated[str, Form(max_length=16)] = "",
    backup_code: Annotated[str, Form(max_length=32)] = "",
    client_id: Annotated[str, Form(max_length=64)] = "",
    client_secret: Annotated[str, Form(max_length=256)] = "",
    scope: Annotated[str, Form(max_length=1000)] = "",
    refresh_token: Annotated[str, Form(max_length=512)] = "",
    code: Annotated[str, Form(max_length=512)] = "",
    redirect_uri: Annotated[str, Form(max_length=500)] = "",
    code_verifier: Annotated[str, Form(max_length=128)] = "",
) -> TokenOut:
    if grant_type == "password":
        return await _password_grant(up, username, password, otp, backup_code)
    if grant_type == "client_credentials":
        client_id, client_secret = client_credentials(request, client_id, client_secret)
        request_pb = auth_pb2.IssueClientTokenRequest(
            client_id=client_id, client_secret=client_secret, scopes=scope.split()
        )
        return TokenOut.of((await up.auth.IssueClientToken(request_pb)).tokens)
    if grant_type == "refresh_token":
        return await _refresh(up, refresh_token)
    if grant_type == "authorization_code":
        client_id, client_secret = client_credentials(request, client_id, client_secret, secret_required=False)
        exchange = oauth_pb2.ExchangeAuthorizationCodeRequest(
            code=code,
            redirect_uri=redirect_uri,
            client_id=client_id,
            client_secret=client_secret,
            code_verifier=code_verifier,
        )
        return TokenOut.of((await up.oauth.ExchangeAuthorizationCode(exchange)).tokens)
    raise UnsupportedGrantType(
        f"grant_type '{grant_type[:50]}' is not supported; use password, client_credentials, authorization_code or refresh_token.",
    )


async def _password_grant(up: Upstreams, username: str, password: str, otp: str, backup_code: str) -> TokenOut:
    if not username or not password:
        raise ValidationFailed("username and password are required.")
    answer = await up.auth.Login(
        auth_pb2.LoginRequest(username=username, password=password, otp=otp, backup_code=backup_code)
    )
    return TokenOut.of(answer.tokens)


def client_credentials(
    request: Request, client_id: str, client_secret: str, *, secret_required: bool = True
) -> tuple[str, str]:
    """From the form, or from HTTP Basic authentication (RFC 6749 section 2.3.1). A public
    client (authorization code with PKCE) sends only its client_id."""
    header = request.headers.get("authorization", "")
    if not client_id and header[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise InvalidClient("The Basic credentials are not valid base64.") from exc
        client_id, _, client_secret = decoded.partition(":")
        client_id, client_secret = unquote(client_id), unquote(client_secret)
    if not client_id or (secret_required and not client_secret):
        raise InvalidClient("Send client_id and client_secret (form fields or HTTP Basic).")
    return client_id, client_secret


async def _refresh(up: Upstreams, value: str) -> TokenOut:
    if not value:
        raise ValidationFailed(
            "Send the refresh_token (in a JSON body, or as a form field with grant_type=refresh_token).",
        )
    answer = await up.auth.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=value))
    return TokenOut.of(answer.tokens)


@router.post("/token/refresh", response_model=TokenOut, summary="Exchange a refresh token for a new pair (rotation)")
async def refresh(
    up: UpstreamsDep,
    body: RefreshIn | None = None,
    refresh_token: Annotated[str | None, Query(max_length=512, description="Accepted for compatibility")] = None,
) -> TokenOut:
    return await _refresh(up, body.refresh_token if body else (refresh_token or ""))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Revoke this session's refresh tokens")
async def logout(caller: CurrentCaller, up: UpstreamsDep, body: LogoutIn | None = None) -> None:
    await up.auth.Logout(
        auth_pb2.LogoutRequest(refresh_token=body.refresh_token if body else ""), metadata=caller.metadata
    )


@router.get("/users/me", response_model=UserOut, summary="The signed-in user")
async def me(caller: CurrentCaller, up: UpstreamsDep) -> UserOut:
    answer = await up.auth.GetMe(auth_pb2.GetMeRequest(), metadata=caller.metadata)
    return UserOut.of(answer.user)


@router.post(
    "/users/me/password",
    response_model=MessageOut,
    summary="Change my password (ends every session)",
    responses={
        422: {
            "model": ErrorBody,
            "description": "Current password wrong, or the new one breaks the policy (every rule listed)",
        }
    },
)
async def change_password(body: PasswordChangeIn, caller: CurrentCaller, up: UpstreamsDep) -> MessageOut:
    request = auth_pb2.ChangePasswordRequest(current_password=body.current_password, new_password=body.new_password)
    answer = await up.auth.ChangePassword(request, metadata=caller.metadata)
    return MessageOut(
        message=f"Password changed; {answer.sessions_revoked} session(s) signed out. Sign in again with the new password."
    )


RESET_REQUESTED = (
    "If an active account matches, an e-mail with a link to set a new password is on its way. "
    "The link works once, for a limited time."
)


@router.post(
    "/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=MessageOut,
    summary="Ask for a password-reset e-mail (same answer whether or not the account exists)",
    responses={429: {"model": ErrorBody, "description": "Too many requests for this address or account name"}},
)
async def request_password_reset(body: PasswordResetRequestIn, up: UpstreamsDep) -> MessageOut:
    login = (body.email or body.username or "").strip()
    if not login:
        raise ValidationFailed("Give the account's e-mail address (`email`) or its username (`username`).")
    await up.auth.RequestPasswordReset(auth_pb2.RequestPasswordResetRequest(login=login))
    return MessageOut(message=RESET_REQUESTED)


@router.post(
    "/auth/password-reset/confirm",
    response_model=MessageOut,
    summary="Set a new password with the e-mailed token (ends every session)",
    responses={
        422: {
            "model": ErrorBody,
            "description": "`code: invalid_reset_token` (unknown, used or expired), or the password breaks the policy",
        }
    },
)
async def confirm_password_reset(body: PasswordResetConfirmIn, up: UpstreamsDep) -> MessageOut:
    answer = await up.auth.ConfirmPasswordReset(
        auth_pb2.ConfirmPasswordResetRequest(token=body.token, new_password=body.new_password)
    )
    return MessageOut(
        message=f"Password set; {answer.sessions_revoked} session(s) signed out. Sign in with the new password."
    )


@router.delete(
    "/auth/users/me",
    response_model=MessageOut,
    summary="Delete my account (deactivated and anonymised)",
    responses={
        409: {"model": ErrorBody, "description": "`code: last_admin`: the last active administrator cannot leave"},
        422: {"model": ErrorBody, "description": "Wrong password, or a missing or wrong MFA code"},
    },
)
async def delete_me(body: AccountDeleteIn, caller: CurrentCaller, up: UpstreamsDep) -> MessageOut:
    await up.auth.DeleteMe(auth_pb2.DeleteMeRequest(password=body.password, otp=body.otp), metadata=caller.metadata)
    return MessageOut(
        message="Your account is deleted: you are signed out everywhere and your upcoming reservations are being cancelled."
    )


@router.get("/.well-known/jwks.json", summary="Public keys that verify access tokens")
async def jwks(up: UpstreamsDep, response: Response) -> dict[str, Any]:
    answer = await up.auth.GetJwks(auth_pb2.GetJwksRequest())
    document: dict[str, Any] = json.loads(answer.jwks_json)
    # Verifiers may cache it; a token with an unknown kid is their cue to fetch again (rotation).
    response.headers["Cache-Control"] = "public, max-age=300"
    return document


@router.get("/setup/status", response_model=SetupStatusOut, summary="Does the system still need its first admin?")
async def setup_status(up: UpstreamsDep) -> SetupStatusOut:
    answer = await up.auth.GetSetupStatus(auth_pb2.GetSetupStatusRequest())
    message = (
        "No administrator exists yet: POST /api/v1/setup/initialize." if answer.needs_setup else "Setup is complete."
    )
    return SetupStatusOut(needs_setup=answer.needs_setup, message=message)


@router.post(
    "/setup/initialize",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    summary="Create the first admin (once)",
)
async def setup_initialize(body: RegisterIn, up: UpstreamsDep) -> UserOut:
    answer = await up.auth.InitializeSetup(
        auth_pb2.InitializeSetupRequest(username=body.username, password=body.password, email=body.email or "")
    )
    return UserOut.of(answer.user)
