"""rr.waitlist.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TypeAlias

import grpc
from rr.waitlist.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_common.db import Database
from rr_common.legacy_import import require_importer
from rr_waitlist.legacy_import.service import EntryImport

Context: TypeAlias = grpc.aio.ServicerContext


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.entries = EntryImport()

    async def ImportEntries(
        self, request: legacy_import_pb2.ImportEntriesRequest, context: Context
    ) -> legacy_import_pb2.ImportEntriesResponse:
        require_importer()
        async with self.db.session() as session:
            rows = await self.entries.run(session, request.entries, request.dry_run, request.source)
            return legacy_import_pb2.ImportEntriesResponse(rows=rows)
