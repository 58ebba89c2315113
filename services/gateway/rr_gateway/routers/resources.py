"""Resources (catalog): create, read, update, delete and list. The other families under
/resources with fixed paths (search, upload, export, status summary) come before this one in the
app's family order, so `/{resource_id}` never shadows them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from pydantic import BaseModel, Field
from rr.catalog.v1 import catalog_pb2

from rr_gateway.deprecation import mark_deprecated
from rr_gateway.deps import UpstreamsDep
from rr_gateway.read_cache import ResourceCache, page_key
from rr_gateway.readers import CatalogReader, Reader
from rr_gateway.schemas.catalog_filters import ResourceFilters
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.schemas.resources import ResourceIn, ResourceOut, ResourcePatch
from rr_gateway.security import ManagerCaller
from rr_gateway.upstreams import Upstreams

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
ResourceId = Annotated[int, Path(ge=1, le=2**62)]
CACHED_NOTE = (
    "a strong `ETag`; send it back in `If-None-Match` to get `304 Not Modified` while the page is unchanged. "
    "Served from a cache that catalog's events keep true; the same query gives every caller the same page."
)
UNCHANGED: dict[int | str, dict[str, Any]] = {304: {"description": "Unchanged since the ETag sent in If-None-Match"}}


@router.get(
    "",
    response_model=Page[ResourceOut],
    summary="List resources",
    description="Carries " + CACHED_NOTE,
    responses=UNCHANGED,
)
async def list_resources(
    reader: CatalogReader, up: UpstreamsDep, filters: ResourceFilters, request: Request
) -> Response:
    return await cached_list(request, reader, up, filters)


async def cached_list(
    request: Request, reader: Reader, up: Upstreams, filters: catalog_pb2.ListResourcesRequest
) -> Response:
    """One page of catalog's list, from the page cache when this query was answered since the last change."""

    async def fetch() -> bytes:
        answer = await up.catalog.ListResources(filters, metadata=reader.metadata)
        return page_of([ResourceOut.of(r) for r in answer.resources], answer.page).model_dump_json().encode()

    cache: ResourceCache = request.app.state.resource_page_cache
    return await cache.served(request, page_key(filters), fetch)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ResourceOut,
    summary="Create a resource (admin/manager)",
    responses={409: {"description": "A resource with that name exists"}},
)
async def create_resource(body: ResourceIn, caller: ManagerCaller, up: UpstreamsDep) -> ResourceOut:
    answer = await up.catalog.CreateResource(body.pb(), metadata=caller.metadata)
    return ResourceOut.of(answer.resource)


@router.get(
    "/{resource_id}",
    response_model=ResourceOut,
    summary="One resource",
    description="Carries a strong `ETag`; send it back in `If-None-Match` to get `304 Not Modified` while the "
    "resource is unchanged. Served from a cache that catalog's events keep true.",
    responses={
        404: {"description": "No such resource"},
        304: {"description": "Unchanged since the ETag sent in If-None-Match"},
    },
)
async def get_resource(resource_id: ResourceId, reader: CatalogReader, up: UpstreamsDep, request: Request) -> Response:
    async def fetch() -> bytes:
        answer = await up.catalog.GetResource(catalog_pb2.GetResourceRequest(id=resource_id), metadata=reader.metadata)
        return ResourceOut.of(answer.resource).model_dump_json().encode()

    cache: ResourceCache = request.app.state.resource_cache
    return await cache.served(request, str(resource_id), fetch)


@router.patch(
    "/{resource_id}",
    response_model=ResourceOut,
    summary="Change some fields of a resource (admin/manager)",
    responses={404: {"description": "No such resource"}, 409: {"description": "Another resource has that name"}},
)
async def update_resource(
    resource_id: ResourceId, body: ResourcePatch, caller: ManagerCaller, up: UpstreamsDep
) -> ResourceOut:
    answer = await up.catalog.UpdateResource(body.pb(resource_id), metadata=caller.metadata)
    return ResourceOut.of(answer.resource)


@router.put(
    "/{resource_id}",
    response_model=ResourceOut,
    deprecated=True,
    summary="Replace every field of a resource (admin/manager; deprecated: use PATCH)",
    description="Deprecated: PATCH /api/v1/resources/{resource_id} changes only the fields sent. A field left out "
    "here takes its default, as the replaced system did (capacity and group are cleared).",
    responses={404: {"description": "No such resource"}, 409: {"description": "Another resource has that name"}},
)
async def replace_resource(
    resource_id: ResourceId, body: ResourceIn, caller: ManagerCaller, up: UpstreamsDep, response: Response
) -> ResourceOut:
    # Every field counts as sent, so the ones left out are reset rather than kept.
    whole = ResourcePatch.model_validate(body.model_dump())
    mark_deprecated(response, f"/resources/{resource_id}")  # first: error answers carry it too
    answer = await up.catalog.UpdateResource(whole.pb(resource_id), metadata=caller.metadata)
    return ResourceOut.of(answer.resource)


class AvailableIn(BaseModel):
    available: bool = Field(description="true: bookable; false: out of service")


@router.put(
    "/{resource_id}/availability",
    response_model=ResourceOut,
    deprecated=True,
    summary="Make a resource bookable or not (admin/manager; deprecated: use the status routes)",
    description="Deprecated: PUT /api/v1/resources/{resource_id}/status/available or .../status/unavailable, "
    "which also take a reason and an end time.",
    responses={404: {"description": "No such resource"}},
)
async def set_availability(
    resource_id: ResourceId, body: AvailableIn, caller: ManagerCaller, up: UpstreamsDep, response: Response
) -> ResourceOut:
    mark_deprecated(response, f"/resources/{resource_id}/status/{'available' if body.available else 'unavailable'}")
    answer = await up.catalog.UpdateResource(
        ResourcePatch(available=body.available).pb(resource_id), metadata=caller.metadata
    )
    return ResourceOut.of(answer.resource)


@router.delete(
    "/{resource_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Delete a resource (admin/manager); its name becomes free",
    responses={404: {"description": "No such resource"}},
)
async def delete_resource(resource_id: ResourceId, caller: ManagerCaller, up: UpstreamsDep) -> Response:
    await up.catalog.DeleteResource(catalog_pb2.DeleteResourceRequest(id=resource_id), metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
