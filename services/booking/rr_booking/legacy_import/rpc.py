"""rr.booking.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TypeAlias

import grpc
from rr.booking.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_booking.legacy_import.calendars import import_calendar_tokens
from rr_booking.legacy_import.service import ReservationImport
from rr_common.db import Database
from rr_common.legacy_import import require_importer

Context: TypeAlias = grpc.aio.ServicerContext


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.imports = ReservationImport()

    async def ImportSeries(
        self, request: legacy_import_pb2.ImportSeriesRequest, context: Context
    ) -> legacy_import_pb2.ImportSeriesResponse:
        require_importer()
        async with self.db.session() as session:
            return legacy_import_pb2.ImportSeriesResponse(
                rows=await self.imports.series(session, request.series, request.dry_run, request.source)
            )

    async def ImportReservations(
        self, request: legacy_import_pb2.ImportReservationsRequest, context: Context
    ) -> legacy_import_pb2.ImportReservationsResponse:
        require_importer()
        async with self.db.session() as session:
            rows = await self.imports.reservations(session, request.reservations, request.dry_run, request.source)
            return legacy_import_pb2.ImportReservationsResponse(rows=rows)

    async def ImportCalendarTokens(
        self, request: legacy_import_pb2.ImportCalendarTokensRequest, context: Context
    ) -> legacy_import_pb2.ImportCalendarTokensResponse:
        require_importer()
        async with self.db.session() as session:
            rows = await import_calendar_tokens(session, request.tokens, request.dry_run, request.source)
            return legacy_import_pb2.ImportCalendarTokensResponse(rows=rows)
