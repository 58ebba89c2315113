"""Auth over real gRPC with a real database: registration, sign-in, rotation, setup."""

from __future__ import annotations

import uuid

import grpc
import pytest
from jose import jwt
from rr.auth.v1 import auth_pb2, auth_pb2_grpc

from rr_common.errors import error_payload

PASSWORD = "Correct-Horse-9"


def unique(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


async def rpc_error(awaitable: object) -> tuple[grpc.StatusCode, dict[str, object]]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await awaitable  # type: ignore[misc]
    return info.value.code(), error_payload(info.value.trailing_metadata())


class TestRegister:
    async def test_weak_password_lists_every_failing_rule(self, auth_stub: auth_pb2_grpc.AuthServiceStub) -> None:
        name = unique()
        code, body = await rpc_error(auth_stub.Register(auth_pb2.RegisterRequest(username=name, password="short")))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        messages = [e["msg"] for e in body["errors"]]  # type: ignore[union-attr]
        assert any("at least 10" in m for m in messages)
        assert any("upper-case" in m for m in messages)
        assert any("digit" in m for m in messages)
        # Nothing was stored: the name is still free.
        ok = await auth_stub.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD))
        assert ok.user.username == name

    async def test_usernames_are_unique_regardless_of_case(self, auth_stub: auth_pb2_grpc.AuthServiceStub) -> None:
        name = unique("Case")
        await auth_stub.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD))
        code, body = await rpc_error(
            auth_stub.Register(auth_pb2.RegisterRequest(username=name.upper(), password=PASSWORD))
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS
        assert body["code"] == "username_taken"

    async def test_malformed_email_is_refused(self, auth_stub: auth_pb2_grpc.AuthServiceStub) -> None:
        code, body = await rpc_error(
            auth_stub.Register(auth_pb2.RegisterRequest(username=unique(), password=PASSWORD, email="not-an-email"))
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert "E-mail" in str(body["detail"])


class TestLogin:
    async def test_token_carries_identity_claims(self, auth_stub: auth_pb2_grpc.AuthServiceStub) -> None:
        name = unique()
        user = (await auth_stub.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD))).user
        tokens = (await auth_stub.Login(auth_pb2.LoginRequest(username=name, password=PASSWORD))).tokens
        header = jwt.get_unverified_header(tokens.access_token)
        claims = jwt.get_unverified_claims(tokens.access_token)
        assert header["alg"] == "RS256" and header["kid"]
        assert claims["sub"] == str(user.id) and claims["roles"] == ["user"]
        assert {"iss", "aud", "exp", "jti"} <= set(claims)
        jwks = (await auth_stub.GetJwks(auth_pb2.GetJwksRequest())).jwks_json
        assert header["kid"] in jwks

    async def test_wrong_password_and_unknown_user_get_the_same_answer(
        self, auth_stub: auth_pb2_grpc.AuthServiceStub
    ) -> None:
        name = unique()
        await auth_stub.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD))
        wrong = await rpc_error(auth_stub.Login(auth_pb2.LoginRequest(username=name, password="Wrong-Horse-9")))
        unknown = await rpc_error(auth_stub.Login(auth_pb2.LoginRequest(username=unique(), password=PASSWORD)))
        assert wrong == unknown
        assert wrong[0] == grpc.StatusCode.UNAUTHENTICATED

    async def test_me_needs_a_token(self, auth_stub: auth_pb2_grpc.AuthServiceStub) -> None:
        code, _ = await rpc_error(auth_stub.GetMe(auth_pb2.GetMeRequest()))
        assert code == grpc.StatusCode.UNAUTHENTICATED


class TestRefreshRotation:
    async def test_each_refresh_token_works_once_and_reuse_revokes_the_family(
        self, auth_stub: auth_pb2_grpc.AuthServiceStub
    ) -> None:
        name = unique()
        await auth_stub.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD))
        first = (await auth_stub.Login(auth_pb2.LoginRequest(username=name, password=PASSWORD))).tokens
        second = (await auth_stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=first.refresh_token))).tokens
        assert second.refresh_token != first.refresh_token

        code, body = await rpc_error(
            auth_stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=first.refresh_token))
        )
        assert (code, body["code"]) == (grpc.StatusCode.UNAUTHENTICATED, "refresh_token_reused")
        # The thief's replay also killed the legitimate newest token of that family.
        code, _ = await rpc_error(
            auth_stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=second.refresh_token))
        )
        assert code == grpc.StatusCode.UNAUTHENTICATED

    async def test_logout_revokes_the_session(self, auth_stub: auth_pb2_grpc.AuthServiceStub) -> None:
        name = unique()
        await auth_stub.Register(auth_pb2.RegisterRequest(username=name, password=PASSWORD))
        tokens = (await auth_stub.Login(auth_pb2.LoginRequest(username=name, password=PASSWORD))).tokens
        await auth_stub.Logout(
            auth_pb2.LogoutRequest(refresh_token=tokens.refresh_token),
            metadata=(("authorization", f"Bearer {tokens.access_token}"),),
        )
        code, _ = await rpc_error(
            auth_stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=tokens.refresh_token))
        )
        assert code == grpc.StatusCode.UNAUTHENTICATED
