"""Site-wide business hours and blackout dates (mounted under /site).

Every resource without hours of its own opens by the site's hours, in its own time zone; every
resource is closed on the site's blackout days in addition to its own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Response, status
from rr.catalog.v1 import catalog_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.readers import CatalogReader
from rr_gateway.schemas.catalog_hours import (
    BlackoutIn,
    OpeningIntervalIO,
    SiteBlackoutOut,
    SiteBusinessHoursOut,
    intervals_pb,
)
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, whole_page
from rr_gateway.security import ManagerCaller

router = APIRouter(prefix="/site", tags=["site"], responses=ERROR_RESPONSES)
BlackoutId = Annotated[int, Path(ge=1, le=2**62)]


@router.get(
    "/business-hours",
    response_model=SiteBusinessHoursOut,
    summary="Site-wide opening hours (each resource's local time)",
)
async def get_hours(reader: CatalogReader, up: UpstreamsDep) -> SiteBusinessHoursOut:
    answer = await up.catalog.GetSiteBusinessHours(catalog_pb2.GetSiteBusinessHoursRequest(), metadata=reader.metadata)
    return SiteBusinessHoursOut.of(answer)


@router.put(
    "/business-hours",
    response_model=SiteBusinessHoursOut,
    summary="Replace the site-wide week (admin/manager); resources without hours of their own follow it; [] means open around the clock",
)
async def set_hours(
    caller: ManagerCaller, up: UpstreamsDep, intervals: Annotated[list[OpeningIntervalIO], Body(max_length=70)]
) -> SiteBusinessHoursOut:
    request = catalog_pb2.SetSiteBusinessHoursRequest(intervals=intervals_pb(intervals))
    return SiteBusinessHoursOut.of(await up.catalog.SetSiteBusinessHours(request, metadata=caller.metadata))


@router.get("/blackout-dates", response_model=Page[SiteBlackoutOut], summary="Days every resource is closed")
async def list_blackouts(reader: CatalogReader, up: UpstreamsDep) -> Page[SiteBlackoutOut]:
    answer = await up.catalog.ListSiteBlackouts(catalog_pb2.ListSiteBlackoutsRequest(), metadata=reader.metadata)
    return whole_page([SiteBlackoutOut.of(b) for b in answer.blackouts])


@router.post(
    "/blackout-dates",
    status_code=status.HTTP_201_CREATED,
    response_model=SiteBlackoutOut,
    summary="Close every resource on some days (admin/manager)",
)
async def add_blackout(body: BlackoutIn, caller: ManagerCaller, up: UpstreamsDep) -> SiteBlackoutOut:
    request = catalog_pb2.AddSiteBlackoutRequest(**body.request_fields())
    return SiteBlackoutOut.of((await up.catalog.AddSiteBlackout(request, metadata=caller.metadata)).blackout)


@router.delete(
    "/blackout-dates/{blackout_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Reopen: remove a site-wide blackout (admin/manager)",
)
async def remove_blackout(blackout_id: BlackoutId, caller: ManagerCaller, up: UpstreamsDep) -> Response:
    await up.catalog.RemoveSiteBlackout(catalog_pb2.RemoveSiteBlackoutRequest(id=blackout_id), metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
