"""Each user's notification choices from the old system: e-mail off stays off (for every kind of
notification), and the reminder comes as long before as it did. A choice the user already made
here is kept."""

from __future__ import annotations

from collections.abc import Sequence

from rr.common.v1 import legacy_import_pb2 as common_pb2
from rr.notify.v1 import legacy_import_pb2
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.legacy_import import ALREADY_THERE, CREATED, ImportRecords, row
from rr_notify.inapp.domain import EMAIL, TYPES
from rr_notify.inapp.models import Preference, UserSettings
from rr_notify.models import legacy_import_records

KIND = "user_settings"
REMINDER_HOURS_MAX = 24 * 14


async def import_user_settings(
    session: AsyncSession, items: Sequence[legacy_import_pb2.LegacyUserSettings], dry_run: bool, source: str
) -> list[common_pb2.ImportedRow]:
    records = ImportRecords(session, legacy_import_records, source)
    await records.lock()
    known = await records.recorded(KIND, (s.old_id for s in items))
    todo = [s for s in items if s.old_id not in known]
    if todo and not dry_run:
        muted = [
            {"user_id": s.user_id, "type": t, "channel": EMAIL, "enabled": False}
            for s in todo
            if not s.email_notifications
            for t in TYPES
        ]
        if muted:
            await session.execute(insert(Preference).on_conflict_do_nothing(), muted)
        leads = [
            {"user_id": s.user_id, "reminder_minutes": min(s.reminder_hours, REMINDER_HOURS_MAX) * 60}
            for s in todo
            if s.reminder_hours > 0
        ]
        if leads:
            await session.execute(insert(UserSettings).on_conflict_do_nothing(), leads)
        await records.record(KIND, {s.old_id: s.user_id for s in todo})
    return [
        row(s.old_id, known[s.old_id], ALREADY_THERE)
        if s.old_id in known
        else row(s.old_id, s.user_id, CREATED, renumbered=str(s.user_id) != s.old_id)
        for s in items
    ]
