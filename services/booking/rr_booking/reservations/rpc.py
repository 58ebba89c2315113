"""gRPC handlers of BookingService's reservation calls: parse, authorise, one service call, map."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from rr.booking.v1 import booking_pb2

from rr_booking.mapping import history_pb, reservation_pb
from rr_booking.reservations.domain import NewReservation
from rr_booking.reservations.listing import Filter, list_page
from rr_common.authz import require_manager, require_principal
from rr_common.errors import InvalidTimeRange
from rr_common.pagination import page_info
from rr_common.timeconv import from_timestamp, utcnow

if TYPE_CHECKING:
    from rr_booking.wiring import Services


def required_range(start: Timestamp, end: Timestamp, has_start: bool, has_end: bool) -> tuple[datetime, datetime]:
    if not has_start or not has_end:
        raise InvalidTimeRange("start_time and end_time are required.")
    return from_timestamp(start), from_timestamp(end)


def filter_of(pb: booking_pb2.ReservationFilter) -> Filter:
    return Filter(
        status=pb.status,
        resource_id=pb.resource_id,
        user_id=pb.user_id,
        series_id=pb.series_id,
        start_from=from_timestamp(getattr(pb, "from")) if pb.HasField("from") else None,
        start_to=from_timestamp(pb.to) if pb.HasField("to") else None,
        upcoming_only=pb.upcoming_only,
        past_only=pb.past_only,
        sort_by=pb.sort_by or "start_time",
        sort_order=pb.sort_order or "asc",
    )


class ReservationHandlers:
    app: Services

    async def CreateReservation(
        self, request: booking_pb2.CreateReservationRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.CreateReservationResponse:
        who = require_principal()
        start, end = required_range(
            request.start_time, request.end_time, request.HasField("start_time"), request.HasField("end_time")
        )
        new = NewReservation(request.resource_id, start, end, request.notes[:2000], request.idempotency_key[:200])
        async with self.app.db.session() as session:
            reservation = await self.app.reservations.create(session, who, new)
        return booking_pb2.CreateReservationResponse(reservation=reservation_pb(reservation))

    async def GetReservation(
        self, request: booking_pb2.GetReservationRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.GetReservationResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            reservation = await self.app.reservations.get_visible(session, who, request.id)
        return booking_pb2.GetReservationResponse(reservation=reservation_pb(reservation))

    async def ListMyReservations(
        self, request: booking_pb2.ListMyReservationsRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.ListMyReservationsResponse:
        who = require_principal()
        base = filter_of(request.filter)
        wanted = Filter(
            status=request.status or base.status,
            resource_id=request.resource_id or base.resource_id,
            user_id=who.user_id,
            series_id=base.series_id,
            start_from=base.start_from,
            start_to=base.start_to,
            upcoming_only=request.upcoming_only or base.upcoming_only,
            past_only=base.past_only,
            sort_by=base.sort_by,
            sort_order=base.sort_order,
        )
        async with self.app.db.reader() as session:
            page = await list_page(
                session, wanted, request.page.limit, request.page.cursor, utcnow(), self.app.max_duration
            )
        return booking_pb2.ListMyReservationsResponse(
            reservations=[reservation_pb(r) for r in page.items],
            page=page_info(page),
        )

    async def ListReservations(
        self, request: booking_pb2.ListReservationsRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.ListReservationsResponse:
        require_manager()
        async with self.app.db.reader() as session:
            page = await list_page(
                session,
                filter_of(request.filter),
                request.page.limit,
                request.page.cursor,
                utcnow(),
                self.app.max_duration,
            )
        return booking_pb2.ListReservationsResponse(
            reservations=[reservation_pb(r) for r in page.items],
            page=page_info(page),
        )

    async def CancelReservation(
        self, request: booking_pb2.CancelReservationRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.CancelReservationResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            done = await self.app.reservations.cancel(session, who, request.id, request.reason[:2000], request.scope)
        return booking_pb2.CancelReservationResponse(
            reservation=reservation_pb(done.reservation), cancelled=[reservation_pb(r) for r in done.cancelled]
        )

    async def MoveReservation(
        self, request: booking_pb2.MoveReservationRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.MoveReservationResponse:
        who = require_principal()
        start, end = required_range(
            request.start_time, request.end_time, request.HasField("start_time"), request.HasField("end_time")
        )
        async with self.app.db.session() as session:
            done = await self.app.moves.move(session, who, request.id, start, end, request.scope)
        return booking_pb2.MoveReservationResponse(
            reservation=reservation_pb(done.reservation), moved=[reservation_pb(r) for r in done.moved]
        )

    async def GetReservationHistory(
        self, request: booking_pb2.GetReservationHistoryRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.GetReservationHistoryResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            entries = await self.app.reservations.history(session, who, request.id)
        return booking_pb2.GetReservationHistoryResponse(entries=[history_pb(h) for h in entries])

    async def CheckIn(
        self, request: booking_pb2.CheckInRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.CheckInResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            reservation = await self.app.reservations.check_in(session, who, request.id)
        return booking_pb2.CheckInResponse(reservation=reservation_pb(reservation))

    async def ListBusyResources(
        self, request: booking_pb2.ListBusyResourcesRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.ListBusyResourcesResponse:
        require_principal()
        if not request.range.HasField("start") or not request.range.HasField("end"):
            raise InvalidTimeRange("range.start and range.end are required.")
        start, end = from_timestamp(request.range.start), from_timestamp(request.range.end)
        async with self.app.db.session() as session:
            busy = await self.app.reservations.busy_resources(session, list(request.resource_ids), start, end)
        return booking_pb2.ListBusyResourcesResponse(busy_resource_ids=busy)
