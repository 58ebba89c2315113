"""Analytics (booking, admin/manager): dashboard, utilization, popularity, peak times, user
patterns and CSV exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime
from rr.booking.v1 import analytics_pb2
from rr.common.v1 import common_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.routers.reservations import reservation_filter
from rr_gateway.schemas.booking_analytics import (
    DashboardOut,
    PeakCellOut,
    PeakTimesOut,
    PeriodOut,
    PopularOut,
    UserPatternOut,
    UtilizationOut,
    UtilizationRow,
)
from rr_gateway.schemas.common import ERROR_RESPONSES, to_pb_time, ts
from rr_gateway.schemas.reservations import Status
from rr_gateway.security import ManagerCaller

router = APIRouter(prefix="/analytics", tags=["analytics"], responses=ERROR_RESPONSES)
Start = Annotated[AwareDatetime | None, Query(alias="start_date", description="Period start (default: 30 days ago)")]
End = Annotated[AwareDatetime | None, Query(alias="end_date", description="Period end (default: now)")]
ResourceId = Annotated[int, Query(ge=0, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=100)]
CSV_RESPONSE: dict[int | str, dict[str, object]] = {200: {"content": {"text/csv": {}}, "description": "CSV"}}


def period(
    start: AwareDatetime | None, end: AwareDatetime | None, resource_id: int = 0, limit: int = 0
) -> analytics_pb2.AnalyticsRequest:
    wanted = common_pb2.TimeRange()
    if start is not None:
        wanted.start.CopyFrom(to_pb_time(start))
    if end is not None:
        wanted.end.CopyFrom(to_pb_time(end))
    return analytics_pb2.AnalyticsRequest(range=wanted, resource_id=resource_id, limit=limit)


def popular(p: analytics_pb2.PopularResource) -> PopularOut:
    return PopularOut(
        resource_id=p.resource_id,
        resource_name=p.resource_name,
        reservation_count=p.reservation_count,
        booked_hours=p.booked_hours,
        unique_users=p.unique_users,
    )


def csv(document: analytics_pb2.CsvDocument) -> Response:
    return Response(
        document.csv,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{document.filename}"'},
    )


@router.get("/dashboard", response_model=DashboardOut, summary="Totals over a period")
async def dashboard(
    caller: ManagerCaller, up: UpstreamsDep, start: Start = None, end: End = None, resource_id: ResourceId = 0
) -> DashboardOut:
    a = await up.analytics.GetDashboard(period(start, end, resource_id), metadata=caller.metadata)
    return DashboardOut(
        period=PeriodOut(start=ts(a.range.start), end=ts(a.range.end)),
        total_reservations=a.total_reservations,
        by_status={s.status: s.count for s in a.by_status},
        booked_hours=a.booked_hours,
        active_users=a.active_users,
        active_resources=a.active_resources,
        no_show_rate=a.no_show_rate,
        cancellation_rate=a.cancellation_rate,
        top_resources=[popular(p) for p in a.top_resources],
    )


@router.get("/utilization", response_model=UtilizationOut, summary="Booked hours over open hours, per resource")
async def utilization(
    caller: ManagerCaller,
    up: UpstreamsDep,
    start: Start = None,
    end: End = None,
    resource_id: ResourceId = 0,
    limit: Limit = 20,
) -> UtilizationOut:
    a = await up.analytics.GetUtilization(period(start, end, resource_id, limit), metadata=caller.metadata)
    return UtilizationOut(
        period=PeriodOut(start=ts(a.range.start), end=ts(a.range.end)),
        resources=[
            UtilizationRow(
                resource_id=u.resource_id,
                resource_name=u.resource_name,
                booked_hours=u.booked_hours,
                open_hours=u.open_hours,
                utilization=u.utilization,
                reservation_count=u.reservation_count,
                hours_known=u.hours_known,
            )
            for u in a.resources
        ],
    )


@router.get("/popular-resources", response_model=list[PopularOut], summary="Most booked resources")
async def popular_resources(
    caller: ManagerCaller, up: UpstreamsDep, start: Start = None, end: End = None, limit: Limit = 10
) -> list[PopularOut]:
    a = await up.analytics.GetPopularResources(period(start, end, 0, limit), metadata=caller.metadata)
    return [popular(p) for p in a.resources]


@router.get("/peak-times", response_model=PeakTimesOut, summary="Weekday x hour matrix of reservation starts")
async def peak_times(
    caller: ManagerCaller, up: UpstreamsDep, start: Start = None, end: End = None, resource_id: ResourceId = 0
) -> PeakTimesOut:
    a = await up.analytics.GetPeakTimes(period(start, end, resource_id), metadata=caller.metadata)
    matrix = [[0] * 24 for _ in range(7)]
    for c in a.cells:
        matrix[c.weekday][c.hour] = c.count
    return PeakTimesOut(
        cells=[PeakCellOut(weekday=c.weekday, hour=c.hour, count=c.count) for c in a.cells], matrix=matrix
    )


@router.get("/user-patterns", response_model=list[UserPatternOut], summary="Per-user booking behaviour")
async def user_patterns(
    caller: ManagerCaller, up: UpstreamsDep, start: Start = None, end: End = None, limit: Limit = 20
) -> list[UserPatternOut]:
    a = await up.analytics.GetUserPatterns(period(start, end, 0, limit), metadata=caller.metadata)
    return [
        UserPatternOut(
            user_id=u.user_id,
            username=u.username,
            reservation_count=u.reservation_count,
            booked_hours=u.booked_hours,
            cancelled=u.cancelled,
            no_shows=u.no_shows,
            favourite_resource_id=u.favourite_resource_id or None,
            average_lead_hours=u.average_lead_hours,
        )
        for u in a.users
    ]


@router.get("/export/utilization.csv", response_class=Response, responses=CSV_RESPONSE, summary="Utilization as CSV")
async def export_utilization(
    caller: ManagerCaller, up: UpstreamsDep, start: Start = None, end: End = None, limit: Limit = 100
) -> Response:
    return csv(await up.analytics.ExportUtilizationCsv(period(start, end, 0, limit), metadata=caller.metadata))


@router.get(
    "/export/reservations.csv",
    response_class=Response,
    responses=CSV_RESPONSE,
    summary="Reservations as CSV (at most 100,000 rows)",
)
async def export_reservations(
    caller: ManagerCaller,
    up: UpstreamsDep,
    start: Start = None,
    end: End = None,
    resource_id: ResourceId = 0,
    user_id: Annotated[int, Query(ge=0, le=2**62)] = 0,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
) -> Response:
    wanted = reservation_filter(status_filter or "", resource_id, user_id, start, end)
    return csv(
        await up.analytics.ExportReservationsCsv(
            analytics_pb2.ExportReservationsCsvRequest(filter=wanted), metadata=caller.metadata
        )
    )
