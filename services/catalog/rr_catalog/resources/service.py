"""Resources: create, read, update, soft-delete and list, each with its event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.errors import ResourceNameTaken, UnknownReference
from rr_catalog.groups.repository import GroupRepository
from rr_catalog.labels.service import LabelService
from rr_catalog.models import NAME_UNIQUE_INDEX, Label, Resource
from rr_catalog.resources.domain import AVAILABLE, UNAVAILABLE, ResourceSpec, resource_spec, search_text
from rr_catalog.resources.query import ResourceQuery, next_cursor, prev_cursor
from rr_catalog.resources.reads import LabelledResource, existing_labelled, existing_resource, labelled
from rr_catalog.resources.repository import ResourceRepository
from rr_catalog.status.service import change_status
from rr_catalog.validation import FieldErrors
from rr_common.bookability.rules import rules_of


@dataclass(frozen=True)
class ResourcePage:
    resources: list[LabelledResource]
    next_cursor: str
    has_more: bool
    total: int | None
    prev_cursor: str = ""


def name_taken_sentence(name: str) -> str:
    return f"A resource named '{name}' already exists; choose another name."


def apply_spec(resource: Resource, spec: ResourceSpec) -> None:
    resource.name = spec.name
    resource.description = spec.description
    resource.location = spec.location
    resource.capacity = spec.capacity
    resource.tags = spec.tags
    resource.timezone = spec.timezone
    resource.requires_approval = spec.requires_approval
    resource.group_id = spec.group_id
    resource.rules = spec.rules.stored()
    resource.attributes = spec.attributes
    resource.search_text = search_text(spec.name, spec.description, spec.tags, spec.location)


def current_spec(resource: Resource, labels: Sequence[Label]) -> ResourceSpec:
    return ResourceSpec(
        name=resource.name,
        description=resource.description,
        location=resource.location,
        capacity=resource.capacity,
        tags=list(resource.tags),
        timezone=resource.timezone,
        available=resource.status == AVAILABLE,
        requires_approval=resource.requires_approval,
        group_id=resource.group_id,
        rules=rules_of(resource.rules),
        attributes=dict(resource.attributes),
        label_ids=sorted(label.id for label in labels),
    )


async def flush_name(session: AsyncSession, name: str) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        if NAME_UNIQUE_INDEX in str(exc.orig):  # a concurrent write won the race
            raise ResourceNameTaken(name_taken_sentence(name)) from exc
        raise


class ResourceService:
    def __init__(self, labels: LabelService) -> None:
        self.labels = labels

    async def create(self, session: AsyncSession, spec: ResourceSpec) -> LabelledResource:
        repo = ResourceRepository(session)
        if await repo.name_taken(spec.name):
            raise ResourceNameTaken(name_taken_sentence(spec.name))
        await self._check_references(session, spec)
        resource = Resource(status=AVAILABLE if spec.available else UNAVAILABLE, status_reason="")
        apply_spec(resource, spec)
        session.add(resource)
        await flush_name(session, spec.name)
        await repo.set_labels(resource.id, spec.label_ids)
        found = await labelled(session, resource)
        await events.resource_created(session, found.resource, found.labels)
        await publish_bookability(session, [resource.id])
        return found

    async def get(self, session: AsyncSession, resource_id: int) -> LabelledResource:
        return await existing_labelled(session, resource_id)

    async def update(
        self, session: AsyncSession, resource_id: int, changes: Mapping[str, Any], rules_errors: FieldErrors
    ) -> LabelledResource:
        """Apply the named fields; the result is validated whole, as a create would be."""
        repo = ResourceRepository(session)
        resource = await existing_resource(session, resource_id, for_update=True)
        labels = (await repo.labels_of([resource_id])).get(resource_id, [])
        before = current_spec(resource, labels)
        spec = resource_spec(replace(before, **changes), rules_errors)
        if spec.name.lower() != resource.name.lower() and await repo.name_taken(spec.name, except_id=resource_id):
            raise ResourceNameTaken(name_taken_sentence(spec.name))
        await self._check_references(session, spec)
        changed = [name for name in changes if getattr(spec, name) != getattr(before, name)]
        if not changed:
            return LabelledResource(resource, labels)
        apply_spec(resource, spec)
        if "label_ids" in changed:
            await repo.set_labels(resource_id, spec.label_ids)
        await flush_name(session, spec.name)
        if "available" in changed:
            await change_status(session, resource, AVAILABLE if spec.available else UNAVAILABLE, "", None)
        await session.refresh(resource)
        found = await labelled(session, resource)
        await events.resource_updated(session, found.resource, found.labels, changed)
        await publish_bookability(session, [resource_id])
        return found

    async def delete(self, session: AsyncSession, resource_id: int) -> None:
        resource = await existing_resource(session, resource_id, for_update=True)
        await ResourceRepository(session).soft_delete(resource_id)
        await events.resource_deleted(session, resource_id, resource.name)
        await publish_bookability(session, [resource_id])

    async def page(self, session: AsyncSession, query: ResourceQuery) -> ResourcePage:
        repo = ResourceRepository(session)
        rows = await repo.page(query)
        page, beyond = list(rows[: query.limit]), len(rows) > query.limit
        if query.backward:
            page.reverse()
        # Forward: more after when rows are `beyond`; a previous page when we came by cursor.
        # Backward: more before when rows are `beyond`; the page we came from is after.
        more_after = True if query.backward else beyond
        more_before = beyond if query.backward else query.after is not None
        labels = await repo.labels_of([r.id for r, _ in page])
        total = await repo.count(query.filters) if query.include_total else None
        after = next_cursor(query, page[-1][1], page[-1][0].id) if page and more_after else ""
        before = prev_cursor(query, page[0][1], page[0][0].id) if page and more_before else ""
        found = [LabelledResource(r, labels.get(r.id, [])) for r, _ in page]
        return ResourcePage(found, after, bool(page) and more_after, total, before)

    async def export_page(self, session: AsyncSession, after_id: int, limit: int) -> Sequence[Resource]:
        """Up to `limit + 1` live resources after `after_id`, by id (the extra one means 'more')."""
        return await ResourceRepository(session).export_page(after_id, limit)

    async def _check_references(self, session: AsyncSession, spec: ResourceSpec) -> None:
        errors: FieldErrors = []
        if spec.group_id is not None and not await GroupRepository(session).by_id(spec.group_id):
            errors.append({"loc": "group_id", "msg": f"Group {spec.group_id} does not exist."})
        if missing := await self.labels.unknown_ids(session, spec.label_ids):
            errors.append({"loc": "label_ids", "msg": f"These labels do not exist: {', '.join(map(str, missing))}."})
        if errors:
            raise UnknownReference(" ".join(e["msg"] for e in errors), errors=errors)
