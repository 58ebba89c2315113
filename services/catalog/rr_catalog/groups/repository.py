"""Every query on resource groups. A subtree is a prefix match on the materialised id path."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import exists, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.models import Resource, ResourceGroup

LIVE = Resource.deleted_at.is_(None)


class GroupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_id(self, group_id: int, *, for_update: bool = False) -> ResourceGroup | None:
        stmt = select(ResourceGroup).where(ResourceGroup.id == group_id)
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def sibling_named(self, parent_id: int | None, name: str) -> int | None:
        """The id of the group under `parent_id` (None: a root) with this name, ignoring case."""
        return await self.session.scalar(
            select(ResourceGroup.id).where(
                func.coalesce(ResourceGroup.parent_id, 0) == (parent_id or 0),
                func.lower(ResourceGroup.name) == name.lower(),
            )
        )

    async def add(self, group: ResourceGroup) -> ResourceGroup:
        self.session.add(group)
        await self.session.flush()
        return group

    async def names(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(ResourceGroup.id, ResourceGroup.name).where(ResourceGroup.id.in_(wanted))
        )
        return {row[0]: row[1] for row in rows.all()}

    async def resource_counts(self, ids: Sequence[int]) -> dict[int, int]:
        if not ids:
            return {}
        stmt = (
            select(Resource.group_id, func.count()).where(Resource.group_id.in_(ids), LIVE).group_by(Resource.group_id)
        )
        return {int(row[0] or 0): row[1] for row in (await self.session.execute(stmt)).all()}

    async def page(
        self, root_path: str, after_path: str, limit: int, backward: bool = False
    ) -> Sequence[ResourceGroup]:
        """Groups in tree order (parents first), optionally only under `root_path`. Backward:
        the groups just before `after_path`, in reverse tree order."""
        path = ResourceGroup.path
        stmt = select(ResourceGroup).where(path < after_path if backward else path > after_path)
        if root_path:
            stmt = stmt.where(path.like(literal(root_path) + "%"))
        return (await self.session.scalars(stmt.order_by(path.desc() if backward else path).limit(limit + 1))).all()

    async def has_children(self, group_id: int) -> bool:
        return bool(await self.session.scalar(select(exists().where(ResourceGroup.parent_id == group_id))))

    async def has_resources(self, group_id: int) -> bool:
        return bool(await self.session.scalar(select(exists().where(Resource.group_id == group_id, LIVE))))

    async def subtree_height(self, path: str) -> int:
        """Levels below the group at `path` (0 for a leaf), from the deepest descendant path."""
        deepest = await self.session.scalar(
            select(
                func.max(func.length(ResourceGroup.path) - func.length(func.replace(ResourceGroup.path, "/", "")))
            ).where(ResourceGroup.path.like(literal(path) + "%"))
        )
        return int(deepest or 0) - (path.count("/"))

    async def move_subtree(self, old_prefix: str, new_prefix: str) -> None:
        """Rewrite the paths of a group and everything below it in one statement."""
        await self.session.execute(
            update(ResourceGroup)
            .where(ResourceGroup.path.like(literal(old_prefix) + "%"))
            .values(path=literal(new_prefix) + func.substr(ResourceGroup.path, len(old_prefix) + 1))
            .execution_options(synchronize_session=False)
        )

    async def delete(self, group: ResourceGroup) -> None:
        # Deleted resources keep their row (soft delete); let go of the group they were in.
        await self.session.execute(
            update(Resource)
            .where(Resource.group_id == group.id, Resource.deleted_at.is_not(None))
            .values(group_id=None)
        )
        await self.session.delete(group)
        await self.session.flush()

    async def move_resources(self, group_id: int | None, resource_ids: Sequence[int]) -> int:
        result = await self.session.execute(
            update(Resource)
            .where(Resource.id.in_(resource_ids), LIVE)
            .values(group_id=group_id, updated_at=func.now())
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
