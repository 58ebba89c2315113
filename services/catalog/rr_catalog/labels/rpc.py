"""gRPC handlers for labels."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.mapping import label_pb
from rr_catalog.wiring import Services
from rr_common.authz import require_manager, require_principal
from rr_common.pagination import clamp_limit, page_info


class LabelRpc:
    app: Services

    async def CreateLabel(
        self, request: catalog_pb2.CreateLabelRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.LabelResponse:
        require_manager()
        async with self.app.db.session() as session:
            label = await self.app.labels.create(session, request.name, request.color, request.description)
        return catalog_pb2.LabelResponse(label=label_pb(label))

    async def ListLabels(
        self, request: catalog_pb2.ListLabelsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListLabelsResponse:
        require_principal()
        async with self.app.db.session() as session:
            page = await self.app.labels.page(session, request.page.cursor, clamp_limit(request.page.limit))
        return catalog_pb2.ListLabelsResponse(
            labels=[label_pb(label) for label in page.labels],
            page=page_info(page),
        )

    async def UpdateLabel(
        self, request: catalog_pb2.UpdateLabelRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.LabelResponse:
        require_manager()
        name = request.name if request.HasField("name") else None
        color = request.color if request.HasField("color") else None
        description = request.description if request.HasField("description") else None
        async with self.app.db.session() as session:
            label = await self.app.labels.update(session, request.id, name, color, description)
        return catalog_pb2.LabelResponse(label=label_pb(label))

    async def DeleteLabel(
        self, request: catalog_pb2.DeleteLabelRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.DeleteLabelResponse:
        require_manager()
        async with self.app.db.session() as session:
            await self.app.labels.delete(session, request.id)
        return catalog_pb2.DeleteLabelResponse()

    async def SetLabelAssignments(
        self, request: catalog_pb2.SetLabelAssignmentsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.SetLabelAssignmentsResponse:
        require_manager()
        async with self.app.db.session() as session:
            changed = await self.app.labels.set_assignments(
                session, request.label_id, request.resource_ids, request.assigned
            )
        return catalog_pb2.SetLabelAssignmentsResponse(changed=changed)
