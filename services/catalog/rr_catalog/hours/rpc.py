"""gRPC handlers for opening hours and blackout dates."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.hours import service
from rr_catalog.hours.domain import new_blackout, openings
from rr_common.authz import require_manager, require_principal
from rr_common.db import Database


class HoursRpc:
    db: Database

    async def GetBusinessHours(
        self, request: catalog_pb2.GetBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BusinessHours:
        require_principal()
        async with self.db.session() as session:
            return await service.get_hours(session, request.resource_id)

    async def SetBusinessHours(
        self, request: catalog_pb2.SetBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BusinessHours:
        require_manager()
        week = openings([(i.day_of_week, i.open_time, i.close_time) for i in request.intervals])
        async with self.db.session() as session:
            return await service.set_hours(session, request.resource_id, week)

    async def ListBlackouts(
        self, request: catalog_pb2.ListBlackoutsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListBlackoutsResponse:
        require_principal()
        async with self.db.session() as session:
            blackouts = await service.list_blackouts(session, request.resource_id)
        return catalog_pb2.ListBlackoutsResponse(blackouts=blackouts)

    async def AddBlackout(
        self, request: catalog_pb2.AddBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AddBlackoutResponse:
        require_manager()
        new = new_blackout(request.start_date, request.end_date, request.reason, request.yearly)
        async with self.db.session() as session:
            blackout = await service.add_blackout(session, request.resource_id, new)
        return catalog_pb2.AddBlackoutResponse(blackout=blackout)

    async def RemoveBlackout(
        self, request: catalog_pb2.RemoveBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.RemoveBlackoutResponse:
        require_manager()
        async with self.db.session() as session:
            await service.remove_blackout(session, request.id, request.resource_id)
        return catalog_pb2.RemoveBlackoutResponse()
