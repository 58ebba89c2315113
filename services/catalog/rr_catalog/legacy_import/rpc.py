"""rr.catalog.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TypeAlias

import grpc
from rr.catalog.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_catalog.legacy_import.service import ResourceImport
from rr_catalog.legacy_import.taxonomy import TaxonomyImport
from rr_common.db import Database
from rr_common.legacy_import import require_importer

Context: TypeAlias = grpc.aio.ServicerContext


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.resources = ResourceImport()
        self.taxonomy = TaxonomyImport()

    async def ImportResources(
        self, request: legacy_import_pb2.ImportResourcesRequest, context: Context
    ) -> legacy_import_pb2.ImportResourcesResponse:
        require_importer()
        async with self.db.session() as session:
            rows = await self.resources.run(session, request.resources, request.dry_run, request.source)
            return legacy_import_pb2.ImportResourcesResponse(rows=rows)

    async def ImportGroups(
        self, request: legacy_import_pb2.ImportGroupsRequest, context: Context
    ) -> legacy_import_pb2.ImportGroupsResponse:
        require_importer()
        async with self.db.session() as session:
            rows = await self.taxonomy.groups(session, request.groups, request.dry_run, request.source)
            return legacy_import_pb2.ImportGroupsResponse(rows=rows)

    async def ImportLabels(
        self, request: legacy_import_pb2.ImportLabelsRequest, context: Context
    ) -> legacy_import_pb2.ImportLabelsResponse:
        require_importer()
        async with self.db.session() as session:
            rows = await self.taxonomy.labels(session, request.labels, request.dry_run, request.source)
            return legacy_import_pb2.ImportLabelsResponse(rows=rows)
