"""Waitlist's client of booking. A question asked for a user (is the range taken) carries the
user's token; the offer saga's steps carry the waitlist's own service token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import grpc
from rr.booking.v1 import booking_pb2, booking_pb2_grpc
from rr.common.v1 import common_pb2

from rr_common.errors import Unauthenticated, from_rpc_error
from rr_common.service_tokens import ServiceTokenProvider
from rr_common.timeconv import from_timestamp, to_timestamp
from rr_waitlist.errors import WaitlistNotConfigured
from rr_waitlist.offers.domain import Range

T = TypeVar("T")


@dataclass(frozen=True)
class Hold:
    reservation_id: int
    status: str
    start: datetime
    end: datetime
    resource_name: str
    expires_at: datetime | None


def _hold(reservation: booking_pb2.Reservation) -> Hold:
    return Hold(
        reservation_id=reservation.id,
        status=reservation.status,
        start=from_timestamp(reservation.start_time),
        end=from_timestamp(reservation.end_time),
        resource_name=reservation.resource_name,
        expires_at=from_timestamp(reservation.expires_at) if reservation.HasField("expires_at") else None,
    )


def _time_range(start: datetime, end: datetime) -> common_pb2.TimeRange:
    return common_pb2.TimeRange(start=to_timestamp(start), end=to_timestamp(end))


class BookingClient:
    def __init__(
        self, stub: booking_pb2_grpc.BookingServiceStub, tokens: ServiceTokenProvider | None, timeout: float
    ) -> None:
        self._stub = stub
        self._tokens = tokens
        self._timeout = timeout

    async def is_busy(self, resource_id: int, start: datetime, end: datetime) -> bool:
        """Is any part of the range occupied? Asked with the caller's own token."""
        request = booking_pb2.ListBusyResourcesRequest(resource_ids=[resource_id], range=_time_range(start, end))
        try:
            answer = await self._stub.ListBusyResources(request, timeout=self._timeout)
        except grpc.aio.AioRpcError as exc:
            raise from_rpc_error(exc, "booking") from exc
        return resource_id in answer.busy_resource_ids

    async def place_hold(self, user_id: int, resource_id: int, slot: Range, expires_at: datetime, key: str) -> Hold:
        request = booking_pb2.PlaceHoldRequest(
            user_id=user_id,
            resource_id=resource_id,
            range=_time_range(*slot),
            expires_at=to_timestamp(expires_at),
            idempotency_key=key,
            notes="Held for you from the waitlist.",
        )
        answer = await self._as_service(lambda md: self._stub.PlaceHold(request, metadata=md, timeout=self._timeout))
        return _hold(answer.reservation)

    async def confirm_hold(self, reservation_id: int) -> Hold:
        request = booking_pb2.ConfirmHoldRequest(id=reservation_id)
        answer = await self._as_service(lambda md: self._stub.ConfirmHold(request, metadata=md, timeout=self._timeout))
        return _hold(answer.reservation)

    async def release_hold(self, reservation_id: int, reason: str) -> Hold:
        request = booking_pb2.ReleaseHoldRequest(id=reservation_id, reason=reason)
        answer = await self._as_service(lambda md: self._stub.ReleaseHold(request, metadata=md, timeout=self._timeout))
        return _hold(answer.reservation)

    async def free_ranges(self, resource_id: int, window: Range) -> list[Range]:
        """Where a new booking could go within the window (open hours, buffers, bookings honoured)."""
        return (await self.free_schedule(resource_id, window))[0]

    async def free_schedule(self, resource_id: int, window: Range) -> tuple[list[Range], str]:
        """The free ranges within the window and the resource's time zone."""
        request = booking_pb2.GetResourceScheduleRequest(resource_id=resource_id, range=_time_range(*window))
        answer = await self._as_service(
            lambda md: self._stub.GetResourceSchedule(request, metadata=md, timeout=self._timeout)
        )
        return [(from_timestamp(r.start), from_timestamp(r.end)) for r in answer.free], answer.timezone

    async def _as_service(self, call: Callable[[tuple[tuple[str, str], ...]], Awaitable[T]]) -> T:
        if self._tokens is None:
            raise WaitlistNotConfigured(
                "The waitlist has no service credentials (RR_WAITLIST_CLIENT_ID/CLIENT_SECRET), so it cannot hold slots."
            )
        for attempt in (1, 2):
            try:
                return await call(await self._tokens.metadata())
            except grpc.aio.AioRpcError as exc:
                error = from_rpc_error(exc, "booking")
                if isinstance(error, Unauthenticated) and attempt == 1:
                    self._tokens.invalidate()  # a rotated key or a revoked token: fetch a new one once
                    continue
                raise error from exc
        raise AssertionError("unreachable")
