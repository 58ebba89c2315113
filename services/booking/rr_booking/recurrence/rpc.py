"""gRPC handlers of CreateSeries and GetSeries."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import booking_pb2

from rr_booking.errors import InvalidRecurrence
from rr_booking.mapping import reservation_pb, series_pb
from rr_booking.recurrence.rules import SimpleRecurrence
from rr_booking.recurrence.service import NewSeries
from rr_booking.reservations.rpc import required_range
from rr_common.authz import require_principal
from rr_common.timeconv import from_timestamp, to_timestamp

if TYPE_CHECKING:
    from rr_booking.wiring import Services

MAX_EXDATES = 1000


def _dates(values: list[str]) -> list[date]:
    try:
        return [date.fromisoformat(v) for v in values]
    except ValueError as exc:
        raise InvalidRecurrence("Dates to skip must look like 2030-06-30.") from exc


def new_series(request: booking_pb2.CreateSeriesRequest) -> NewSeries:
    start, end = required_range(
        request.start_time, request.end_time, request.HasField("start_time"), request.HasField("end_time")
    )
    rec = request.recurrence
    if not rec.rrule and not rec.frequency:
        raise InvalidRecurrence("recurrence needs an rrule or a frequency.")
    if len(rec.exdates) + len(rec.skip_dates) > MAX_EXDATES:
        raise InvalidRecurrence(f"At most {MAX_EXDATES} exclusions.")
    simple = None
    if not rec.rrule:
        simple = SimpleRecurrence(
            rec.frequency, rec.interval, list(rec.days_of_week), rec.end_type, rec.end_date, rec.occurrence_count
        )
    return NewSeries(
        resource_id=request.resource_id,
        start=start,
        end=end,
        rrule=rec.rrule,
        simple=simple,
        exdates=[from_timestamp(d) for d in rec.exdates],
        skip_dates=_dates(list(rec.skip_dates)),
        conflict_policy=request.conflict_policy or "all_or_nothing",
        notes=request.notes[:2000],
        idempotency_key=request.idempotency_key[:200],
    )


class SeriesHandlers:
    app: Services

    async def CreateSeries(
        self, request: booking_pb2.CreateSeriesRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.CreateSeriesResponse:
        who = require_principal()
        new = new_series(request)
        async with self.app.db.session() as session:
            outcome = await self.app.series.create(session, who, new)
        return booking_pb2.CreateSeriesResponse(
            series=series_pb(outcome.series),
            created=[reservation_pb(r) for r in outcome.created],
            skipped=[
                booking_pb2.OccurrenceOutcome(
                    start_time=to_timestamp(s.start), end_time=to_timestamp(s.end), code=s.code, reason=s.reason
                )
                for s in outcome.skipped
            ],
        )

    async def GetSeries(
        self, request: booking_pb2.GetSeriesRequest, context: grpc.aio.ServicerContext
    ) -> booking_pb2.GetSeriesResponse:
        who = require_principal()
        async with self.app.db.reader() as session:
            view = await self.app.series.view(session, who, request.id, request.occurrence_limit)
        return booking_pb2.GetSeriesResponse(
            series=series_pb(view.series),
            exceptions=[
                booking_pb2.SeriesException(
                    recurrence_id=to_timestamp(e.recurrence_id), kind=e.kind, reservation=reservation_pb(e.reservation)
                )
                for e in view.exceptions
            ],
            occurrences=[reservation_pb(r) for r in view.occurrences],
            occurrence_count=view.occurrence_count,
            notes=view.series.notes,
        )
