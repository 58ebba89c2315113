"""rr.auth.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.auth.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_auth.guard import rejecting_nul
from rr_common.legacy_import import import_batch

if TYPE_CHECKING:
    from rr_auth.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


@rejecting_nul
class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ImportUsers(
        self, request: legacy_import_pb2.ImportUsersRequest, context: Context
    ) -> legacy_import_pb2.ImportUsersResponse:
        rows = await import_batch(self.app.db, self.app.user_import.run, request.users, request)
        return legacy_import_pb2.ImportUsersResponse(rows=rows)
