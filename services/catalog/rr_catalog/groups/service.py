"""Resource groups: create, read, list a subtree, rename or move, delete when empty, and move
resources between groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.errors import GroupCycle, GroupNameTaken, GroupNotEmpty, GroupNotFound, GroupTooDeep, UnknownGroup
from rr_catalog.groups.domain import DEPTH_MAX, child_path, group_fields, path_ids
from rr_catalog.groups.repository import GroupRepository
from rr_catalog.models import GROUP_NAME_UNIQUE_INDEX, ResourceGroup
from rr_catalog.resources.repository import ResourceRepository
from rr_common.errors import InvalidCursor, ResourceNotFound, ValidationFailed
from rr_common.pagination import decode_cursor, split_direction, two_way_page

MOVE_MAX = 1000
# The fields a GroupChanged names as changed, in this order.
GROUP_FIELDS = ("name", "description", "parent_id")


@dataclass(frozen=True)
class GroupView:
    group: ResourceGroup
    path_names: list[str]
    resource_count: int


@dataclass(frozen=True)
class GroupPage:
    groups: list[GroupView]
    next_cursor: str
    has_more: bool
    prev_cursor: str = ""


async def existing_group(session: AsyncSession, group_id: int, *, for_update: bool = False) -> ResourceGroup:
    group = await GroupRepository(session).by_id(group_id, for_update=for_update)
    if group is None:
        raise GroupNotFound(f"Group {group_id} does not exist.")
    return group


async def parent_group(session: AsyncSession, parent_id: int | None) -> ResourceGroup | None:
    if parent_id is None:
        return None
    parent = await GroupRepository(session).by_id(parent_id)
    if parent is None:
        raise UnknownGroup(
            f"Parent group {parent_id} does not exist.", errors=[{"loc": "parent_id", "msg": "No such group."}]
        )
    return parent


async def views(session: AsyncSession, groups: Sequence[ResourceGroup]) -> list[GroupView]:
    """Display paths and resource counts for many groups in two queries."""
    repo = GroupRepository(session)
    names = await repo.names(i for g in groups for i in path_ids(g.path))
    counts = await repo.resource_counts([g.id for g in groups])
    return [GroupView(g, [names.get(i, "?") for i in path_ids(g.path)], counts.get(g.id, 0)) for g in groups]


async def flush_names(session: AsyncSession, name: str) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        if GROUP_NAME_UNIQUE_INDEX in str(exc.orig):
            raise GroupNameTaken(
                f"A group named '{name}' already exists at that place in the tree; choose another name."
            ) from exc
        raise


async def move_group(session: AsyncSession, repo: GroupRepository, group: ResourceGroup, parent_id: int | None) -> None:
    parent = await parent_group(session, parent_id)
    if parent is not None and parent.path.startswith(group.path):
        raise GroupCycle("A group cannot be moved under itself or one of its own subgroups.")
    new_path = child_path(parent.path if parent else "", group.id)
    depth_below = await repo.subtree_height(group.path)
    if len(path_ids(new_path)) + depth_below > DEPTH_MAX:
        raise GroupTooDeep(f"Groups nest at most {DEPTH_MAX} levels deep; this move would go deeper.")
    group.parent_id = parent_id
    await session.flush()
    await repo.move_subtree(group.path, new_path)


class GroupService:
    async def create(self, session: AsyncSession, name: str, description: str, parent_id: int | None) -> GroupView:
        clean_name, clean_description = group_fields(name, description)
        assert clean_name is not None and clean_description is not None
        parent = await parent_group(session, parent_id)
        if parent is not None and len(path_ids(parent.path)) >= DEPTH_MAX:
            raise GroupTooDeep(f"Groups nest at most {DEPTH_MAX} levels deep.")
        group = ResourceGroup(name=clean_name, description=clean_description, parent_id=parent_id, path="")
        session.add(group)
        await flush_names(session, clean_name)
        group.path = child_path(parent.path if parent else "", group.id)
        await session.flush()
        found = (await views(session, [group]))[0]
        await events.group_changed(session, found, events.CREATED)
        return found

    async def get(self, session: AsyncSession, group_id: int) -> GroupView:
        return (await views(session, [await existing_group(session, group_id)]))[0]

    async def page(self, session: AsyncSession, root_id: int, cursor: str, limit: int) -> GroupPage:
        root_path = (await existing_group(session, root_id)).path if root_id else ""
        after, backward = "", False
        if cursor:
            key, backward = split_direction(decode_cursor(cursor))
            if len(key) != 1 or not isinstance(key[0], str):
                raise InvalidCursor("The cursor is not valid; pass the next_cursor value of a previous page.")
            after = key[0]
        rows = await GroupRepository(session).page(root_path, after, limit, backward)
        page = two_way_page(rows, limit, bool(cursor), backward, lambda group: [group.path])
        return GroupPage(await views(session, page.items), page.next_cursor, page.has_more, page.prev_cursor)

    async def update(
        self,
        session: AsyncSession,
        group_id: int,
        name: str | None,
        description: str | None,
        move: bool,
        parent_id: int | None,
    ) -> GroupView:
        clean_name, clean_description = group_fields(name, description)
        repo = GroupRepository(session)
        group = await existing_group(session, group_id, for_update=True)
        before = (group.name, group.description, group.parent_id)
        try:
            # A move autoflushes while it rewrites paths, so a sibling-name clash can surface there.
            if move:
                await move_group(session, repo, group, parent_id)
            if clean_name is not None:
                group.name = clean_name
            if clean_description is not None:
                group.description = clean_description
            await flush_names(session, group.name)
        except IntegrityError as exc:
            if GROUP_NAME_UNIQUE_INDEX in str(exc.orig):
                raise GroupNameTaken(
                    f"A group named '{clean_name or 'that name'}' already exists at that place in the tree; choose another name."
                ) from exc  # no ORM access after a failed flush
            raise
        await session.refresh(group)
        found = (await views(session, [group]))[0]
        after = (group.name, group.description, group.parent_id)
        changed = [field for field, old, new in zip(GROUP_FIELDS, before, after, strict=True) if old != new]
        if changed:
            left = before[2] if "parent_id" in changed else None
            await events.group_changed(session, found, events.UPDATED, changed, left)
        return found

    async def delete(self, session: AsyncSession, group_id: int) -> None:
        repo = GroupRepository(session)
        group = await existing_group(session, group_id, for_update=True)
        if await repo.has_children(group_id):
            raise GroupNotEmpty(f"Group {group_id} still has subgroups; move or delete them first.")
        if await repo.has_resources(group_id):
            raise GroupNotEmpty(f"Group {group_id} still has resources; move them to another group first.")
        await events.group_changed(session, (await views(session, [group]))[0], events.DELETED)
        await repo.delete(group)

    async def move_resources(self, session: AsyncSession, group_id: int, resource_ids: Sequence[int]) -> int:
        ids = sorted(set(resource_ids))
        if not ids or len(ids) > MOVE_MAX:
            raise ValidationFailed(f"Name 1-{MOVE_MAX} resources to move.")
        if group_id:
            await existing_group(session, group_id)
        resources = ResourceRepository(session)
        missing = sorted(set(ids) - await resources.live_ids(ids))
        if missing:
            listed = ", ".join(str(i) for i in missing[:20])
            raise ResourceNotFound(f"These resources do not exist: {listed}.", missing=missing[:100])
        moved = await GroupRepository(session).move_resources(group_id or None, ids)
        rows = await resources.by_ids(ids)
        labels = await resources.labels_of(ids)
        await events.resources_updated(session, rows, labels, ["group_id"])
        return moved
