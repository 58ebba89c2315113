"""gRPC handlers for status and maintenance."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.mapping import labelled_pb
from rr_catalog.status.domain import status_change
from rr_catalog.wiring import Services
from rr_common.authz import require_manager, require_principal
from rr_common.timeconv import from_timestamp, utcnow


class StatusRpc:
    app: Services

    async def SetResourceStatus(
        self, request: catalog_pb2.SetResourceStatusRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SetResourceStatusResponse:
        require_manager()
        until = from_timestamp(request.until) if request.HasField("until") else None
        change = status_change(request.status, request.reason, until, utcnow())
        async with self.app.db.session() as session:
            found = await self.app.status.set(session, request.id, change)
        return catalog_pb2.SetResourceStatusResponse(resource=labelled_pb(found))

    async def SummarizeStatuses(
        self, request: catalog_pb2.SummarizeStatusesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SummarizeStatusesResponse:
        require_principal()
        async with self.app.db.session() as session:
            counts = await self.app.status.summarize(session)
        return catalog_pb2.SummarizeStatusesResponse(**counts, total=sum(counts.values()))
