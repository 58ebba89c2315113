"""OAuth2 clients over real gRPC: secrets shown once and stored hashed, the client-credentials
grant, scopes, revocation; and rr_common's cached service-token provider against real auth."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from jose import jwt
from pydantic import ValidationError
from rr.auth.v1 import auth_pb2, clients_pb2

from rr_auth.app import build
from rr_auth.config import DeclaredClient
from rr_common.errors import Unauthenticated
from rr_common.service_tokens import ServiceTokenProvider
from rr_common.testing import running_service
from rr_common.tokens import JwksCache, TokenVerifier
from rr_devstack.infra import Infra
from services.auth.tests.conftest import settings_for
from services.auth.tests.support import Signed, Stubs, rpc_error, sign_up_and_in, unique


async def new_client(stubs: Stubs, admin: Signed, scopes: list[str]) -> clients_pb2.CreateClientResponse:
    created: clients_pb2.CreateClientResponse = await stubs.clients.CreateClient(
        clients_pb2.CreateClientRequest(name=unique("svc"), scopes=scopes), metadata=admin.md
    )
    return created


async def verifier(stubs: Stubs) -> TokenVerifier:
    jwks = (await stubs.auth.GetJwks(auth_pb2.GetJwksRequest())).jwks_json

    async def fetch() -> str:
        return jwks

    return TokenVerifier(JwksCache(fetch), "resource-reserver", "rr-api")


class TestClients:
    async def test_client_token_is_a_service_principal_with_its_scopes(self, stubs: Stubs, admin: Signed) -> None:
        created = await new_client(stubs, admin, ["reservations:manage", "users:read"])
        assert created.client.client_id.startswith("rrc_") and len(created.client_secret) >= 40
        issued = await stubs.auth.IssueClientToken(
            auth_pb2.IssueClientTokenRequest(client_id=created.client.client_id, client_secret=created.client_secret)
        )
        assert issued.tokens.refresh_token == "" and issued.tokens.expires_in == 60
        principal = await (await verifier(stubs)).verify(issued.tokens.access_token)
        assert (principal.user_id, principal.client_id, principal.is_service) == (0, created.client.client_id, True)
        assert principal.scopes == {"reservations:manage", "users:read"} and not principal.roles

        # The scope lets the service read users (e-mail included), but it is no user itself.
        token = (("authorization", f"Bearer {issued.tokens.access_token}"),)
        users = await stubs.auth.GetUsers(auth_pb2.GetUsersRequest(ids=[admin.user_id]), metadata=token)
        assert users.users[0].username == admin.username
        code, body = await rpc_error(stubs.auth.GetMe(auth_pb2.GetMeRequest(), metadata=token))
        assert (code, body["code"]) == (grpc.StatusCode.PERMISSION_DENIED, "user_required")

    async def test_a_narrower_scope_can_be_asked_for_but_not_a_wider_one(self, stubs: Stubs, admin: Signed) -> None:
        created = await new_client(stubs, admin, ["reservations:manage", "users:read"])
        ask = auth_pb2.IssueClientTokenRequest(
            client_id=created.client.client_id, client_secret=created.client_secret, scopes=["users:read"]
        )
        narrow = await stubs.auth.IssueClientToken(ask)
        assert jwt.get_unverified_claims(narrow.tokens.access_token)["scope"] == "users:read"
        ask.scopes.append("users:manage")
        code, body = await rpc_error(stubs.auth.IssueClientToken(ask))
        assert (code, body["code"]) == (grpc.StatusCode.INVALID_ARGUMENT, "invalid_scope")

    async def test_wrong_secret_unknown_and_revoked_clients_get_invalid_client(
        self, stubs: Stubs, admin: Signed
    ) -> None:
        created = await new_client(stubs, admin, [])
        cid = created.client.client_id
        for client_id, secret in ((cid, "not-the-secret"), ("rrc_unknown", created.client_secret)):
            code, body = await rpc_error(
                stubs.auth.IssueClientToken(auth_pb2.IssueClientTokenRequest(client_id=client_id, client_secret=secret))
            )
            assert (code, body["code"]) == (grpc.StatusCode.UNAUTHENTICATED, "invalid_client")
        revoked = await stubs.clients.RevokeClient(clients_pb2.RevokeClientRequest(client_id=cid), metadata=admin.md)
        assert revoked.client.HasField("revoked_at")
        code, body = await rpc_error(
            stubs.auth.IssueClientToken(
                auth_pb2.IssueClientTokenRequest(client_id=cid, client_secret=created.client_secret)
            )
        )
        assert body["code"] == "invalid_client"
        code, body = await rpc_error(
            stubs.clients.VerifyClientCredentials(
                clients_pb2.VerifyClientCredentialsRequest(client_id=cid, client_secret=created.client_secret)
            )
        )
        assert body["code"] == "invalid_client"
        listed = await stubs.clients.ListClients(clients_pb2.ListClientsRequest(), metadata=admin.md)
        assert cid not in [c.client_id for c in listed.clients]
        with_revoked = await stubs.clients.ListClients(
            clients_pb2.ListClientsRequest(include_revoked=True), metadata=admin.md
        )
        assert cid in [c.client_id for c in with_revoked.clients]

    async def test_unknown_scopes_and_plain_users_are_refused(self, stubs: Stubs, admin: Signed) -> None:
        code, body = await rpc_error(
            stubs.clients.CreateClient(clients_pb2.CreateClientRequest(name="x", scopes=["root"]), metadata=admin.md)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "root" in body["detail"]
        user = await sign_up_and_in(stubs, "noclient")
        code, _ = await rpc_error(
            stubs.clients.CreateClient(clients_pb2.CreateClientRequest(name="mine"), metadata=user.md)
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED


class TestServiceTokenProvider:
    async def test_one_shared_fetch_a_verifiable_token_and_a_new_one_after_invalidate(
        self, stubs: Stubs, admin: Signed, auth_target: str
    ) -> None:
        created = await new_client(stubs, admin, ["notifications:send"])
        provider = ServiceTokenProvider.from_grpc(auth_target, created.client.client_id, created.client_secret)
        tokens = await asyncio.gather(*(provider.token() for _ in range(10)))
        assert len(set(tokens)) == 1
        principal = await (await verifier(stubs)).verify(tokens[0])
        assert principal.client_id == created.client.client_id and principal.scopes == {"notifications:send"}
        listed = await stubs.clients.ListClients(clients_pb2.ListClientsRequest(), metadata=admin.md)
        assert [c for c in listed.clients if c.client_id == created.client.client_id][0].HasField("last_used_at")
        provider.invalidate()
        renewed = await provider.token()
        assert renewed != tokens[0]
        assert (await provider.metadata()) == (("authorization", f"Bearer {renewed}"),)

    async def test_a_revoked_client_cannot_get_a_token(self, stubs: Stubs, admin: Signed, auth_target: str) -> None:
        created = await new_client(stubs, admin, [])
        await stubs.clients.RevokeClient(
            clients_pb2.RevokeClientRequest(client_id=created.client.client_id), metadata=admin.md
        )
        provider = ServiceTokenProvider.from_grpc(auth_target, created.client.client_id, created.client_secret)
        with pytest.raises(Unauthenticated) as info:
            await provider.token()
        assert info.value.code == "invalid_client"


class TestDeclaredClients:
    """Clients the deployment declares in RR_AUTH_SERVICE_CLIENTS exist once auth has started."""

    @staticmethod
    def declared(client_id: str, secret: str, scopes: list[str]) -> list[DeclaredClient]:
        return [DeclaredClient.model_validate({"client_id": client_id, "secret": secret, "scopes": scopes})]

    @staticmethod
    async def token(stubs: Stubs, client_id: str, secret: str) -> auth_pb2.IssueClientTokenResponse:
        issued: auth_pb2.IssueClientTokenResponse = await stubs.auth.IssueClientToken(
            auth_pb2.IssueClientTokenRequest(client_id=client_id, client_secret=secret)
        )
        return issued

    async def test_a_declared_client_works_and_a_restart_rotates_its_secret_and_scopes(
        self, stubs: Stubs, admin: Signed, auth_database: str, rr_infra: Infra
    ) -> None:
        client_id, first, second = unique("rrc_waitlist"), "s" * 40, "t" * 40
        settings = settings_for(
            auth_database, rr_infra.nats_url, service_clients=self.declared(client_id, first, ["waitlist:manage"])
        )
        # A second replica on the same database applies the declaration when it starts.
        async with running_service(settings, lambda infra: build(infra, settings)):
            issued = await self.token(stubs, client_id, first)
        assert jwt.get_unverified_claims(issued.tokens.access_token)["scope"] == "waitlist:manage"

        rotated = settings_for(
            auth_database,
            rr_infra.nats_url,
            service_clients=self.declared(client_id, second, ["reservations:manage", "waitlist:manage"]),
        )
        async with running_service(rotated, lambda infra: build(infra, rotated)):
            pass
        code, body = await rpc_error(
            stubs.auth.IssueClientToken(auth_pb2.IssueClientTokenRequest(client_id=client_id, client_secret=first))
        )
        assert (code, body["code"]) == (grpc.StatusCode.UNAUTHENTICATED, "invalid_client")
        issued = await self.token(stubs, client_id, second)
        assert jwt.get_unverified_claims(issued.tokens.access_token)["scope"] == "reservations:manage waitlist:manage"

        # An admin's revocation outlives the next start: declaring is not re-enabling.
        await stubs.clients.RevokeClient(clients_pb2.RevokeClientRequest(client_id=client_id), metadata=admin.md)
        async with running_service(rotated, lambda infra: build(infra, rotated)):
            pass
        code, body = await rpc_error(
            stubs.auth.IssueClientToken(auth_pb2.IssueClientTokenRequest(client_id=client_id, client_secret=second))
        )
        assert body["code"] == "invalid_client"

    def test_a_declaration_with_a_short_secret_or_unknown_scope_is_refused_at_start(self) -> None:
        with pytest.raises(ValidationError) as short:
            DeclaredClient.model_validate({"client_id": "rrc_x", "secret": "short", "scopes": []})
        assert "at least 32 characters" in str(short.value)
        with pytest.raises(ValidationError) as unknown:
            DeclaredClient.model_validate({"client_id": "rrc_x", "secret": "s" * 40, "scopes": ["root:all"]})
        assert "unknown scopes root:all" in str(unknown.value)
