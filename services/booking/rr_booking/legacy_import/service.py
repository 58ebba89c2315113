"""Creating the old system's reservations as they were: every status, the times as instants,
cancellation reasons, history, and series (the rule, with cancelled or moved occurrences as
exceptions). Imported reservations that occupy their slot do so under the same exclusion
constraint as any booking. Where the old system double-booked, both rows are imported: the later
one keeps its status but is flagged and occupies nothing (an empty range), so the constraint holds
and an administrator can settle it from the report. Nothing is published: an imported
reservation must not send anyone a 'booked' message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rr.booking.v1 import legacy_import_pb2
from rr.common.v1 import legacy_import_pb2 as common_pb2
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.legacy_import.repository import LegacyRepository
from rr_booking.models import OCCUPYING, STATES, Reservation, legacy_import_records
from rr_common.db import sqlstate
from rr_common.legacy_import import ALREADY_THERE, CONFLICT, CREATED, SKIPPED, ImportRecords, row
from rr_common.timeconv import from_timestamp

SERIES, RESERVATION, HISTORY = "series", "reservation", "reservation_history"
EXCLUSION_VIOLATION = "23P01"
DOUBLE_BOOKED = (
    "Imported from the old system, which double-booked this slot: it overlaps reservation #{other}. "
    "It holds no slot until an administrator settles it."
)


def series_row(legacy: legacy_import_pb2.LegacySeries) -> dict[str, Any]:
    return {
        "user_id": legacy.user_id,
        "resource_id": legacy.resource_id,
        "rrule": legacy.rrule,
        "exdates": [from_timestamp(t) for t in legacy.exdates],
        "start_time": from_timestamp(legacy.start_time),
        "end_time": from_timestamp(legacy.end_time),
        "timezone": "UTC",
        "resource_name": legacy.resource_name,
        "status": "cancelled" if legacy.cancelled else "active",
    }


def reservation_row(
    legacy: legacy_import_pb2.LegacyReservation, series_id: int | None, new_id: int | None
) -> dict[str, Any]:
    start, end = from_timestamp(legacy.start_time), from_timestamp(legacy.end_time)
    values: dict[str, Any] = {
        "user_id": legacy.user_id,
        "resource_id": legacy.resource_id,
        "start_time": start,
        "end_time": end,
        "occupied_start": start,
        "occupied_end": end,
        "status": legacy.status,
        "timezone": "UTC",
        "resource_name": legacy.resource_name,
        "username": legacy.username,
        "cancellation_reason": legacy.cancellation_reason,
        "series_id": series_id,
        "recurrence_id": from_timestamp(legacy.recurrence_id) if legacy.HasField("recurrence_id") else None,
    }
    if legacy.HasField("created_at"):
        values["created_at"] = from_timestamp(legacy.created_at)
    if new_id is not None:
        values["id"] = new_id
    return values


class ReservationImport:
    async def series(
        self, session: AsyncSession, items: Sequence[legacy_import_pb2.LegacySeries], dry_run: bool, source: str = ""
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(SERIES, (s.old_id for s in items))
        todo = [s for s in items if s.old_id not in known]
        answers = {s.old_id: row(s.old_id, known[s.old_id], ALREADY_THERE) for s in items if s.old_id in known}
        if todo and not dry_run:
            ids = await LegacyRepository(session).insert_series([series_row(s) for s in todo])
            await records.record(SERIES, {s.old_id: new for s, new in zip(todo, ids, strict=True)})
            answers |= {
                s.old_id: row(s.old_id, new, CREATED, renumbered=str(new) != s.old_id)
                for s, new in zip(todo, ids, strict=True)
            }
        answers |= {s.old_id: row(s.old_id, 0, CREATED) for s in todo if s.old_id not in answers}
        return [answers[s.old_id] for s in items]

    async def reservations(
        self,
        session: AsyncSession,
        items: Sequence[legacy_import_pb2.LegacyReservation],
        dry_run: bool,
        source: str = "",
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(RESERVATION, (r.old_id for r in items))
        series_ids = await records.recorded(SERIES, {r.series_old_id for r in items if r.series_old_id})
        free = await records.keepable_ids(
            RESERVATION, Reservation.__table__, (r.old_id for r in items if r.old_id not in known)
        )
        answers: dict[str, common_pb2.ImportedRow] = {}
        todo: list[tuple[legacy_import_pb2.LegacyReservation, dict[str, Any]]] = []
        for legacy in items:
            if legacy.old_id in known:
                answers[legacy.old_id] = row(legacy.old_id, known[legacy.old_id], ALREADY_THERE)
            elif legacy.status not in STATES:
                answers[legacy.old_id] = row(
                    legacy.old_id, 0, SKIPPED, f"status {legacy.status!r} is not one of {', '.join(STATES)}"
                )
            elif legacy.end_time.ToDatetime() <= legacy.start_time.ToDatetime():
                answers[legacy.old_id] = row(legacy.old_id, 0, SKIPPED, "it ends before it starts")
            else:
                numeric = int(legacy.old_id) if legacy.old_id.isdigit() else 0
                todo.append(
                    (
                        legacy,
                        reservation_row(
                            legacy, series_ids.get(legacy.series_old_id), numeric if numeric in free else None
                        ),
                    )
                )
        if dry_run:
            answers |= {legacy.old_id: row(legacy.old_id, values.get("id", 0), CREATED) for legacy, values in todo}
        elif todo:
            answers |= await self._insert(session, todo)
            created = {old: answer.new_id for old, answer in answers.items() if answer.outcome in (CREATED, CONFLICT)}
            await records.record(RESERVATION, {old: new for old, new in created.items() if old not in known})
            await self._history(session, records, [legacy for legacy, _ in todo], created)
            await records.advance_sequence(Reservation.__table__)
        return [answers[r.old_id] for r in items]

    async def _insert(
        self, session: AsyncSession, todo: Sequence[tuple[legacy_import_pb2.LegacyReservation, dict[str, Any]]]
    ) -> dict[str, common_pb2.ImportedRow]:
        """All in one statement; when the old system double-booked inside the batch, row by row."""
        repo = LegacyRepository(session)
        try:
            async with session.begin_nested():
                ids = await repo.insert_reservations([values for _, values in todo])
            return {legacy.old_id: self._created(legacy, new) for (legacy, _), new in zip(todo, ids, strict=True)}
        except IntegrityError as exc:
            if sqlstate(exc) != EXCLUSION_VIOLATION:
                raise
        answers = {}
        for legacy, values in todo:
            answers[legacy.old_id] = await self._insert_one(session, repo, legacy, values)
        return answers

    async def _insert_one(
        self,
        session: AsyncSession,
        repo: LegacyRepository,
        legacy: legacy_import_pb2.LegacyReservation,
        values: dict[str, Any],
    ) -> common_pb2.ImportedRow:
        try:
            async with session.begin_nested():
                (new_id,) = await repo.insert_reservations([values])
            return self._created(legacy, new_id)
        except IntegrityError as exc:
            if sqlstate(exc) != EXCLUSION_VIOLATION:
                raise
        other = await repo.occupant(values["resource_id"], values["occupied_start"], values["occupied_end"])
        # Kept with its status but occupying nothing ('[)' of one instant is empty).
        flagged = values | {"occupied_end": values["occupied_start"], "notes": DOUBLE_BOOKED.format(other=other)}
        (new_id,) = await repo.insert_reservations([flagged])
        return row(
            legacy.old_id,
            new_id,
            CONFLICT,
            f"double-booked: overlaps reservation #{other}",
            renumbered=str(new_id) != legacy.old_id,
        )

    @staticmethod
    def _created(legacy: legacy_import_pb2.LegacyReservation, new_id: int) -> common_pb2.ImportedRow:
        return row(legacy.old_id, new_id, CREATED, renumbered=str(new_id) != legacy.old_id)

    async def _history(
        self,
        session: AsyncSession,
        records: ImportRecords,
        items: Sequence[legacy_import_pb2.LegacyReservation],
        created: dict[str, int],
    ) -> None:
        rows, old_ids = [], []
        for legacy in items:
            if legacy.old_id not in created:
                continue
            for entry in legacy.history:
                rows.append(
                    {
                        "reservation_id": created[legacy.old_id],
                        "from_status": None,
                        "to_status": _status_after(entry.action, legacy.status),
                        "actor_user_id": entry.actor_user_id,
                        "reason": entry.details,
                        **({"created_at": from_timestamp(entry.at)} if entry.HasField("at") else {}),
                    }
                )
                old_ids.append(entry.old_id)
        ids = await LegacyRepository(session).insert_history(rows)
        await records.record(HISTORY, dict(zip(old_ids, ids, strict=True)))


def _status_after(action: str, final: str) -> str:
    """The status an old history action led to (the old rows name actions, not states)."""
    verb = action.lower()
    if "cancel" in verb:
        return "cancelled"
    if verb in ("created", "booked", "approved", "restored"):
        return "confirmed" if final in OCCUPYING or final in ("completed", "cancelled") else final
    if "reject" in verb:
        return "rejected"
    return final
