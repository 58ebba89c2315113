"""GET /resources/search: the list's filters plus an availability window. Catalog narrows the
candidates (status, hours, blackouts, rules), booking names the busy ones in one batch call,
and catalog renders the page of what is left.

Without a window the search is the list: the same page, from the same cache. With one it is
never cached: booking's changes, which decide what is free, do not empty a cache that follows
catalog's events (rr_gateway.read_cache).

GET /resources/available-slots: the list's filters, a window and a length: each resource of the
page with the free windows where a booking of that length fits. Not cached, for the same reason."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime
from rr.booking.v1 import booking_pb2
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.errors import InvalidInput, InvalidRange, InvalidTimeRange, RangeTooLong
from rr_gateway.deps import UpstreamsDep
from rr_gateway.readers import CatalogReader
from rr_gateway.routers.resources import CACHED_NOTE, UNCHANGED, cached_list
from rr_gateway.schemas.booking_slots import SCHEDULE_DAYS, AvailableSlotsOut, Duration, WindowOut
from rr_gateway.schemas.catalog_filters import ResourceFilters
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of, to_pb_time
from rr_gateway.schemas.resources import ResourceOut
from rr_gateway.slots import Range, check_before_latest, check_bookable_era, fit_for, windows
from rr_gateway.upstreams import Upstreams

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
# The most resources booking answers about in one ListBusyResources call.
BUSY_BATCH = 10_000
# Schedules asked of booking at once for one page of available-slots.
SCHEDULES_AT_ONCE = 10


@router.get(
    "/search",
    response_model=Page[ResourceOut],
    summary="Search resources, optionally only those free for a whole window",
    description="Without a window, the list's page from the list's cache: " + CACHED_NOTE + " With a window the answer "
    "depends on bookings and is not cached.",
    responses=UNCHANGED,
)
async def search_resources(
    reader: CatalogReader,
    up: UpstreamsDep,
    filters: ResourceFilters,
    request: Request,
    available_from: Annotated[
        AwareDatetime | None, Query(description="With available_until: only resources free for the whole window")
    ] = None,
    available_until: Annotated[AwareDatetime | None, Query()] = None,
) -> Page[ResourceOut] | Response:
    if available_from is None and available_until is None:
        return await cached_list(request, reader, up, filters)
    if available_from is None or available_until is None or available_until <= available_from:
        raise InvalidRange("Give both available_from and a later available_until, with a UTC offset.")
    check_bookable_era(available_from, "available_from")
    check_bookable_era(available_until, "available_until")
    window = common_pb2.TimeRange(start=to_pb_time(available_from), end=to_pb_time(available_until))
    free = await free_candidates(up, reader.metadata, filters, window)
    if not free:
        return Page[ResourceOut](data=[], has_more=False)
    # Only the first limit+1 free ids: catalog pages them in the same order with a real cursor.
    filters.only_ids.extend(free[: filters.page.limit + 1])
    filters.include_total = False
    answer = await up.catalog.ListResources(filters, metadata=reader.metadata)
    return page_of([ResourceOut.of(r) for r in answer.resources], answer.page)


async def free_candidates(
    up: Upstreams,
    metadata: tuple[tuple[str, str], ...],
    filters: catalog_pb2.ListResourcesRequest,
    window: common_pb2.TimeRange,
) -> list[int]:
    """Free ids in list order, at least limit+1 of them when there are that many: candidates go
    to booking in batches of its maximum, and asking stops once the page is full."""
    request = catalog_pb2.ListAvailabilityCandidatesRequest(filters=filters, window=window)
    candidates = list((await up.catalog.ListAvailabilityCandidates(request, metadata=metadata)).resource_ids)
    wanted = filters.page.limit + 1
    free: list[int] = []
    for first in range(0, len(candidates), BUSY_BATCH):
        batch = candidates[first : first + BUSY_BATCH]
        busy_request = booking_pb2.ListBusyResourcesRequest(resource_ids=batch, range=window)
        busy = set((await up.booking.ListBusyResources(busy_request, metadata=metadata)).busy_resource_ids)
        free += [resource_id for resource_id in batch if resource_id not in busy]
        if len(free) >= wanted:
            break
    return free


@router.get(
    "/available-slots",
    response_model=Page[AvailableSlotsOut],
    summary="Which resources have free time of a given length in a window, and when",
    description="Filters as for the list (`group_id`, `tags`, `q`, ...). A page holds the resources of one page of the "
    "list that have at least one window, so it may hold fewer than `limit`; follow `next_cursor` for more.",
)
async def available_slots(
    reader: CatalogReader,
    up: UpstreamsDep,
    filters: ResourceFilters,
    duration: Duration,
    start: Annotated[AwareDatetime, Query(description="Window start, with its UTC offset")],
    end: Annotated[AwareDatetime, Query(description="Window end, with its UTC offset")],
) -> Page[AvailableSlotsOut]:
    if end <= start:
        raise InvalidTimeRange("end must be after start.")
    if end - start > timedelta(days=SCHEDULE_DAYS):
        raise RangeTooLong(f"Ask about at most {SCHEDULE_DAYS} days at a time.")
    check_before_latest(end, "end")
    answer = await up.catalog.ListResources(filters, metadata=reader.metadata)
    gate, now, length = asyncio.Semaphore(SCHEDULES_AT_ONCE), datetime.now(UTC), timedelta(minutes=duration)

    async def windows_of(resource: catalog_pb2.Resource) -> list[Range]:
        async with gate:
            return await free_windows(up, reader.metadata, resource, length, (start, end), now)

    found = await asyncio.gather(*(windows_of(r) for r in answer.resources))
    data = [
        AvailableSlotsOut(resource=ResourceOut.of(r), windows=[WindowOut.of(w, r.timezone) for w in ws])
        for r, ws in zip(answer.resources, found, strict=True)
        if ws
    ]
    return page_of(data, answer.page)


async def free_windows(
    up: Upstreams,
    metadata: tuple[tuple[str, str], ...],
    resource: catalog_pb2.Resource,
    length: timedelta,
    window: Range,
    now: datetime,
) -> list[Range]:
    try:
        fit = fit_for(resource, length, window[0], now)
    except InvalidInput:
        return []  # its rules refuse that length: not a candidate
    if fit is None or fit.not_before + length > window[1]:
        return []
    # Only from the first bookable moment: the past has no free time worth asking about.
    begin = max(window[0], fit.not_before)
    request = booking_pb2.GetResourceScheduleRequest(
        resource_id=resource.id,
        range=common_pb2.TimeRange(start=to_pb_time(begin), end=to_pb_time(window[1])),
    )
    answer = await up.booking.GetResourceSchedule(request, metadata=metadata)
    return windows([(r.start.ToDatetime(tzinfo=UTC), r.end.ToDatetime(tzinfo=UTC)) for r in answer.free], length, fit)
