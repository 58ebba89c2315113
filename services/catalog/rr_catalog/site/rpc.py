"""gRPC handlers for the site-wide business hours and blackout dates."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.hours.domain import new_blackout, openings
from rr_catalog.mapping import blackout_pb, site_hours_pb
from rr_catalog.wiring import Services
from rr_common.authz import require_manager, require_principal


class SiteRpc:
    app: Services

    async def GetSiteBusinessHours(
        self, request: catalog_pb2.GetSiteBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SiteBusinessHours:
        require_principal()
        async with self.app.db.reader() as session:
            week = await self.app.site.hours(session)
        return site_hours_pb(week)

    async def SetSiteBusinessHours(
        self, request: catalog_pb2.SetSiteBusinessHoursRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SiteBusinessHours:
        require_manager()
        week = openings([(i.day_of_week, i.open_time, i.close_time) for i in request.intervals])
        async with self.app.db.session() as session:
            stored = await self.app.site.set_hours(session, week)
        return site_hours_pb(stored)

    async def ListSiteBlackouts(
        self, request: catalog_pb2.ListSiteBlackoutsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListBlackoutsResponse:
        require_principal()
        async with self.app.db.reader() as session:
            rows = await self.app.site.blackouts(session)
        return catalog_pb2.ListBlackoutsResponse(blackouts=[blackout_pb(row) for row in rows])

    async def AddSiteBlackout(
        self, request: catalog_pb2.AddSiteBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.AddBlackoutResponse:
        require_manager()
        new = new_blackout(request.start_date, request.end_date, request.reason, request.yearly)
        async with self.app.db.session() as session:
            row = await self.app.site.add_blackout(session, new)
        return catalog_pb2.AddBlackoutResponse(blackout=blackout_pb(row))

    async def RemoveSiteBlackout(
        self, request: catalog_pb2.RemoveSiteBlackoutRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.RemoveBlackoutResponse:
        require_manager()
        async with self.app.db.session() as session:
            await self.app.site.remove_blackout(session, request.id)
        return catalog_pb2.RemoveBlackoutResponse()
