"""Reading one resource as its message; shared by every subdomain that answers with one."""

from __future__ import annotations

from rr.catalog.v1 import catalog_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.mapping import resource_pb
from rr_catalog.models import Resource
from rr_catalog.resources.repository import ResourceRepository
from rr_common.errors import ResourceNotFound


async def existing_resource(session: AsyncSession, resource_id: int, *, for_update: bool = False) -> Resource:
    resource = await ResourceRepository(session).by_id(resource_id, for_update=for_update)
    if resource is None:
        raise ResourceNotFound(f"Resource {resource_id} does not exist.")
    return resource


async def existing_view(session: AsyncSession, resource_id: int) -> tuple[Resource, catalog_pb2.Resource]:
    """A live resource and its message, labels included, in one query."""
    found = await ResourceRepository(session).by_id_with_labels(resource_id)
    if found is None:
        raise ResourceNotFound(f"Resource {resource_id} does not exist.")
    resource, labels = found
    return resource, resource_pb(resource, labels)


async def view(session: AsyncSession, resource: Resource) -> catalog_pb2.Resource:
    labels = await ResourceRepository(session).labels_of([resource.id])
    return resource_pb(resource, labels.get(resource.id, []))
