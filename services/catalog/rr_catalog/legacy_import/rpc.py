"""rr.catalog.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.catalog.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_common.legacy_import import import_batch

if TYPE_CHECKING:
    from rr_catalog.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ImportResources(
        self, request: legacy_import_pb2.ImportResourcesRequest, context: Context
    ) -> legacy_import_pb2.ImportResourcesResponse:
        rows = await import_batch(self.app.db, self.app.resource_import.run, request.resources, request)
        return legacy_import_pb2.ImportResourcesResponse(rows=rows)

    async def ImportGroups(
        self, request: legacy_import_pb2.ImportGroupsRequest, context: Context
    ) -> legacy_import_pb2.ImportGroupsResponse:
        rows = await import_batch(self.app.db, self.app.taxonomy_import.groups, request.groups, request)
        return legacy_import_pb2.ImportGroupsResponse(rows=rows)

    async def ImportLabels(
        self, request: legacy_import_pb2.ImportLabelsRequest, context: Context
    ) -> legacy_import_pb2.ImportLabelsResponse:
        rows = await import_batch(self.app.db, self.app.taxonomy_import.labels, request.labels, request)
        return legacy_import_pb2.ImportLabelsResponse(rows=rows)
