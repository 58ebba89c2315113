"""Labels: coloured tags for filtering resources (`/resources?labels=1,2`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.catalog_labels import ChangedOut, LabelAssignIn, LabelIn, LabelOut, LabelPatch
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.security import CurrentCaller, ManagerCaller

router = APIRouter(prefix="/labels", tags=["labels"], responses=ERROR_RESPONSES)
LabelId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[LabelOut], summary="Labels")
async def list_labels(
    caller: CurrentCaller,
    up: UpstreamsDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Page[LabelOut]:
    request = catalog_pb2.ListLabelsRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor))
    answer = await up.catalog.ListLabels(request, metadata=caller.metadata)
    return page_of([LabelOut.of(label) for label in answer.labels], answer.page)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LabelOut, summary="Create a label (admin/manager)")
async def create_label(body: LabelIn, caller: ManagerCaller, up: UpstreamsDep) -> LabelOut:
    request = catalog_pb2.CreateLabelRequest(name=body.name, color=body.color, description=body.description)
    return LabelOut.of((await up.catalog.CreateLabel(request, metadata=caller.metadata)).label)


@router.patch("/{label_id}", response_model=LabelOut, summary="Rename or recolour a label (admin/manager)")
async def update_label(label_id: LabelId, body: LabelPatch, caller: ManagerCaller, up: UpstreamsDep) -> LabelOut:
    request = catalog_pb2.UpdateLabelRequest(id=label_id)
    for name in ("name", "color", "description"):
        if getattr(body, name) is not None:
            setattr(request, name, getattr(body, name))
    return LabelOut.of((await up.catalog.UpdateLabel(request, metadata=caller.metadata)).label)


@router.delete(
    "/{label_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a label; it comes off every resource (admin/manager)",
)
async def delete_label(label_id: LabelId, caller: ManagerCaller, up: UpstreamsDep) -> Response:
    await up.catalog.DeleteLabel(catalog_pb2.DeleteLabelRequest(id=label_id), metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{label_id}/assign", response_model=ChangedOut, summary="Put the label on resources (admin/manager)")
async def assign_label(label_id: LabelId, body: LabelAssignIn, caller: ManagerCaller, up: UpstreamsDep) -> ChangedOut:
    request = catalog_pb2.SetLabelAssignmentsRequest(label_id=label_id, resource_ids=body.resource_ids, assigned=True)
    return ChangedOut(changed=(await up.catalog.SetLabelAssignments(request, metadata=caller.metadata)).changed)


@router.post("/{label_id}/unassign", response_model=ChangedOut, summary="Take the label off resources (admin/manager)")
async def unassign_label(label_id: LabelId, body: LabelAssignIn, caller: ManagerCaller, up: UpstreamsDep) -> ChangedOut:
    request = catalog_pb2.SetLabelAssignmentsRequest(label_id=label_id, resource_ids=body.resource_ids, assigned=False)
    return ChangedOut(changed=(await up.catalog.SetLabelAssignments(request, metadata=caller.metadata)).changed)
