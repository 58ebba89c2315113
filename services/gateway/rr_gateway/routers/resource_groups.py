"""Resource groups: a tree of sites, buildings, floors ... and moving resources between them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.catalog_groups import GroupIn, GroupOut, GroupPatch, GroupTreeOut, MovedOut, MoveResourcesIn
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.security import CurrentCaller, ManagerCaller

router = APIRouter(prefix="/resource-groups", tags=["resource groups"], responses=ERROR_RESPONSES)
GroupId = Annotated[int, Path(ge=1, le=2**62)]
TREE_MAX = 1000


@router.get("", response_model=Page[GroupOut], summary="Groups in tree order (parents before children)")
async def list_groups(
    caller: CurrentCaller,
    up: UpstreamsDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Page[GroupOut]:
    request = catalog_pb2.ListGroupsRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor))
    answer = await up.catalog.ListGroups(request, metadata=caller.metadata)
    return page_of([GroupOut.of(g) for g in answer.groups], answer.page)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=GroupOut, summary="Create a group (admin/manager)")
async def create_group(body: GroupIn, caller: ManagerCaller, up: UpstreamsDep) -> GroupOut:
    request = catalog_pb2.CreateGroupRequest(name=body.name, description=body.description)
    if body.parent_id is not None:
        request.parent_id = body.parent_id
    return GroupOut.of((await up.catalog.CreateGroup(request, metadata=caller.metadata)).group)


@router.get("/{group_id}", response_model=GroupOut, summary="One group")
async def get_group(group_id: GroupId, caller: CurrentCaller, up: UpstreamsDep) -> GroupOut:
    return GroupOut.of(
        (await up.catalog.GetGroup(catalog_pb2.GetGroupRequest(id=group_id), metadata=caller.metadata)).group
    )


@router.get("/{group_id}/tree", response_model=GroupTreeOut, summary="A group with everything below it, nested")
async def group_tree(group_id: GroupId, caller: CurrentCaller, up: UpstreamsDep) -> GroupTreeOut:
    nodes: dict[int, GroupTreeOut] = {}
    cursor = ""
    while len(nodes) < TREE_MAX:
        request = catalog_pb2.ListGroupsRequest(page=common_pb2.PageRequest(limit=100, cursor=cursor), root_id=group_id)
        answer = await up.catalog.ListGroups(request, metadata=caller.metadata)
        for g in answer.groups:  # tree order: a parent always arrives before its children
            node = nodes[g.id] = GroupTreeOut(**GroupOut.of(g).model_dump())
            if node.parent_id in nodes and node.id != group_id:
                nodes[node.parent_id].children.append(node)
        if not answer.page.has_more:
            break
        cursor = answer.page.next_cursor
    return nodes[group_id]


@router.patch("/{group_id}", response_model=GroupOut, summary="Rename or move a group with its subtree (admin/manager)")
async def update_group(group_id: GroupId, body: GroupPatch, caller: ManagerCaller, up: UpstreamsDep) -> GroupOut:
    request = catalog_pb2.UpdateGroupRequest(id=group_id, move="parent_id" in body.model_fields_set)
    if body.name is not None:
        request.name = body.name
    if body.description is not None:
        request.description = body.description
    if body.parent_id is not None:
        request.parent_id = body.parent_id
    return GroupOut.of((await up.catalog.UpdateGroup(request, metadata=caller.metadata)).group)


@router.delete(
    "/{group_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete an empty group (admin/manager)",
    responses={409: {"description": "It still has subgroups or resources"}},
)
async def delete_group(group_id: GroupId, caller: ManagerCaller, up: UpstreamsDep) -> Response:
    await up.catalog.DeleteGroup(catalog_pb2.DeleteGroupRequest(id=group_id), metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{group_id}/resources", response_model=MovedOut, summary="Move resources into this group (admin/manager)")
async def move_resources(group_id: GroupId, body: MoveResourcesIn, caller: ManagerCaller, up: UpstreamsDep) -> MovedOut:
    request = catalog_pb2.MoveResourcesRequest(group_id=group_id, resource_ids=body.resource_ids)
    return MovedOut(moved=(await up.catalog.MoveResources(request, metadata=caller.metadata)).moved)
