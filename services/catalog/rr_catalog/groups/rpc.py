"""gRPC handlers for resource groups."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2

from rr_catalog.mapping import group_pb
from rr_catalog.wiring import Services
from rr_common.authz import require_manager, require_principal
from rr_common.pagination import clamp_limit, page_info


class GroupRpc:
    app: Services

    async def CreateGroup(
        self, request: catalog_pb2.CreateGroupRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GroupResponse:
        require_manager()
        parent = request.parent_id if request.HasField("parent_id") else None
        async with self.app.db.session() as session:
            found = await self.app.groups.create(session, request.name, request.description, parent)
        return catalog_pb2.GroupResponse(group=group_pb(found))

    async def GetGroup(
        self, request: catalog_pb2.GetGroupRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GroupResponse:
        require_principal()
        async with self.app.db.session() as session:
            found = await self.app.groups.get(session, request.id)
        return catalog_pb2.GroupResponse(group=group_pb(found))

    async def ListGroups(
        self, request: catalog_pb2.ListGroupsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListGroupsResponse:
        require_principal()
        limit = clamp_limit(request.page.limit)
        async with self.app.db.session() as session:
            page = await self.app.groups.page(session, request.root_id, request.page.cursor, limit)
        return catalog_pb2.ListGroupsResponse(
            groups=[group_pb(g) for g in page.groups],
            page=page_info(page),
        )

    async def UpdateGroup(
        self, request: catalog_pb2.UpdateGroupRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GroupResponse:
        require_manager()
        name = request.name if request.HasField("name") else None
        description = request.description if request.HasField("description") else None
        parent = request.parent_id if request.HasField("parent_id") else None
        async with self.app.db.session() as session:
            found = await self.app.groups.update(session, request.id, name, description, request.move, parent)
        return catalog_pb2.GroupResponse(group=group_pb(found))

    async def DeleteGroup(
        self, request: catalog_pb2.DeleteGroupRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.DeleteGroupResponse:
        require_manager()
        async with self.app.db.session() as session:
            await self.app.groups.delete(session, request.id)
        return catalog_pb2.DeleteGroupResponse()

    async def MoveResources(
        self, request: catalog_pb2.MoveResourcesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.MoveResourcesResponse:
        require_manager()
        async with self.app.db.session() as session:
            moved = await self.app.groups.move_resources(session, request.group_id, request.resource_ids)
        return catalog_pb2.MoveResourcesResponse(moved=moved)
