"""gRPC handlers for opening hours and blackout dates."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.hours.domain import new_blackout, openings
from rr_catalog.mapping import blackout_pb, hours_pb
from rr_catalog.wiring import Services
from rr_common.authz import require_manager, require_principal


class HoursRpc:
    app: Services

    async def GetBusinessHours(
        self, request: catalog_pb2.GetBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BusinessHours:
        require_principal()
        async with self.app.db.session() as session:
            hours = await self.app.hours.get(session, request.resource_id)
        return hours_pb(hours)

    async def SetBusinessHours(
        self, request: catalog_pb2.SetBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BusinessHours:
        require_manager()
        week = openings([(i.day_of_week, i.open_time, i.close_time) for i in request.intervals])
        async with self.app.db.session() as session:
            hours = await self.app.hours.set(session, request.resource_id, week)
        return hours_pb(hours)

    async def ListBlackouts(
        self, request: catalog_pb2.ListBlackoutsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListBlackoutsResponse:
        require_principal()
        async with self.app.db.session() as session:
            rows = await self.app.hours.blackouts(session, request.resource_id)
        return catalog_pb2.ListBlackoutsResponse(blackouts=[blackout_pb(row) for row in rows])

    async def AddBlackout(
        self, request: catalog_pb2.AddBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AddBlackoutResponse:
        require_manager()
        new = new_blackout(request.start_date, request.end_date, request.reason, request.yearly)
        async with self.app.db.session() as session:
            row = await self.app.hours.add_blackout(session, request.resource_id, new)
        return catalog_pb2.AddBlackoutResponse(blackout=blackout_pb(row))

    async def RemoveBlackout(
        self, request: catalog_pb2.RemoveBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.RemoveBlackoutResponse:
        require_manager()
        async with self.app.db.session() as session:
            await self.app.hours.remove_blackout(session, request.id, request.resource_id)
        return catalog_pb2.RemoveBlackoutResponse()
