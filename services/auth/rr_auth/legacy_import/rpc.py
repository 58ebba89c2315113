"""rr.auth.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TypeAlias

import grpc
from rr.auth.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_auth.legacy_import.service import UserImport
from rr_auth.rpc.guard import rejecting_nul
from rr_common.db import Database
from rr_common.legacy_import import require_importer

Context: TypeAlias = grpc.aio.ServicerContext


@rejecting_nul
class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, db: Database, users: UserImport) -> None:
        self.db = db
        self.users = users

    async def ImportUsers(
        self, request: legacy_import_pb2.ImportUsersRequest, context: Context
    ) -> legacy_import_pb2.ImportUsersResponse:
        require_importer()
        async with self.db.session() as session:
            rows = await self.users.run(session, request.users, request.dry_run, request.source)
            return legacy_import_pb2.ImportUsersResponse(rows=rows)
