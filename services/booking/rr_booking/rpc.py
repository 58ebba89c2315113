"""BookingService: its calls are grouped by subdomain, each group in its own module."""

from __future__ import annotations

from rr.booking.v1 import booking_pb2_grpc

from rr_booking.holds.rpc import HoldHandlers
from rr_booking.lifecycle.rpc import LifecycleHandlers
from rr_booking.recurrence.rpc import SeriesHandlers
from rr_booking.reservations.rpc import ReservationHandlers
from rr_booking.schedule.rpc import ScheduleHandlers
from rr_booking.wiring import Services


class BookingServicer(
    ReservationHandlers,
    SeriesHandlers,
    ScheduleHandlers,
    HoldHandlers,
    LifecycleHandlers,
    booking_pb2_grpc.BookingServiceServicer,
):
    def __init__(self, app: Services) -> None:
        self.app = app
