"""Reservation shapes: RFC 3339 with an offset in (a naive time is a 422), UTC out plus the
resource's local time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import AwareDatetime, BaseModel, Field, model_validator
from rr.booking.v1 import booking_pb2

from rr_gateway.schemas.common import local, to_pb_time, ts

Scope = Literal["this", "following", "series"]
Status = Literal[
    "pending_approval", "confirmed", "held", "checked_in", "cancelled", "completed", "rejected", "no_show", "expired"
]


class ReservationIn(BaseModel):
    resource_id: int = Field(ge=1, le=2**62)
    start_time: AwareDatetime = Field(examples=["2030-01-15T09:00:00+01:00"])
    end_time: AwareDatetime = Field(examples=["2030-01-15T10:00:00+01:00"])
    notes: str = Field(default="", max_length=2000)


class CancelIn(BaseModel):
    reason: str = Field(default="", max_length=2000)
    scope: Scope = "this"


class MoveIn(BaseModel):
    start_time: AwareDatetime
    end_time: AwareDatetime
    scope: Scope = Field(
        default="this", description="For an occurrence of a series: this one, this and following, or the whole series"
    )


class ResourceRef(BaseModel):
    id: int
    name: str
    timezone: str


class ReservationOut(BaseModel):
    id: int
    user_id: int
    resource_id: int
    resource: ResourceRef
    start_time: datetime | None
    end_time: datetime | None
    start_time_local: str | None
    end_time_local: str | None
    timezone: str
    status: str
    notes: str
    cancellation_reason: str | None
    created_at: datetime | None
    updated_at: datetime | None
    series_id: int | None = None
    recurrence_id: datetime | None = Field(default=None, description="The occurrence's original start, for series")
    expires_at: datetime | None = Field(default=None, description="When a pending approval or a hold lapses")
    check_in_deadline: datetime | None = None
    checked_in_at: datetime | None = None
    needs_approval: bool = False
    decision_comment: str | None = None
    decided_by: int | None = None
    username: str | None = None

    @classmethod
    def of(cls, r: booking_pb2.Reservation) -> ReservationOut:
        start, end = ts(r.start_time), ts(r.end_time)
        return cls(
            id=r.id,
            user_id=r.user_id,
            resource_id=r.resource_id,
            resource=ResourceRef(id=r.resource_id, name=r.resource_name, timezone=r.timezone),
            start_time=start,
            end_time=end,
            start_time_local=local(start, r.timezone),
            end_time_local=local(end, r.timezone),
            timezone=r.timezone,
            status=r.status,
            notes=r.notes,
            cancellation_reason=r.cancellation_reason or None,
            created_at=ts(r.created_at),
            updated_at=ts(r.updated_at),
            series_id=r.series_id or None,
            recurrence_id=ts(r.recurrence_id),
            expires_at=ts(r.expires_at),
            check_in_deadline=ts(r.check_in_deadline),
            checked_in_at=ts(r.checked_in_at),
            needs_approval=r.needs_approval,
            decision_comment=r.decision_comment or None,
            decided_by=r.decided_by or None,
            username=r.username or None,
        )


class CancelOut(ReservationOut):
    cancelled_ids: list[int] = Field(default_factory=list, description="Every reservation this request cancelled")


class MoveOut(ReservationOut):
    moved: list[ReservationOut] = Field(default_factory=list)


class HistoryOut(BaseModel):
    id: int
    reservation_id: int
    from_status: str | None
    to_status: str
    actor_user_id: int
    reason: str
    created_at: datetime | None

    @classmethod
    def of(cls, h: booking_pb2.HistoryEntry) -> HistoryOut:
        return cls(
            id=h.id,
            reservation_id=h.reservation_id,
            from_status=h.from_status or None,
            to_status=h.to_status,
            actor_user_id=h.actor_user_id,
            reason=h.reason,
            created_at=ts(h.created_at),
        )


class RecurrenceIn(BaseModel):
    """An RFC 5545 RRULE (`rrule`, `exdates`) or the simple form (`frequency` ...)."""

    rrule: str = Field(default="", max_length=500, examples=["FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"])
    exdates: list[AwareDatetime | date] = Field(
        default_factory=list, max_length=1000, description="Occurrences to leave out: exact starts, or local dates"
    )
    frequency: Literal["", "daily", "weekly", "monthly", "yearly"] = ""
    interval: int = Field(default=1, ge=1, le=999)
    days_of_week: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default_factory=list, max_length=7, description="0 = Monday ... 6 = Sunday"
    )
    end_type: Literal[
        "never",
        "on_date",
        "date",
        "until",
        "end_date",
        "after_occurrences",
        "count",
        "after",
        "occurrences",
        "after_count",
    ] = "never"
    end_date: date | None = None
    occurrence_count: int = Field(default=0, ge=0, le=100_000)

    @model_validator(mode="after")
    def _one_form(self) -> RecurrenceIn:
        if not self.rrule and not self.frequency:
            raise ValueError("give either rrule or frequency")
        if any(not 0 <= d <= 6 for d in self.days_of_week):
            raise ValueError("days_of_week holds numbers 0 (Monday) to 6 (Sunday)")
        return self

    def pb(self) -> booking_pb2.Recurrence:
        exact: list[Timestamp] = [to_pb_time(d) for d in self.exdates if isinstance(d, datetime)]
        return booking_pb2.Recurrence(
            rrule=self.rrule,
            exdates=exact,
            skip_dates=[d.isoformat() for d in self.exdates if not isinstance(d, datetime)],
            frequency=self.frequency,
            interval=self.interval,
            days_of_week=self.days_of_week,
            end_type=self.end_type,
            end_date=self.end_date.isoformat() if self.end_date else "",
            occurrence_count=self.occurrence_count,
        )


class RecurringIn(ReservationIn):
    recurrence: RecurrenceIn
    conflict_policy: Literal["all_or_nothing", "skip_conflicts"] = "all_or_nothing"


class SkippedOut(BaseModel):
    start_time: datetime | None
    end_time: datetime | None
    code: str
    reason: str


class SeriesOut(BaseModel):
    id: int
    rrule: str
    timezone: str
    status: str
    exdates: list[datetime]


class RecurringOut(BaseModel):
    series_id: int
    series: SeriesOut
    created: list[ReservationOut]
    skipped: list[SkippedOut]

    @classmethod
    def of(cls, answer: booking_pb2.CreateSeriesResponse) -> RecurringOut:
        s = answer.series
        return cls(
            series_id=s.id,
            series=SeriesOut(
                id=s.id,
                rrule=s.rrule,
                timezone=s.timezone,
                status=s.status,
                exdates=[d.ToDatetime() for d in s.exdates],
            ),
            created=[ReservationOut.of(r) for r in answer.created],
            skipped=[
                SkippedOut(start_time=ts(k.start_time), end_time=ts(k.end_time), code=k.code, reason=k.reason)
                for k in answer.skipped
            ],
        )


class SeriesExceptionOut(BaseModel):
    recurrence_id: datetime | None = Field(description="The occurrence's original start")
    recurrence_id_local: str | None
    kind: str = Field(
        description="cancelled, rejected or expired: it no longer takes place; moved: it takes place at another time"
    )
    reservation: ReservationOut


class SeriesDetailOut(BaseModel):
    """A series as stored (its rule is an RFC 5545 RRULE; the simple form is stored as the RRULE it means)."""

    id: int
    user_id: int
    resource_id: int
    resource: ResourceRef
    rrule: str
    timezone: str
    status: str
    exdates: list[datetime] = Field(description="Occurrences the rule leaves out from the start")
    start_time: datetime | None = Field(description="The first occurrence's start, which anchors the rule")
    end_time: datetime | None
    start_time_local: str | None
    end_time_local: str | None
    notes: str
    created_at: datetime | None
    exceptions: list[SeriesExceptionOut] = Field(description="Occurrences cancelled or moved, by original start")
    occurrences: list[ReservationOut] = Field(description="Occurrences by original start, at most `limit`")
    occurrence_count: int = Field(description="Every occurrence of the series, also those beyond `limit`")

    @classmethod
    def of(cls, answer: booking_pb2.GetSeriesResponse) -> SeriesDetailOut:
        s = answer.series
        start, end = ts(s.start_time), ts(s.end_time)
        return cls(
            id=s.id,
            user_id=s.user_id,
            resource_id=s.resource_id,
            resource=ResourceRef(id=s.resource_id, name=s.resource_name, timezone=s.timezone),
            rrule=s.rrule,
            timezone=s.timezone,
            status=s.status,
            exdates=[d.ToDatetime(tzinfo=UTC) for d in s.exdates],
            start_time=start,
            end_time=end,
            start_time_local=local(start, s.timezone),
            end_time_local=local(end, s.timezone),
            notes=answer.notes,
            created_at=ts(s.created_at),
            exceptions=[
                SeriesExceptionOut(
                    recurrence_id=ts(e.recurrence_id),
                    recurrence_id_local=local(ts(e.recurrence_id), s.timezone),
                    kind=e.kind,
                    reservation=ReservationOut.of(e.reservation),
                )
                for e in answer.exceptions
            ],
            occurrences=[ReservationOut.of(r) for r in answer.occurrences],
            occurrence_count=answer.occurrence_count,
        )
