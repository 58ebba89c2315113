"""What booking tests hold: stubs of booking and its real catalog peer, a token minter, and
helpers to make resources and times."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from rr.booking.v1 import approvals_pb2_grpc, booking_pb2, booking_pb2_grpc, quotas_pb2_grpc
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc

from rr_common.errors import error_payload
from rr_common.testing import TestTokens
from rr_common.timeconv import to_timestamp


@dataclass
class Booking:
    stub: booking_pb2_grpc.BookingServiceStub
    catalog: catalog_pb2_grpc.CatalogServiceStub
    tokens: TestTokens
    database_url: str
    approvals: approvals_pb2_grpc.ApprovalServiceStub
    quotas: quotas_pb2_grpc.QuotaServiceStub
    channel: grpc.aio.Channel

    def as_user(self, user_id: int, *roles: str) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.tokens.token(user_id, roles or ('user',))}"),)

    async def new_resource(
        self, available: bool = True, timezone: str = "", requires_approval: bool = False, **rules: int
    ) -> catalog_pb2.Resource:
        request = catalog_pb2.CreateResourceRequest(
            name=f"Room {uuid.uuid4().hex[:8]}",
            available=available,
            timezone=timezone,
            requires_approval=requires_approval,
            rules=catalog_pb2.BookingRules(**rules),
        )
        return (await self.catalog.CreateResource(request, metadata=self.as_user(1, "admin"))).resource


def uid() -> int:
    return random.randint(10**8, 10**9)


def hour_slot(day: int, hour: int = 9, hours: int = 1) -> tuple[datetime, datetime]:
    start = (datetime.now(UTC) + timedelta(days=day)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return start, start + timedelta(hours=hours)


def create(resource_id: int, start: datetime, end: datetime, key: str = "") -> booking_pb2.CreateReservationRequest:
    return booking_pb2.CreateReservationRequest(
        resource_id=resource_id, start_time=to_timestamp(start), end_time=to_timestamp(end), idempotency_key=key
    )


async def refused(awaitable: Awaitable[Any]) -> tuple[grpc.StatusCode, dict[str, Any]]:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await awaitable
    return info.value.code(), error_payload(info.value.trailing_metadata())


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 8.0, every: float = 0.1) -> None:
    """Poll `check` until it holds (durable schedules are asserted by what they change)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(every)
