"""Labels: named colours put on resources for filtering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.errors import LabelNameTaken, LabelNotFound
from rr_catalog.labels.domain import DEFAULT_COLOR, label_fields
from rr_catalog.labels.repository import LabelRepository
from rr_catalog.models import LABEL_NAME_UNIQUE_INDEX, Label
from rr_catalog.resources.repository import ResourceRepository
from rr_common.errors import InvalidCursor, ResourceNotFound, ValidationFailed
from rr_common.pagination import decode_cursor, split_direction, two_way_page

ASSIGN_MAX = 1000
# The fields a LabelChanged names as changed, in this order.
LABEL_FIELDS = ("name", "color", "description")


@dataclass(frozen=True)
class LabelPage:
    labels: Sequence[Label]
    next_cursor: str
    has_more: bool
    prev_cursor: str = ""


async def flush_label(session: AsyncSession, name: str) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        if LABEL_NAME_UNIQUE_INDEX in str(exc.orig):
            raise LabelNameTaken(f"A label named '{name}' already exists; choose another name.") from exc
        raise


async def existing_label(session: AsyncSession, label_id: int) -> Label:
    label = await LabelRepository(session).get(label_id)
    if label is None:
        raise LabelNotFound(f"Label {label_id} does not exist.")
    return label


class LabelService:
    async def create(self, session: AsyncSession, name: str, color: str, description: str) -> Label:
        clean_name, clean_color, clean_description = label_fields(name, color or DEFAULT_COLOR, description)
        assert clean_name is not None and clean_color is not None and clean_description is not None
        label = Label(name=clean_name, color=clean_color, description=clean_description)
        await LabelRepository(session).add(label)
        await flush_label(session, clean_name)
        await events.label_changed(session, label, events.CREATED, 0)
        return label

    async def page(self, session: AsyncSession, cursor: str, limit: int) -> LabelPage:
        after, backward = 0, False
        if cursor:
            key, backward = split_direction(decode_cursor(cursor))
            if len(key) != 1 or type(key[0]) is not int:
                raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.")
            after = key[0]
        # Backward: the labels just before the cursor's, latest first (turned around below).
        rows = await LabelRepository(session).page(after, limit + 1, backward)
        page = two_way_page(rows, limit, bool(cursor), backward, lambda label: [label.id])
        return LabelPage(page.items, page.next_cursor, page.has_more, page.prev_cursor)

    async def update(
        self, session: AsyncSession, label_id: int, name: str | None, color: str | None, description: str | None
    ) -> Label:
        clean_name, clean_color, clean_description = label_fields(name, color, description)
        label = await existing_label(session, label_id)
        before = (label.name, label.color, label.description)
        if clean_name is not None:
            label.name = clean_name
        if clean_color is not None:
            label.color = clean_color
        if clean_description is not None:
            label.description = clean_description
        await flush_label(session, label.name)
        after = (label.name, label.color, label.description)
        changed = [field for field, old, new in zip(LABEL_FIELDS, before, after, strict=True) if old != new]
        if changed:
            count = await LabelRepository(session).resource_count(label.id)
            await events.label_changed(session, label, events.UPDATED, count, changed)
        return label

    async def delete(self, session: AsyncSession, label_id: int) -> None:
        repo = LabelRepository(session)
        label = await existing_label(session, label_id)
        count = await repo.resource_count(label.id)
        await events.label_changed(session, label, events.DELETED, count)
        await repo.delete(label)

    async def set_assignments(
        self, session: AsyncSession, label_id: int, resource_ids: Sequence[int], assigned: bool
    ) -> int:
        ids = sorted(set(resource_ids))
        if not ids or len(ids) > ASSIGN_MAX:
            raise ValidationFailed(f"Name 1-{ASSIGN_MAX} resources.")
        await existing_label(session, label_id)
        missing = sorted(set(ids) - await ResourceRepository(session).live_ids(ids))
        if missing:
            listed = ", ".join(str(i) for i in missing[:20])
            raise ResourceNotFound(f"These resources do not exist: {listed}.", missing=missing[:100])
        changed = await LabelRepository(session).assign(label_id, ids, assigned)
        if changed:
            repo = ResourceRepository(session)
            labels = await repo.labels_of(changed)
            await events.resources_updated(session, await repo.by_ids(changed), labels, ["label_ids"])
        return len(changed)

    async def unknown_ids(self, session: AsyncSession, ids: Sequence[int]) -> list[int]:
        """Which of these label ids do not exist, in order."""
        if not ids:
            return []
        return sorted(set(ids) - await LabelRepository(session).existing_ids(ids))
