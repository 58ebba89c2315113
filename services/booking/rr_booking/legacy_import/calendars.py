"""The secret of each user's calendar feed address from the old system, so the calendars people
subscribed to keep updating. A user who already has a feed here keeps theirs."""

from __future__ import annotations

from collections.abc import Sequence

from rr.booking.v1 import legacy_import_pb2
from rr.common.v1 import legacy_import_pb2 as common_pb2
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.models import CalendarToken, legacy_import_records
from rr_common.legacy_import import ALREADY_THERE, CONFLICT, CREATED, SKIPPED, ImportRecords, row

KIND = "calendar_token"


async def import_calendar_tokens(
    session: AsyncSession, items: Sequence[legacy_import_pb2.LegacyCalendarToken], dry_run: bool, source: str
) -> list[common_pb2.ImportedRow]:
    records = ImportRecords(session, legacy_import_records, source)
    await records.lock()
    known = await records.recorded(KIND, (t.old_id for t in items))
    taken = dict(
        (
            await session.execute(
                select(CalendarToken.token, CalendarToken.user_id).where(
                    CalendarToken.token.in_([t.token for t in items])
                )
            )
        )
        .tuples()
        .all()
    )
    users_with_feed = set(
        await session.scalars(
            select(CalendarToken.user_id).where(CalendarToken.user_id.in_([t.user_id for t in items]))
        )
    )
    answers, created = [], {}
    for legacy in items:
        if legacy.old_id in known:
            answers.append(row(legacy.old_id, known[legacy.old_id], ALREADY_THERE))
        elif not 16 <= len(legacy.token) <= 64:
            answers.append(
                row(legacy.old_id, 0, SKIPPED, "the feed secret is not 16-64 characters; the user makes a new one")
            )
        elif legacy.token in taken or legacy.user_id in users_with_feed:
            answers.append(
                row(
                    legacy.old_id,
                    legacy.user_id,
                    CONFLICT,
                    "the user or the secret already has a feed here; the old address stops working",
                )
            )
        else:
            if not dry_run:
                session.add(CalendarToken(user_id=legacy.user_id, token=legacy.token, username=legacy.username))
                created[legacy.old_id] = legacy.user_id
            answers.append(row(legacy.old_id, legacy.user_id, CREATED, renumbered=str(legacy.user_id) != legacy.old_id))
    if created:
        await session.flush()
        await records.record(KIND, created)
    return answers
