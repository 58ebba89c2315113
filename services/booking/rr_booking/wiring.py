"""The services booking is made of, built once by the composition root and shared by servicers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rr_booking.analytics.service import AnalyticsService
from rr_booking.approvals.service import ApprovalService
from rr_booking.bulk.service import BulkService
from rr_booking.calendars.service import CalendarService
from rr_booking.config import Settings
from rr_booking.holds.service import HoldService
from rr_booking.legacy_import.service import ReservationImport
from rr_booking.lifecycle.service import LifecycleService
from rr_booking.projection.service import ProjectedCatalog
from rr_booking.quotas.service import QuotaService
from rr_booking.recurrence.moves import MoveService
from rr_booking.recurrence.service import SeriesService
from rr_booking.reservations.placement import Placer
from rr_booking.reservations.service import ReservationService
from rr_booking.schedule.service import ScheduleService
from rr_common.db import Database


@dataclass(frozen=True)
class Services:
    db: Database
    settings: Settings
    catalog: ProjectedCatalog
    quotas: QuotaService
    reservations: ReservationService
    series: SeriesService
    moves: MoveService
    holds: HoldService
    approvals: ApprovalService
    schedule: ScheduleService
    lifecycle: LifecycleService
    calendars: CalendarService
    analytics: AnalyticsService
    bulk: BulkService
    reservation_import: ReservationImport

    @property
    def max_duration(self) -> timedelta:
        return timedelta(days=self.settings.max_reservation_days)


def build_services(db: Database, settings: Settings, catalog: ProjectedCatalog) -> Services:
    max_duration = timedelta(days=settings.max_reservation_days)
    approval_expiry = timedelta(hours=settings.approval_expiry_hours)
    placer = Placer(catalog, approval_expiry)
    quotas = QuotaService(max_duration)
    reservations = ReservationService(placer, quotas, max_duration, timedelta(minutes=settings.check_in_opens_minutes))
    return Services(
        db=db,
        settings=settings,
        catalog=catalog,
        quotas=quotas,
        reservations=reservations,
        series=SeriesService(placer, quotas, max_duration, settings.max_series_occurrences),
        moves=MoveService(reservations, placer, max_duration),
        holds=HoldService(placer, max_duration, timedelta(minutes=settings.hold_default_minutes), approval_expiry),
        approvals=ApprovalService(catalog, placer, reservations, max_duration),
        schedule=ScheduleService(catalog),
        lifecycle=LifecycleService(db, settings.sweep_batch_size),
        calendars=CalendarService(reservations),
        analytics=AnalyticsService(db, catalog, max_duration),
        bulk=BulkService(placer, quotas, max_duration),
        reservation_import=ReservationImport(),
    )
