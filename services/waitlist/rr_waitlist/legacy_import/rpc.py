"""rr.waitlist.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.waitlist.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_common.legacy_import import import_batch

if TYPE_CHECKING:
    from rr_waitlist.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ImportEntries(
        self, request: legacy_import_pb2.ImportEntriesRequest, context: Context
    ) -> legacy_import_pb2.ImportEntriesResponse:
        rows = await import_batch(self.app.db, self.app.entry_import.run, request.entries, request)
        return legacy_import_pb2.ImportEntriesResponse(rows=rows)
