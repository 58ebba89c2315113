"""Business hours and blackout date shapes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field
from rr.catalog.v1 import catalog_pb2

from rr_gateway.schemas.common import ts

CLOCK = r"^\d{2}:\d{2}$"


class OpeningIntervalIO(BaseModel):
    day_of_week: int = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")
    open_time: str = Field(pattern=CLOCK, examples=["09:00"])
    close_time: str = Field(pattern=CLOCK, examples=["17:00"], description="Later than open_time; 24:00 ends the day")


class BusinessHoursOut(BaseModel):
    resource_id: int
    timezone: str = Field(description="Hours are local times in this zone")
    intervals: list[OpeningIntervalIO] = Field(description="Empty: open around the clock")

    @classmethod
    def of(cls, h: catalog_pb2.BusinessHours) -> BusinessHoursOut:
        return cls(
            resource_id=h.resource_id, timezone=h.timezone,
            intervals=[OpeningIntervalIO(day_of_week=i.day_of_week, open_time=i.open_time, close_time=i.close_time) for i in h.intervals],
        )


class BlackoutIn(BaseModel):
    start_date: date
    end_date: date | None = Field(default=None, description="Inclusive; defaults to start_date")
    reason: str = Field(default="", max_length=500)
    yearly: bool = Field(default=False, description="Repeats every year on the same days")


class BlackoutOut(BaseModel):
    id: int
    resource_id: int
    start_date: date
    end_date: date
    reason: str
    yearly: bool
    created_at: datetime | None

    @classmethod
    def of(cls, b: catalog_pb2.BlackoutDate) -> BlackoutOut:
        return cls(
            id=b.id, resource_id=b.resource_id, start_date=date.fromisoformat(b.start_date), end_date=date.fromisoformat(b.end_date),
            reason=b.reason, yearly=b.yearly, created_at=ts(b.created_at),
        )
