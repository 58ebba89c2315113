"""What waitlist tests hold: the waitlist (restartable), its real booking and catalog peers, a
token minter for users and for the waitlist's own OAuth2 client, and helpers to make taken slots."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import grpc
import pytest
from jose import jwt
from rr.booking.v1 import booking_pb2, booking_pb2_grpc
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from rr.waitlist.v1 import waitlist_pb2, waitlist_pb2_grpc

from rr_common.db import Database
from rr_common.errors import error_payload
from rr_common.nats_conn import NatsConnection
from rr_common.runtime import Infrastructure, RunningService
from rr_common.service_tokens import IssuedToken, ServiceTokenProvider
from rr_common.testing import TestTokens
from rr_common.timeconv import to_timestamp
from rr_devstack.nats_server import NatsServer
from rr_waitlist.app import build
from rr_waitlist.config import Settings

# What auth grants the waitlist's OAuth2 client (permissions from auth's catalogue).
SERVICE_SCOPES = ("reservations:manage", "waitlist:manage")
OFFER_TTL_SECONDS = 3.0
ADMIN = 1


def uid() -> int:
    return random.randint(10**8, 10**9)


def client_token(tokens: TestTokens, client_id: str, scopes: tuple[str, ...], ttl: int = 300) -> str:
    """A client-credentials access token shaped exactly like the ones auth issues."""
    now = int(time.time())
    claims = {
        "sub": f"client:{client_id}",
        "client_id": client_id,
        "roles": [],
        "scope": " ".join(sorted(scopes)),
        "iss": tokens.issuer,
        "aud": tokens.audience,
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
    }
    return str(jwt.encode(claims, tokens.private_pem, algorithm="RS256", headers={"kid": tokens.kid}))


def service_tokens(tokens: TestTokens) -> ServiceTokenProvider:
    async def fetch() -> IssuedToken:
        return IssuedToken(client_token(tokens, "rrc_waitlist_test", SERVICE_SCOPES), 300.0)

    return ServiceTokenProvider(fetch)


class WaitlistRunner:
    """The waitlist service in-process over real gRPC; stop() and start() again like a restart."""

    def __init__(self, settings: Settings, tokens: TestTokens) -> None:
        self.settings = settings
        self.tokens = tokens
        self.service: RunningService | None = None
        self._channel: grpc.aio.Channel | None = None
        self.stub: waitlist_pb2_grpc.WaitlistServiceStub | None = None

    async def start(self) -> None:
        infra = Infrastructure(
            self.settings,
            Database(self.settings.database_url, 5),
            NatsConnection(self.settings.nats_url, "rr-waitlist-test"),
        )
        self.service = RunningService(
            infra, build(infra, self.settings, verifier=self.tokens.verifier(), tokens=service_tokens(self.tokens))
        )
        port = await self.service.start()
        self._channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        self.stub = waitlist_pb2_grpc.WaitlistServiceStub(self._channel)

    async def stop(self) -> None:
        if self._channel is not None:
            await self._channel.close()
        if self.service is not None:
            await self.service.stop()
        self.service = self._channel = self.stub = None


@dataclass
class World:
    runner: WaitlistRunner
    booking: booking_pb2_grpc.BookingServiceStub
    catalog: catalog_pb2_grpc.CatalogServiceStub
    tokens: TestTokens
    db: asyncpg.Pool
    booking_db: asyncpg.Pool
    nats: NatsServer

    @property
    def waitlist(self) -> waitlist_pb2_grpc.WaitlistServiceStub:
        assert self.runner.stub is not None, "the waitlist is stopped"
        return self.runner.stub

    def auth(self, user_id: int, *roles: str) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.tokens.token(user_id, roles or ('user',))}"),)

    async def new_resource(self, timezone: str = "UTC") -> int:
        request = catalog_pb2.CreateResourceRequest(
            name=f"Room {uuid.uuid4().hex[:8]}", available=True, timezone=timezone
        )
        return int((await self.catalog.CreateResource(request, metadata=self.auth(ADMIN, "admin"))).resource.id)

    async def book(self, resource_id: int, start: datetime, end: datetime, user_id: int = 0) -> booking_pb2.Reservation:
        request = booking_pb2.CreateReservationRequest(
            resource_id=resource_id, start_time=to_timestamp(start), end_time=to_timestamp(end)
        )
        return (await self.booking.CreateReservation(request, metadata=self.auth(user_id or uid()))).reservation

    async def cancel(self, reservation: booking_pb2.Reservation) -> None:
        request = booking_pb2.CancelReservationRequest(id=reservation.id, reason="plans changed")
        await self.booking.CancelReservation(request, metadata=self.auth(reservation.user_id))

    async def join(
        self, user_id: int, resource_id: int, start: datetime, end: datetime, flexible: bool = False
    ) -> waitlist_pb2.WaitlistEntry:
        request = waitlist_pb2.JoinWaitlistRequest(
            resource_id=resource_id,
            desired_start=to_timestamp(start),
            desired_end=to_timestamp(end),
            flexible_time=flexible,
        )
        return (await self.waitlist.JoinWaitlist(request, metadata=self.auth(user_id))).entry

    async def entry(self, user_id: int, entry_id: int) -> waitlist_pb2.WaitlistEntry:
        return (
            await self.waitlist.GetEntry(waitlist_pb2.GetEntryRequest(id=entry_id), metadata=self.auth(user_id))
        ).entry

    async def accept(self, user_id: int, entry_id: int) -> waitlist_pb2.WaitlistEntry:
        return (
            await self.waitlist.AcceptOffer(waitlist_pb2.AcceptOfferRequest(id=entry_id), metadata=self.auth(user_id))
        ).entry

    async def decline(self, user_id: int, entry_id: int) -> waitlist_pb2.WaitlistEntry:
        return (
            await self.waitlist.DeclineOffer(waitlist_pb2.DeclineOfferRequest(id=entry_id), metadata=self.auth(user_id))
        ).entry

    async def leave(self, user_id: int, entry_id: int) -> waitlist_pb2.WaitlistEntry:
        return (
            await self.waitlist.LeaveWaitlist(
                waitlist_pb2.LeaveWaitlistRequest(id=entry_id), metadata=self.auth(user_id)
            )
        ).entry

    async def status(self, entry_id: int) -> str:
        return str(await self.db.fetchval("SELECT status FROM waitlist_entries WHERE id = $1", entry_id))

    async def reached(self, entry_id: int, status: str, seconds: float = 10.0) -> asyncpg.Record:
        """Wait until the entry is in `status` (offers are made asynchronously, from events)."""
        await eventually(lambda: self._is(entry_id, status), seconds)
        row: asyncpg.Record = await self.db.fetchrow("SELECT * FROM waitlist_entries WHERE id = $1", entry_id)
        return row

    async def _is(self, entry_id: int, status: str) -> bool:
        return await self.status(entry_id) == status

    async def reservation(self, reservation_id: int) -> asyncpg.Record:
        row: asyncpg.Record = await self.booking_db.fetchrow("SELECT * FROM reservations WHERE id = $1", reservation_id)
        return row

    async def holds(self, resource_id: int) -> list[asyncpg.Record]:
        """Every hold booking ever placed on the resource, whatever became of it."""
        return list(
            await self.booking_db.fetch(
                "SELECT r.* FROM reservations r JOIN reservation_history h ON h.reservation_id = r.id AND h.to_status = 'held'"
                " WHERE r.resource_id = $1 ORDER BY r.id",
                resource_id,
            )
        )


def hour_slot(day: int, hour: int = 9, hours: int = 1) -> tuple[datetime, datetime]:
    start = (datetime.now(UTC) + timedelta(days=day)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return start, start + timedelta(hours=hours)


async def refused(awaitable: Awaitable[Any]) -> tuple[grpc.StatusCode, dict[str, Any]]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await awaitable
    return info.value.code(), error_payload(info.value.trailing_metadata())


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 10.0, every: float = 0.05) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(every)


async def never(check: Callable[[], Awaitable[bool]], seconds: float) -> None:
    """Assert `check` stays false for a while (nothing happens that must not)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        assert not await check(), "it happened"
        await asyncio.sleep(0.05)
