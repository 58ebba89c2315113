"""CalendarService servicer. GetFeed needs no access token: the feed's secret token is it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import calendars_pb2, calendars_pb2_grpc

from rr_common.authz import require_principal
from rr_common.timeconv import to_timestamp

if TYPE_CHECKING:
    from rr_booking.wiring import Services


class CalendarServicer(calendars_pb2_grpc.CalendarServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def GetSubscription(
        self, request: calendars_pb2.GetSubscriptionRequest, context: grpc.aio.ServicerContext
    ) -> calendars_pb2.GetSubscriptionResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            token = await self.app.calendars.subscription(session, who)
        return calendars_pb2.GetSubscriptionResponse(token=token.token, created_at=to_timestamp(token.created_at))

    async def RegenerateToken(
        self, request: calendars_pb2.RegenerateTokenRequest, context: grpc.aio.ServicerContext
    ) -> calendars_pb2.RegenerateTokenResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            token = await self.app.calendars.regenerate(session, who)
        return calendars_pb2.RegenerateTokenResponse(token=token.token, created_at=to_timestamp(token.created_at))

    async def GetFeed(
        self, request: calendars_pb2.GetFeedRequest, context: grpc.aio.ServicerContext
    ) -> calendars_pb2.CalendarDocument:
        async with self.app.db.session() as session:
            document = await self.app.calendars.feed(session, request.token[:100])
        return calendars_pb2.CalendarDocument(ics=document.ics, filename=document.filename)

    async def GetMyFeed(
        self, request: calendars_pb2.GetMyFeedRequest, context: grpc.aio.ServicerContext
    ) -> calendars_pb2.CalendarDocument:
        who = require_principal()
        async with self.app.db.session() as session:
            document = await self.app.calendars.my_feed(session, who)
        return calendars_pb2.CalendarDocument(ics=document.ics, filename=document.filename)

    async def ExportReservation(
        self, request: calendars_pb2.ExportReservationRequest, context: grpc.aio.ServicerContext
    ) -> calendars_pb2.CalendarDocument:
        who = require_principal()
        async with self.app.db.session() as session:
            document = await self.app.calendars.export(session, who, request.id)
        return calendars_pb2.CalendarDocument(ics=document.ics, filename=document.filename)
