"""Analytics answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class PeriodOut(BaseModel):
    start: datetime | None
    end: datetime | None


class PopularOut(BaseModel):
    resource_id: int
    resource_name: str
    reservation_count: int
    booked_hours: float
    unique_users: int


class DashboardOut(BaseModel):
    period: PeriodOut
    total_reservations: int
    by_status: dict[str, int]
    booked_hours: float
    active_users: int
    active_resources: int
    no_show_rate: float
    cancellation_rate: float
    top_resources: list[PopularOut]


class UtilizationRow(BaseModel):
    resource_id: int
    resource_name: str
    booked_hours: float
    open_hours: float
    utilization: float
    reservation_count: int
    hours_known: bool


class UtilizationOut(BaseModel):
    period: PeriodOut
    resources: list[UtilizationRow]


class PeakCellOut(BaseModel):
    weekday: int
    hour: int
    count: int


class PeakTimesOut(BaseModel):
    cells: list[PeakCellOut]
    # 7 rows (Monday first) x 24 hours of reservation starts, in each resource's local time.
    matrix: list[list[int]]


class UserPatternOut(BaseModel):
    user_id: int
    username: str
    reservation_count: int
    booked_hours: float
    cancelled: int
    no_shows: int
    favourite_resource_id: int | None
    average_lead_hours: float
