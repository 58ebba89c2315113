"""rr.booking.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.booking.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_booking.legacy_import.calendars import import_calendar_tokens
from rr_common.legacy_import import import_batch

if TYPE_CHECKING:
    from rr_booking.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ImportSeries(
        self, request: legacy_import_pb2.ImportSeriesRequest, context: Context
    ) -> legacy_import_pb2.ImportSeriesResponse:
        rows = await import_batch(self.app.db, self.app.reservation_import.series, request.series, request)
        return legacy_import_pb2.ImportSeriesResponse(rows=rows)

    async def ImportReservations(
        self, request: legacy_import_pb2.ImportReservationsRequest, context: Context
    ) -> legacy_import_pb2.ImportReservationsResponse:
        rows = await import_batch(self.app.db, self.app.reservation_import.reservations, request.reservations, request)
        return legacy_import_pb2.ImportReservationsResponse(rows=rows)

    async def ImportCalendarTokens(
        self, request: legacy_import_pb2.ImportCalendarTokensRequest, context: Context
    ) -> legacy_import_pb2.ImportCalendarTokensResponse:
        rows = await import_batch(self.app.db, import_calendar_tokens, request.tokens, request)
        return legacy_import_pb2.ImportCalendarTokensResponse(rows=rows)
