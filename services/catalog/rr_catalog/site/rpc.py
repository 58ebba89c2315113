"""gRPC handlers for the site-wide business hours and blackout dates."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.hours.domain import new_blackout, openings
from rr_catalog.site import service
from rr_common.authz import require_manager, require_principal
from rr_common.db import Database


class SiteRpc:
    db: Database

    async def GetSiteBusinessHours(
        self, request: catalog_pb2.GetSiteBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SiteBusinessHours:
        require_principal()
        async with self.db.reader() as session:
            return await service.get_hours(session)

    async def SetSiteBusinessHours(
        self, request: catalog_pb2.SetSiteBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SiteBusinessHours:
        require_manager()
        week = openings([(i.day_of_week, i.open_time, i.close_time) for i in request.intervals])
        async with self.db.session() as session:
            return await service.set_hours(session, week)

    async def ListSiteBlackouts(
        self, request: catalog_pb2.ListSiteBlackoutsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListBlackoutsResponse:
        require_principal()
        async with self.db.reader() as session:
            blackouts = await service.list_blackouts(session)
        return catalog_pb2.ListBlackoutsResponse(blackouts=blackouts)

    async def AddSiteBlackout(
        self, request: catalog_pb2.AddSiteBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AddBlackoutResponse:
        require_manager()
        new = new_blackout(request.start_date, request.end_date, request.reason, request.yearly)
        async with self.db.session() as session:
            blackout = await service.add_blackout(session, new)
        return catalog_pb2.AddBlackoutResponse(blackout=blackout)

    async def RemoveSiteBlackout(
        self, request: catalog_pb2.RemoveSiteBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.RemoveBlackoutResponse:
        require_manager()
        async with self.db.session() as session:
            await service.remove_blackout(session, request.id)
        return catalog_pb2.RemoveBlackoutResponse()
