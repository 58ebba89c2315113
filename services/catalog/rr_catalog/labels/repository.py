"""Every query on labels and their assignments to resources."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Delete, delete, func, select
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.models import Label, Resource, ResourceLabel


class LabelRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, label_id: int) -> Label | None:
        return await self.session.get(Label, label_id)

    async def id_named(self, name: str) -> int | None:
        """The id of the label with this name, ignoring case."""
        return await self.session.scalar(select(Label.id).where(func.lower(Label.name) == name.lower()))

    async def existing_ids(self, ids: Sequence[int]) -> set[int]:
        return set(await self.session.scalars(select(Label.id).where(Label.id.in_(list(ids)))))

    async def page(self, at: int, limit: int, backward: bool) -> Sequence[Label]:
        """Up to `limit` labels after the id `at`; backward, the ones before it, nearest first."""
        query = (
            select(Label).where(Label.id < at).order_by(Label.id.desc())
            if backward
            else select(Label).where(Label.id > at).order_by(Label.id)
        )
        return (await self.session.scalars(query.limit(limit))).all()

    async def resource_count(self, label_id: int) -> int:
        """How many live resources carry the label."""
        query = (
            select(func.count())
            .select_from(ResourceLabel)
            .join(Resource, Resource.id == ResourceLabel.resource_id)
            .where(ResourceLabel.label_id == label_id, Resource.deleted_at.is_(None))
        )
        return int(await self.session.scalar(query) or 0)

    async def add(self, label: Label) -> None:
        self.session.add(label)

    async def delete(self, label: Label) -> None:
        await self.session.delete(label)
        await self.session.flush()

    async def assign(self, label_id: int, resource_ids: Sequence[int], assigned: bool) -> list[int]:
        """Put the label on (or take it off) these resources; the ids that changed."""
        statement: Insert | Delete
        if assigned:
            statement = (
                insert(ResourceLabel)
                .values([{"resource_id": i, "label_id": label_id} for i in resource_ids])
                .on_conflict_do_nothing()
            )
        else:
            statement = delete(ResourceLabel).where(
                ResourceLabel.label_id == label_id, ResourceLabel.resource_id.in_(list(resource_ids))
            )
        return [row[0] for row in (await self.session.execute(statement.returning(ResourceLabel.resource_id))).all()]
