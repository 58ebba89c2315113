"""Business hours and blackout dates of a resource (mounted under /resources)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Response, status
from rr.catalog.v1 import catalog_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.catalog_hours import BlackoutIn, BlackoutOut, BusinessHoursOut, OpeningIntervalIO, intervals_pb
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, whole_page
from rr_gateway.security import CurrentCaller, ManagerCaller

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
ResourceId = Annotated[int, Path(ge=1, le=2**62)]
BlackoutId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("/{resource_id}/business-hours", response_model=BusinessHoursOut, summary="Opening hours (local time)")
async def get_hours(resource_id: ResourceId, caller: CurrentCaller, up: UpstreamsDep) -> BusinessHoursOut:
    answer = await up.catalog.GetBusinessHours(
        catalog_pb2.GetBusinessHoursRequest(resource_id=resource_id), metadata=caller.metadata
    )
    return BusinessHoursOut.of(answer)


@router.put(
    "/{resource_id}/business-hours",
    response_model=BusinessHoursOut,
    summary="Replace the week's opening hours (admin/manager); [] returns to the site-wide hours",
)
async def set_hours(
    resource_id: ResourceId,
    caller: ManagerCaller,
    up: UpstreamsDep,
    intervals: Annotated[list[OpeningIntervalIO], Body(max_length=70)],
) -> BusinessHoursOut:
    request = catalog_pb2.SetBusinessHoursRequest(resource_id=resource_id, intervals=intervals_pb(intervals))
    return BusinessHoursOut.of(await up.catalog.SetBusinessHours(request, metadata=caller.metadata))


@router.get("/{resource_id}/blackout-dates", response_model=Page[BlackoutOut], summary="Days the resource is closed")
async def list_blackouts(resource_id: ResourceId, caller: CurrentCaller, up: UpstreamsDep) -> Page[BlackoutOut]:
    answer = await up.catalog.ListBlackouts(
        catalog_pb2.ListBlackoutsRequest(resource_id=resource_id), metadata=caller.metadata
    )
    return whole_page([BlackoutOut.of(b) for b in answer.blackouts])


@router.post(
    "/{resource_id}/blackout-dates",
    status_code=status.HTTP_201_CREATED,
    response_model=BlackoutOut,
    summary="Close the resource on some days (admin/manager)",
)
async def add_blackout(
    resource_id: ResourceId, body: BlackoutIn, caller: ManagerCaller, up: UpstreamsDep
) -> BlackoutOut:
    request = catalog_pb2.AddBlackoutRequest(resource_id=resource_id, **body.request_fields())
    return BlackoutOut.of((await up.catalog.AddBlackout(request, metadata=caller.metadata)).blackout)


@router.delete(
    "/{resource_id}/blackout-dates/{blackout_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Reopen: remove a blackout (admin/manager)",
)
async def remove_blackout(
    resource_id: ResourceId, blackout_id: BlackoutId, caller: ManagerCaller, up: UpstreamsDep
) -> Response:
    request = catalog_pb2.RemoveBlackoutRequest(id=blackout_id, resource_id=resource_id)
    await up.catalog.RemoveBlackout(request, metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
