"""Reminders of the old system's reservations still ahead: scheduled at each user's lead time
(their imported choice or the default), so they fire like any other. A reminder whose moment has
already passed is skipped with a reason; nothing is sent at import time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rr.common.v1 import legacy_import_pb2 as common_pb2
from rr.notify.v1 import legacy_import_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.legacy_import import ALREADY_THERE, CREATED, SKIPPED, ImportRecords, row
from rr_common.timeconv import from_timestamp, utcnow
from rr_notify.inapp.domain import ReservationFacts
from rr_notify.inapp.preferences import Preferences
from rr_notify.models import legacy_import_records
from rr_notify.reminders.service import Reminders

KIND = "reminder"


def facts_of(legacy: legacy_import_pb2.LegacyReminder) -> ReservationFacts:
    return ReservationFacts(
        reservation_id=legacy.reservation_id,
        user_id=legacy.user_id,
        resource_id=legacy.resource_id,
        resource_name=legacy.resource_name,
        start=from_timestamp(legacy.start_time),
        end=from_timestamp(legacy.end_time),
        timezone=legacy.timezone,
    )


class ReminderImport:
    def __init__(self, preferences: Preferences, reminders: Reminders) -> None:
        self.preferences = preferences
        self.reminders = reminders

    async def __call__(
        self, session: AsyncSession, items: Sequence[legacy_import_pb2.LegacyReminder], dry_run: bool, source: str
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(KIND, (r.old_id for r in items))
        todo = [r for r in items if r.old_id not in known]
        leads = await self.preferences.lead_minutes(session, {r.user_id for r in todo})
        now = utcnow()
        due = {r.old_id for r in todo if from_timestamp(r.start_time) - timedelta(minutes=leads[r.user_id]) > now}
        if not dry_run:
            await self.reminders.schedule(session, [facts_of(r) for r in todo if r.old_id in due], leads, now)
            await records.record(KIND, {r.old_id: r.reservation_id for r in todo if r.old_id in due})
        return [
            row(r.old_id, known[r.old_id], ALREADY_THERE)
            if r.old_id in known
            else row(r.old_id, r.reservation_id, CREATED)
            if r.old_id in due
            else row(
                r.old_id,
                0,
                SKIPPED,
                f"its reminder was due {leads[r.user_id]} minutes before the start, which has passed",
            )
            for r in items
        ]
