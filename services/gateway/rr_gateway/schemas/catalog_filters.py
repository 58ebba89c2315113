"""The query parameters every resource list and search accepts, as one dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.errors import ValidationFailed
from rr_gateway.deprecation import mark_deprecated

# Values of the replaced system, still accepted (answers say they are deprecated): status=all
# is no status filter, sort_by=created_at is created; id and status are sorts of their own.
LEGACY_STATUS = {"all": ""}
LEGACY_SORTS = {"created_at": "created", "id": "id", "status": "status"}


def comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def id_list(value: str, name: str) -> list[int]:
    try:
        return [int(part) for part in comma_list(value)]
    except ValueError:
        raise ValidationFailed(f"{name} must be comma-separated ids, for example 3,7.") from None


async def resource_filters(
    response: Response,
    q: Annotated[str, Query(max_length=200, description="Words to find in name, description, tags or location")] = "",
    status_filter: Annotated[
        str,
        Query(
            alias="status",
            pattern="^(|available|unavailable|maintenance|all)$",
            description="`all` (deprecated) is the same as leaving it out",
        ),
    ] = "",
    tags: Annotated[str, Query(max_length=500, description="Comma-separated; all must match")] = "",
    tags_any: Annotated[str, Query(max_length=500, description="Comma-separated; at least one must match")] = "",
    capacity_min: Annotated[int | None, Query(ge=0, le=100_000)] = None,
    group_id: Annotated[int, Query(ge=0, le=2**62, description="This group and every group below it")] = 0,
    location: Annotated[str, Query(max_length=200, description="Part of the location, any case")] = "",
    labels: Annotated[str, Query(max_length=500, description="Comma-separated label ids; all must match")] = "",
    sort_by: Annotated[
        str,
        Query(
            pattern="^(created|name|capacity|id|status|created_at)$",
            description="`id`, `status` and `created_at` (= `created`) are deprecated",
        ),
    ] = "created",
    sort_order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
    include_total: Annotated[bool, Query(description="Also count every match (costs one more query)")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> catalog_pb2.ListResourcesRequest:
    if status_filter in LEGACY_STATUS or sort_by in LEGACY_SORTS:
        mark_deprecated(response, "/resources")
        status_filter, sort_by = LEGACY_STATUS.get(status_filter, status_filter), LEGACY_SORTS.get(sort_by, sort_by)
    request = catalog_pb2.ListResourcesRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor),
        query=q,
        status=status_filter,
        tags=comma_list(tags),
        tags_any=comma_list(tags_any),
        group_id=group_id,
        location=location,
        label_ids=id_list(labels, "labels"),
        sort_by=sort_by,
        sort_order=sort_order,
        include_total=include_total,
    )
    if capacity_min is not None:
        request.capacity_min = capacity_min
    return request


ResourceFilters = Annotated[catalog_pb2.ListResourcesRequest, Depends(resource_filters)]
