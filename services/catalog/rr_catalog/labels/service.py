"""Labels: named colours put on resources for filtering."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.errors import LabelNameTaken, LabelNotFound
from rr_catalog.labels.repository import LabelRepository
from rr_catalog.mapping import resource_pb
from rr_catalog.models import LABEL_NAME_UNIQUE_INDEX, Label
from rr_catalog.resources.repository import ResourceRepository
from rr_catalog.validation import FieldErrors, check_text, fail_if
from rr_common.errors import InvalidCursor, ResourceNotFound, ValidationFailed
from rr_common.pagination import decode_cursor, split_direction, two_way_page

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
NAME_MAX = 50
ASSIGN_MAX = 1000


@dataclass(frozen=True)
class LabelPage:
    labels: Sequence[Label]
    next_cursor: str
    has_more: bool
    prev_cursor: str = ""


def label_fields(
    name: str | None, color: str | None, description: str | None
) -> tuple[str | None, str | None, str | None]:
    errors: FieldErrors = []
    if name is not None:
        name = name.strip()
        if not 1 <= len(name) <= NAME_MAX:
            errors.append({"loc": "name", "msg": f"A label name must be 1-{NAME_MAX} characters."})
    if color is not None:
        color = color.strip().lower()
        if not COLOR.match(color):
            errors.append({"loc": "color", "msg": "The colour must be written #rrggbb, for example #1e90ff."})
    if description is not None:
        description = check_text(errors, "description", description, 500, "Description")
    fail_if(errors)
    return name, color, description


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


async def unknown_label_ids(session: AsyncSession, ids: Sequence[int]) -> list[int]:
    if not ids:
        return []
    return sorted(set(ids) - await LabelRepository(session).existing_ids(ids))


async def create_label(session: AsyncSession, name: str, color: str, description: str) -> Label:
    clean_name, clean_color, clean_description = label_fields(name, color or "#808080", description)
    assert clean_name is not None and clean_color is not None and clean_description is not None
    label = Label(name=clean_name, color=clean_color, description=clean_description)
    await LabelRepository(session).add(label)
    await flush_label(session, clean_name)
    return label


async def list_labels(session: AsyncSession, cursor: str, limit: int) -> LabelPage:
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


async def update_label(
    session: AsyncSession, label_id: int, name: str | None, color: str | None, description: str | None
) -> Label:
    clean_name, clean_color, clean_description = label_fields(name, color, description)
    label = await existing_label(session, label_id)
    if clean_name is not None:
        label.name = clean_name
    if clean_color is not None:
        label.color = clean_color
    if clean_description is not None:
        label.description = clean_description
    await flush_label(session, label.name)
    return label


async def delete_label(session: AsyncSession, label_id: int) -> None:
    await LabelRepository(session).delete(await existing_label(session, label_id))


async def set_assignments(session: AsyncSession, label_id: int, resource_ids: Sequence[int], assigned: bool) -> int:
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
        resources = [resource_pb(r, labels.get(r.id, [])) for r in await repo.by_ids(changed)]
        await events.resources_updated(session, resources, ["label_ids"])
    return len(changed)
