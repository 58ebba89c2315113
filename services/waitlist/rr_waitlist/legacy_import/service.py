"""Creating the old system's waitlist entries in their queue order (the queue is ordered by id,
so entries are inserted in the old order: per resource, by old position). An offer the old system
had made holds nothing here (its hold never existed in booking): the entry waits again, first in
line. Nothing is published: an imported entry must not offer or announce anything."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rr.common.v1 import legacy_import_pb2 as common_pb2
from rr.waitlist.v1 import legacy_import_pb2
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.legacy_import import ALREADY_THERE, CREATED, SKIPPED, ImportRecords, row
from rr_common.timeconv import from_timestamp
from rr_waitlist.models import STATUSES, WAITING, WaitlistEntry, legacy_import_records

KIND = "waitlist_entry"
# The old system's words for states with another name here.
STATUS = {"offered": WAITING, "notified": WAITING, "active": WAITING, "canceled": "cancelled", "booked": "fulfilled"}


def entry_row(legacy: legacy_import_pb2.LegacyEntry, status: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "resource_id": legacy.resource_id,
        "user_id": legacy.user_id,
        "desired_start": from_timestamp(legacy.desired_start),
        "desired_end": from_timestamp(legacy.desired_end),
        "flexible_time": legacy.flexible_time,
        "status": status,
        "resource_name": legacy.resource_name,
    }
    if legacy.HasField("created_at"):
        values["created_at"] = values["updated_at"] = from_timestamp(legacy.created_at)
    return values


class EntryImport:
    async def run(
        self, session: AsyncSession, entries: Sequence[legacy_import_pb2.LegacyEntry], dry_run: bool, source: str = ""
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(KIND, (e.old_id for e in entries))
        answers: list[common_pb2.ImportedRow] = []
        created: dict[str, int] = {}
        for legacy in entries:  # one at a time, in order: the id is the place in the queue
            status = STATUS.get(legacy.status.lower(), legacy.status.lower())
            if legacy.old_id in known:
                answers.append(row(legacy.old_id, known[legacy.old_id], ALREADY_THERE))
            elif status not in STATUSES:
                answers.append(
                    row(legacy.old_id, 0, SKIPPED, f"status {legacy.status!r} is not one of {', '.join(STATUSES)}")
                )
            elif legacy.desired_end.ToDatetime() <= legacy.desired_start.ToDatetime():
                answers.append(row(legacy.old_id, 0, SKIPPED, "the wanted time ends before it starts"))
            elif dry_run:
                answers.append(row(legacy.old_id, 0, CREATED))
            else:
                new_id = await session.scalar(
                    insert(WaitlistEntry).values(entry_row(legacy, status)).returning(WaitlistEntry.id)
                )
                assert new_id is not None
                created[legacy.old_id] = new_id
                answers.append(row(legacy.old_id, new_id, CREATED, renumbered=str(new_id) != legacy.old_id))
        await records.record(KIND, created)
        return answers
