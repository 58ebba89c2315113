"""Creating the old system's resources as they were: name, description, tags, status, approval,
opening hours and blackout dates, in one transaction per resource batch. Each old row is recorded
with the id it became, so running the import again changes nothing. The events published are the
ones other services keep projections from (booking judges bookability from them); none notifies
anyone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rr.catalog.v1 import legacy_import_pb2
from rr.common.v1 import legacy_import_pb2 as common_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.hours.domain import BusinessHours, Opening, hours_key
from rr_catalog.hours.effective import OWN
from rr_catalog.hours.repository import HoursRepository
from rr_catalog.legacy_import.taxonomy import GROUP, LABEL
from rr_catalog.models import BlackoutDate, Resource, legacy_import_records
from rr_catalog.resources.domain import AVAILABLE, STATUSES, search_text
from rr_catalog.resources.reads import labelled
from rr_catalog.resources.repository import ResourceRepository
from rr_common.legacy_import import ALREADY_THERE, CONFLICT, CREATED, SKIPPED, ImportRecords, row
from rr_common.timeconv import from_timestamp

KIND = "resource"


class ResourceImport:
    async def run(
        self,
        session: AsyncSession,
        resources: Sequence[legacy_import_pb2.LegacyResource],
        dry_run: bool,
        source: str = "",
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(KIND, (r.old_id for r in resources))
        free = await records.keepable_ids(
            KIND, Resource.__table__, (r.old_id for r in resources if r.old_id not in known)
        )
        groups = await records.recorded(GROUP, {r.group_old_id for r in resources if r.group_old_id})
        labels = await records.recorded(LABEL, {old for r in resources for old in r.label_old_ids})
        answers: list[common_pb2.ImportedRow] = []
        created: dict[str, int] = {}
        for legacy in resources:
            if legacy.old_id in known:
                answers.append(row(legacy.old_id, known[legacy.old_id], ALREADY_THERE))
                continue
            refusal = await self._refusal(session, legacy)
            if refusal is not None:
                answers.append(refusal)
                continue
            old_numeric = int(legacy.old_id) if legacy.old_id.isdigit() else 0
            new_id = old_numeric if old_numeric in free else None
            if dry_run:
                answers.append(row(legacy.old_id, new_id or 0, CREATED, renumbered=new_id is None))
                continue
            taxonomy = (
                groups.get(legacy.group_old_id),
                sorted({labels[o] for o in legacy.label_old_ids if o in labels}),
            )
            resource = await self._create(session, legacy, new_id, taxonomy)
            created[legacy.old_id] = resource.id
            answers.append(row(legacy.old_id, resource.id, CREATED, renumbered=resource.id != old_numeric))
        if created:
            await records.record(KIND, created)
            await records.advance_sequence(Resource.__table__)
        return answers

    async def _refusal(
        self, session: AsyncSession, legacy: legacy_import_pb2.LegacyResource
    ) -> common_pb2.ImportedRow | None:
        if not legacy.name.strip() or len(legacy.name) > 200:
            return row(legacy.old_id, 0, SKIPPED, "the name is empty or longer than 200 characters")
        taken = await ResourceRepository(session).live_id_named(legacy.name)
        if taken is not None:
            return row(
                legacy.old_id,
                taken,
                CONFLICT,
                f"a resource named {legacy.name!r} already exists (#{taken}); not merged",
            )
        return None

    async def _create(
        self,
        session: AsyncSession,
        legacy: legacy_import_pb2.LegacyResource,
        new_id: int | None,
        taxonomy: tuple[int | None, list[int]],
    ) -> Resource:
        tags = sorted({t.strip().lower()[:50] for t in legacy.tags if t.strip()})
        resource = Resource(
            name=legacy.name.strip(),
            description=legacy.description,
            tags=tags,
            status=legacy.status if legacy.status in STATUSES else AVAILABLE,
            status_reason=legacy.status_reason[:500],
            requires_approval=legacy.requires_approval,
            search_text=search_text(legacy.name, legacy.description, tags, ""),
            group_id=taxonomy[0],
        )
        if new_id is not None:
            resource.id = new_id
        if legacy.HasField("created_at"):
            resource.created_at = from_timestamp(legacy.created_at)
        openings = [
            Opening(h.day_of_week, h.open_minute, h.close_minute)
            for h in legacy.hours
            if not h.closed and 0 <= h.day_of_week <= 6 and 0 <= h.open_minute < h.close_minute <= 1440
        ]
        resource.hours_key = hours_key(openings)
        session.add(resource)
        await session.flush()
        await ResourceRepository(session).set_labels(resource.id, taxonomy[1])
        found = await labelled(session, resource)
        await events.resource_created(session, found.resource, found.labels)
        repo = HoursRepository(session)
        if openings:
            await repo.replace_openings(resource.id, openings)
            await events.hours_changed(session, BusinessHours(resource.id, resource.timezone, openings, OWN))
        for blackout in legacy.blackouts:
            day = date.fromisoformat(blackout.date)
            added = await repo.add_blackout(
                BlackoutDate(resource_id=resource.id, start_date=day, end_date=day, reason=blackout.reason[:500])
            )
            await events.blackout_added(session, added)
        await publish_bookability(session, [resource.id])
        return resource
