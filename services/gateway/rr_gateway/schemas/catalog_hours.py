"""Business hours and blackout date shapes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from rr.catalog.v1 import catalog_pb2

from rr_gateway.schemas.common import ts

CLOCK = r"^\d{2}:\d{2}$"


class OpeningIntervalIO(BaseModel):
    day_of_week: int = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")
    open_time: str = Field(pattern=CLOCK, examples=["09:00"])
    close_time: str = Field(pattern=CLOCK, examples=["17:00"], description="Later than open_time; 24:00 ends the day")


def intervals_of(intervals: Iterable[catalog_pb2.OpeningInterval]) -> list[OpeningIntervalIO]:
    return [
        OpeningIntervalIO(day_of_week=i.day_of_week, open_time=i.open_time, close_time=i.close_time) for i in intervals
    ]


def intervals_pb(intervals: Iterable[OpeningIntervalIO]) -> list[catalog_pb2.OpeningInterval]:
    return [
        catalog_pb2.OpeningInterval(day_of_week=i.day_of_week, open_time=i.open_time, close_time=i.close_time)
        for i in intervals
    ]


class BusinessHoursOut(BaseModel):
    resource_id: int
    timezone: str = Field(description="Hours are local times in this zone")
    intervals: list[OpeningIntervalIO] = Field(
        description="The hours that apply (its own, or the site's when source is site). Empty: open around the clock"
    )
    source: Literal["resource", "site"] = Field(
        default="resource",
        description="resource: the resource's own hours; site: it has none and follows the site-wide hours (PUT [] to return to them)",
    )

    @classmethod
    def of(cls, h: catalog_pb2.BusinessHours) -> BusinessHoursOut:
        return cls(
            resource_id=h.resource_id,
            timezone=h.timezone,
            intervals=intervals_of(h.intervals),
            source="site" if h.source == "site" else "resource",
        )


class SiteBusinessHoursOut(BaseModel):
    intervals: list[OpeningIntervalIO] = Field(
        description="Local times, read in each resource's own time zone; apply to every resource without hours of its own. Empty: open around the clock"
    )

    @classmethod
    def of(cls, h: catalog_pb2.SiteBusinessHours) -> SiteBusinessHoursOut:
        return cls(intervals=intervals_of(h.intervals))


class BlackoutIn(BaseModel):
    start_date: date
    end_date: date | None = Field(default=None, description="Inclusive; defaults to start_date")
    reason: str = Field(default="", max_length=500)
    yearly: bool = Field(default=False, description="Repeats every year on the same days")

    def request_fields(self) -> dict[str, Any]:
        """The fields of an Add(Site)BlackoutRequest: a one-day blackout ends on its first day."""
        end = self.end_date or self.start_date
        return {
            "start_date": self.start_date.isoformat(),
            "end_date": end.isoformat(),
            "reason": self.reason,
            "yearly": self.yearly,
        }


def blackout_fields(b: catalog_pb2.BlackoutDate) -> dict[str, Any]:
    """What a resource's and a site-wide blackout show alike."""
    return {
        "id": b.id,
        "start_date": date.fromisoformat(b.start_date),
        "end_date": date.fromisoformat(b.end_date),
        "reason": b.reason,
        "yearly": b.yearly,
        "created_at": ts(b.created_at),
    }


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
        return cls(resource_id=b.resource_id, **blackout_fields(b))


class SiteBlackoutOut(BaseModel):
    """A site-wide blackout: every resource is closed on these days (in its own time zone)."""

    id: int
    start_date: date
    end_date: date
    reason: str
    yearly: bool
    created_at: datetime | None

    @classmethod
    def of(cls, b: catalog_pb2.BlackoutDate) -> SiteBlackoutOut:
        return cls(**blackout_fields(b))
