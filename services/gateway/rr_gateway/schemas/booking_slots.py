"""Next free time of one resource, and which resources have free time in a window."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from rr_gateway.schemas.common import local
from rr_gateway.schemas.resources import ResourceOut
from rr_gateway.slots import Range

Duration = Annotated[
    int, Query(ge=1, le=7 * 24 * 60, description="Length of the booking in minutes (90 for an hour and a half)")
]
# Booking answers about at most 31 days at a time; a longer search asks window by window.
SCHEDULE_DAYS = 31


class WindowOut(BaseModel):
    """A free window: a booking of the asked length may start anywhere from `start_time` as long
    as it ends by `end_time`."""

    start_time: datetime
    end_time: datetime
    start_time_local: str | None
    end_time_local: str | None

    @classmethod
    def of(cls, window: Range, timezone: str) -> WindowOut:
        start, end = window
        return cls(
            start_time=start, end_time=end, start_time_local=local(start, timezone), end_time_local=local(end, timezone)
        )


class NextAvailableOut(BaseModel):
    resource_id: int
    duration_minutes: int
    found: bool = Field(description="False when nothing fits before `searched_until`")
    start_time: datetime | None = Field(description="The earliest start of a free slot of that length")
    end_time: datetime | None
    start_time_local: str | None
    end_time_local: str | None
    searched_until: datetime
    timezone: str


class AvailableSlotsOut(BaseModel):
    resource: ResourceOut
    windows: list[WindowOut] = Field(description="Free windows of the asked length or longer, earliest first")
