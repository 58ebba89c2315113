"""GET /resources/search: the list's filters plus an availability window. Catalog narrows the
candidates (status, hours, blackouts, rules), booking names the busy ones in one batch call,
and catalog renders the page of what is left."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime
from rr.booking.v1 import booking_pb2
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.errors import InvalidInput
from rr_gateway.deps import UpstreamsDep
from rr_gateway.readers import CatalogReader
from rr_gateway.schemas.catalog_filters import ResourceFilters
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of, to_pb_time
from rr_gateway.schemas.resources import ResourceOut
from rr_gateway.upstreams import Upstreams

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
# The most resources booking answers about in one ListBusyResources call.
BUSY_BATCH = 10_000


@router.get("/search", response_model=Page[ResourceOut], summary="Search resources, optionally only those free for a whole window")
async def search_resources(
    reader: CatalogReader,
    up: UpstreamsDep,
    filters: ResourceFilters,
    available_from: Annotated[AwareDatetime | None, Query(description="With available_until: only resources free for the whole window")] = None,
    available_until: Annotated[AwareDatetime | None, Query()] = None,
) -> Page[ResourceOut]:
    if available_from is None and available_until is None:
        answer = await up.catalog.ListResources(filters, metadata=reader.metadata)
        return page_of([ResourceOut.of(r) for r in answer.resources], answer.page)
    if available_from is None or available_until is None or available_until <= available_from:
        raise InvalidInput("Give both available_from and a later available_until, with a UTC offset.", code="invalid_range")
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
    up: Upstreams, metadata: tuple[tuple[str, str], ...], filters: catalog_pb2.ListResourcesRequest, window: common_pb2.TimeRange
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
