"""Status and maintenance of resources (mounted under /resources)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from rr.catalog.v1 import catalog_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.readers import CatalogReader
from rr_gateway.schemas.catalog_status import StatusOut, StatusSummaryOut, UnavailableIn
from rr_gateway.schemas.common import ERROR_RESPONSES, to_pb_time
from rr_gateway.security import ManagerCaller

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
ResourceId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("/availability/summary", response_model=StatusSummaryOut, summary="How many resources are in each status")
async def status_summary(reader: CatalogReader, up: UpstreamsDep) -> StatusSummaryOut:
    answer = await up.catalog.SummarizeStatuses(catalog_pb2.SummarizeStatusesRequest(), metadata=reader.metadata)
    return StatusSummaryOut(
        available=answer.available, unavailable=answer.unavailable, maintenance=answer.maintenance, total=answer.total
    )


@router.get("/{resource_id}/status", response_model=StatusOut, summary="A resource's status")
async def get_status(resource_id: ResourceId, reader: CatalogReader, up: UpstreamsDep) -> StatusOut:
    answer = await up.catalog.GetResource(catalog_pb2.GetResourceRequest(id=resource_id), metadata=reader.metadata)
    return StatusOut.of(answer.resource)


@router.put(
    "/{resource_id}/status/available",
    response_model=StatusOut,
    summary="Make a resource bookable again (admin/manager)",
)
async def set_available(resource_id: ResourceId, caller: ManagerCaller, up: UpstreamsDep) -> StatusOut:
    request = catalog_pb2.SetResourceStatusRequest(id=resource_id, status="available")
    answer = await up.catalog.SetResourceStatus(request, metadata=caller.metadata)
    return StatusOut.of(answer.resource)


@router.put(
    "/{resource_id}/status/unavailable",
    response_model=StatusOut,
    summary="Take a resource out of service, optionally until a time (admin/manager)",
)
async def set_unavailable(
    resource_id: ResourceId, caller: ManagerCaller, up: UpstreamsDep, body: UnavailableIn | None = None
) -> StatusOut:
    body = body or UnavailableIn()
    request = catalog_pb2.SetResourceStatusRequest(
        id=resource_id, status="maintenance" if body.maintenance else "unavailable", reason=body.reason
    )
    if body.until is not None:
        request.until.CopyFrom(to_pb_time(body.until))
    answer = await up.catalog.SetResourceStatus(request, metadata=caller.metadata)
    return StatusOut.of(answer.resource)
