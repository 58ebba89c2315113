"""Reading one live resource (with its labels when the answer shows them); shared by every
subdomain that works on a resource or answers with one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.models import Label, Resource
from rr_catalog.resources.repository import ResourceRepository
from rr_common.errors import ResourceNotFound


@dataclass(frozen=True)
class LabelledResource:
    """A resource as callers see it: the row and its labels, by name."""

    resource: Resource
    labels: Sequence[Label]


async def existing_resource(session: AsyncSession, resource_id: int, *, for_update: bool = False) -> Resource:
    resource = await ResourceRepository(session).by_id(resource_id, for_update=for_update)
    if resource is None:
        raise ResourceNotFound(f"Resource {resource_id} does not exist.")
    return resource


async def existing_labelled(session: AsyncSession, resource_id: int) -> LabelledResource:
    """A live resource and its labels in one query."""
    found = await ResourceRepository(session).by_id_with_labels(resource_id)
    if found is None:
        raise ResourceNotFound(f"Resource {resource_id} does not exist.")
    return LabelledResource(*found)


async def labelled(session: AsyncSession, resource: Resource) -> LabelledResource:
    labels = await ResourceRepository(session).labels_of([resource.id])
    return LabelledResource(resource, labels.get(resource.id, []))
