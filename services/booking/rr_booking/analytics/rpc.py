"""AnalyticsService servicer: managers and admins only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import grpc
from rr.booking.v1 import analytics_pb2, analytics_pb2_grpc
from rr.common.v1 import common_pb2

from rr_booking.analytics.repository import Window
from rr_booking.analytics.service import window_of
from rr_booking.reservations.rpc import filter_of
from rr_common.authz import require_manager
from rr_common.timeconv import from_timestamp, to_timestamp

if TYPE_CHECKING:
    from rr_booking.wiring import Services


def window(request: analytics_pb2.AnalyticsRequest) -> Window:
    r = request.range
    return window_of(
        from_timestamp(r.start) if r.HasField("start") else None,
        from_timestamp(r.end) if r.HasField("end") else None,
        request.resource_id,
    )


def range_pb(w: Window) -> common_pb2.TimeRange:
    return common_pb2.TimeRange(start=to_timestamp(w.start), end=to_timestamp(w.end))


class AnalyticsServicer(analytics_pb2_grpc.AnalyticsServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def GetDashboard(
        self, request: analytics_pb2.AnalyticsRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.GetDashboardResponse:
        require_manager()
        w = window(request)
        board = await self.app.analytics.dashboard(w)
        totals = board.totals
        return analytics_pb2.GetDashboardResponse(
            range=range_pb(w),
            total_reservations=totals.count(),
            booked_hours=round(totals.booked_hours, 2),
            by_status=[
                analytics_pb2.StatusCount(status=s, count=n)
                for s, (n, _) in sorted(totals.per_status.items(), key=lambda kv: -kv[1][0])
            ],
            active_users=totals.users,
            active_resources=totals.resources,
            no_show_rate=board.no_show_rate,
            cancellation_rate=board.cancellation_rate,
            top_resources=[self._popular(r) for r in board.top],
        )

    async def GetUtilization(
        self, request: analytics_pb2.AnalyticsRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.GetUtilizationResponse:
        require_manager()
        w = window(request)
        found = await self.app.analytics.utilization(w, request.limit)
        return analytics_pb2.GetUtilizationResponse(
            range=range_pb(w),
            resources=[
                analytics_pb2.ResourceUtilization(
                    resource_id=u.resource_id,
                    resource_name=u.resource_name,
                    booked_hours=u.booked_hours,
                    open_hours=u.open_hours,
                    utilization=round(u.ratio, 4),
                    reservation_count=u.reservation_count,
                    hours_known=u.hours_known,
                )
                for u in found
            ],
        )

    async def GetPopularResources(
        self, request: analytics_pb2.AnalyticsRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.GetPopularResourcesResponse:
        require_manager()
        rows = await self.app.analytics.popular(window(request), request.limit)
        return analytics_pb2.GetPopularResourcesResponse(resources=[self._popular(r) for r in rows])

    async def GetPeakTimes(
        self, request: analytics_pb2.AnalyticsRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.GetPeakTimesResponse:
        require_manager()
        cells = await self.app.analytics.peak_times(window(request))
        return analytics_pb2.GetPeakTimesResponse(
            cells=[analytics_pb2.PeakCell(weekday=d, hour=h, count=c) for d, h, c in cells]
        )

    async def GetUserPatterns(
        self, request: analytics_pb2.AnalyticsRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.GetUserPatternsResponse:
        require_manager()
        rows = await self.app.analytics.user_patterns(window(request), request.limit)
        return analytics_pb2.GetUserPatternsResponse(
            users=[
                analytics_pb2.UserPattern(
                    user_id=r.user_id,
                    username=r.username or "",
                    reservation_count=r.reservations,
                    booked_hours=round(float(r.hours), 2),
                    cancelled=r.cancelled,
                    no_shows=r.no_shows,
                    favourite_resource_id=r.favourite or 0,
                    average_lead_hours=round(float(r.lead_hours or 0), 2),
                )
                for r in rows
            ]
        )

    async def ExportUtilizationCsv(
        self, request: analytics_pb2.AnalyticsRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.CsvDocument:
        require_manager()
        data, rows = await self.app.analytics.utilization_csv(window(request), request.limit)
        return analytics_pb2.CsvDocument(csv=data, filename="utilization.csv", rows=rows)

    async def ExportReservationsCsv(
        self, request: analytics_pb2.ExportReservationsCsvRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.CsvDocument:
        require_manager()
        data, rows = await self.app.analytics.reservations_csv(filter_of(request.filter))
        return analytics_pb2.CsvDocument(csv=data, filename="reservations.csv", rows=rows)

    @staticmethod
    def _popular(r: Any) -> analytics_pb2.PopularResource:
        return analytics_pb2.PopularResource(
            resource_id=r.resource_id,
            resource_name=r.name or "",
            reservation_count=r.reservations,
            booked_hours=round(float(r.hours), 2),
            unique_users=r.users,
        )
