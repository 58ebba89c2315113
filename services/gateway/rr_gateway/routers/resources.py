"""Resources (catalog): create, read, update, delete and list. The other families under
/resources with fixed paths (search, upload, export, status summary) come before this one in the
app's family order, so `/{resource_id}` never shadows them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from rr.catalog.v1 import catalog_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.readers import CatalogReader
from rr_gateway.schemas.catalog_filters import ResourceFilters
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.schemas.resources import ResourceIn, ResourceOut, ResourcePatch
from rr_gateway.security import ManagerCaller

router = APIRouter(prefix="/resources", tags=["resources"], responses=ERROR_RESPONSES)
ResourceId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[ResourceOut], summary="List resources")
async def list_resources(reader: CatalogReader, up: UpstreamsDep, filters: ResourceFilters) -> Page[ResourceOut]:
    answer = await up.catalog.ListResources(filters, metadata=reader.metadata)
    return page_of([ResourceOut.of(r) for r in answer.resources], answer.page)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ResourceOut, summary="Create a resource (admin/manager)",
             responses={409: {"description": "A resource with that name exists"}})
async def create_resource(body: ResourceIn, caller: ManagerCaller, up: UpstreamsDep) -> ResourceOut:
    answer = await up.catalog.CreateResource(body.pb(), metadata=caller.metadata)
    return ResourceOut.of(answer.resource)


@router.get("/{resource_id}", response_model=ResourceOut, summary="One resource", responses={404: {"description": "No such resource"}})
async def get_resource(resource_id: ResourceId, reader: CatalogReader, up: UpstreamsDep) -> ResourceOut:
    answer = await up.catalog.GetResource(catalog_pb2.GetResourceRequest(id=resource_id), metadata=reader.metadata)
    return ResourceOut.of(answer.resource)


@router.patch("/{resource_id}", response_model=ResourceOut, summary="Change some fields of a resource (admin/manager)",
              responses={404: {"description": "No such resource"}, 409: {"description": "Another resource has that name"}})
async def update_resource(resource_id: ResourceId, body: ResourcePatch, caller: ManagerCaller, up: UpstreamsDep) -> ResourceOut:
    answer = await up.catalog.UpdateResource(body.pb(resource_id), metadata=caller.metadata)
    return ResourceOut.of(answer.resource)


@router.delete("/{resource_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               summary="Delete a resource (admin/manager); its name becomes free", responses={404: {"description": "No such resource"}})
async def delete_resource(resource_id: ResourceId, caller: ManagerCaller, up: UpstreamsDep) -> Response:
    await up.catalog.DeleteResource(catalog_pb2.DeleteResourceRequest(id=resource_id), metadata=caller.metadata)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
