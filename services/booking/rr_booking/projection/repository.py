"""Every query on booking's projection of catalog."""

from __future__ import annotations

from rr.catalog.v1 import catalog_pb2
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.models import CatalogProjection


class ProjectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def snapshot(self, resource_id: int) -> catalog_pb2.BookabilitySnapshot | None:
        stmt = select(CatalogProjection.snapshot).where(CatalogProjection.resource_id == resource_id)
        payload = await self.session.scalar(stmt)
        return None if payload is None else catalog_pb2.BookabilitySnapshot.FromString(payload)

    async def version(self, resource_id: int) -> int | None:
        return await self.session.scalar(
            select(CatalogProjection.version).where(CatalogProjection.resource_id == resource_id)
        )

    async def keep_if_newer(self, snapshot: catalog_pb2.BookabilitySnapshot) -> bool:
        """Store the snapshot unless one of the same or a higher version is there (events may
        arrive late, twice or out of order); True when it was stored."""
        new = insert(CatalogProjection).values(
            resource_id=snapshot.resource_id, version=snapshot.version, snapshot=snapshot.SerializeToString()
        )
        stmt = new.on_conflict_do_update(
            index_elements=[CatalogProjection.resource_id],
            set_={"version": new.excluded.version, "snapshot": new.excluded.snapshot, "updated_at": func.now()},
            where=CatalogProjection.version < new.excluded.version,
        ).returning(CatalogProjection.resource_id)
        return (await self.session.scalar(stmt)) is not None
