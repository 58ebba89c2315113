"""Old reservations, their history and recurrence rules as booking's import messages (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from dateutil.rrule import rrulestr
from rr.booking.v1 import legacy_import_pb2 as booking_pb2
from rr.notify.v1 import legacy_import_pb2 as notify_pb2
from rr.waitlist.v1 import legacy_import_pb2 as waitlist_pb2

from rr_importer.convert import reservation_status, rrule_of
from rr_importer.values import instant, text, timestamp

Row = Mapping[str, Any]


@dataclass
class Occurrence:
    series_old_id: str
    recurrence_id: datetime


@dataclass
class SeriesPlan:
    series: list[booking_pb2.LegacySeries] = field(default_factory=list)
    occurrences: dict[str, Occurrence] = field(default_factory=dict)  # old reservation id -> its slot


def series(
    rules: Sequence[Row],
    rows: Sequence[Row],
    users: Mapping[str, int],
    resources: Mapping[str, int],
    now: datetime,
    resource_names: Mapping[str, str] | None = None,
) -> SeriesPlan:
    """One series per old recurrence rule that has reservations: the rule from its first
    occurrence; occurrences cancelled or not at the rule's time become exceptions (exdates)."""
    by_rule: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get("recurrence_rule_id") is not None:
            by_rule[str(row["recurrence_rule_id"])].append(row)
    plan = SeriesPlan()
    for rule in rules:
        members = sorted(
            by_rule.get(str(rule["id"]), []), key=lambda r: (r.get("parent_reservation_id") is not None, int(r["id"]))
        )
        if not members:
            continue
        first = members[0]
        user, resource = users.get(str(first["user_id"])), resources.get(str(first["resource_id"]))
        start, end = instant(first["start_time"]), instant(first["end_time"])
        if user is None or resource is None or start is None or end is None:
            continue  # its reservations are imported on their own (and reported if skipped)
        text_rule = rrule_of(rule)
        slots = list(islice(rrulestr(text_rule, dtstart=start), len(members)))
        exdates = []
        for member, slot in zip(members, slots, strict=False):
            plan.occurrences[str(member["id"])] = Occurrence(str(rule["id"]), slot)
            moved = instant(member["start_time"]) != slot
            if (
                moved
                or reservation_status(text(member["status"]), instant(member["end_time"]) or end, now) == "cancelled"
            ):
                exdates.append(slot)
        message = booking_pb2.LegacySeries(
            old_id=str(rule["id"]),
            user_id=user,
            resource_id=resource,
            rrule=text_rule,
            resource_name=(resource_names or {}).get(str(first["resource_id"]), ""),
            cancelled=len(exdates) == len(members),
        )
        message.start_time.FromDatetime(start)
        message.end_time.FromDatetime(end)
        for moment in exdates:
            message.exdates.add().FromDatetime(moment)
        plan.series.append(message)
    return plan


@dataclass
class ReservationPlan:
    reservations: list[booking_pb2.LegacyReservation] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (old id, why)


def reservations(
    rows: Sequence[Row],
    history: Sequence[Row],
    users: Mapping[str, int],
    resources: Mapping[str, int],
    names: Mapping[str, Mapping[str, str]],
    occurrences: Mapping[str, Occurrence],
    now: datetime,
) -> ReservationPlan:
    history_of: dict[str, list[Row]] = defaultdict(list)
    for entry in history:
        history_of[str(entry["reservation_id"])].append(entry)
    plan = ReservationPlan()
    for row in sorted(rows, key=lambda r: int(r["id"])):
        old_id = str(row["id"])
        user, resource = users.get(str(row["user_id"])), resources.get(str(row["resource_id"]))
        start, end = instant(row["start_time"]), instant(row["end_time"])
        if user is None:
            plan.skipped.append((old_id, f"its user (old #{row['user_id']}) was not imported"))
            continue
        if resource is None:
            plan.skipped.append((old_id, f"its resource (old #{row['resource_id']}) was not imported"))
            continue
        if start is None or end is None:
            plan.skipped.append((old_id, "it has no start or end time"))
            continue
        message = booking_pb2.LegacyReservation(
            old_id=old_id,
            user_id=user,
            resource_id=resource,
            status=reservation_status(text(row["status"]), end, now),
            cancellation_reason=text(row.get("cancellation_reason")),
            username=names["users"].get(str(row["user_id"]), ""),
            resource_name=names["resources"].get(str(row["resource_id"]), ""),
        )
        message.start_time.FromDatetime(start)
        message.end_time.FromDatetime(end)
        if (created := timestamp(row.get("created_at"))) is not None:
            message.created_at.CopyFrom(created)
        if (occurrence := occurrences.get(old_id)) is not None:
            message.series_old_id = occurrence.series_old_id
            message.recurrence_id.FromDatetime(occurrence.recurrence_id)
        for entry in sorted(history_of.get(old_id, []), key=lambda e: int(e["id"])):
            item = message.history.add(
                old_id=str(entry["id"]),
                action=text(entry.get("action")),
                details=text(entry.get("details")),
                actor_user_id=users.get(str(entry.get("user_id")), 0),
            )
            if (at := timestamp(entry.get("timestamp"))) is not None:
                item.at.CopyFrom(at)
        plan.reservations.append(message)
    return plan


def waitlist(
    rows: Sequence[Row], users: Mapping[str, int], resources: Mapping[str, int], names: Mapping[str, str]
) -> tuple[list[waitlist_pb2.LegacyEntry], list[tuple[str, str]]]:
    """Entries in queue order (per resource, by old position), and the ones that cannot go in."""
    entries, skipped = [], []
    for row in sorted(rows, key=lambda r: (int(r["resource_id"]), int(r.get("position") or 0), int(r["id"]))):
        old_id = str(row["id"])
        user, resource = users.get(str(row["user_id"])), resources.get(str(row["resource_id"]))
        start, end = instant(row["desired_start"]), instant(row["desired_end"])
        if user is None or resource is None or start is None or end is None:
            skipped.append((old_id, "its user or resource was not imported, or it has no wanted time"))
            continue
        entry = waitlist_pb2.LegacyEntry(
            old_id=old_id,
            user_id=user,
            resource_id=resource,
            flexible_time=bool(row.get("flexible_time")),
            status=text(row.get("status")) or "waiting",
            resource_name=names.get(str(row["resource_id"]), ""),
        )
        entry.desired_start.FromDatetime(start)
        entry.desired_end.FromDatetime(end)
        if (created := timestamp(row.get("created_at"))) is not None:
            entry.created_at.CopyFrom(created)
        entries.append(entry)
    return entries, skipped


def calendar_tokens(rows: Sequence[Row], users: Mapping[str, int]) -> list[booking_pb2.LegacyCalendarToken]:
    """Users' calendar feed secrets (users.calendar_token), for the accounts that were imported."""
    return [
        booking_pb2.LegacyCalendarToken(
            old_id=str(r["id"]),
            user_id=users[str(r["id"])],
            token=str(r["calendar_token"]),
            username=text(r["username"]),
        )
        for r in sorted(rows, key=lambda r: int(r["id"]))
        if r.get("calendar_token") and str(r["id"]) in users
    ]


def reminders(
    booked: Sequence[booking_pb2.LegacyReservation], rows: Sequence[Row], ids: Mapping[str, int], now: datetime
) -> list[notify_pb2.LegacyReminder]:
    """The confirmed reservations still ahead whose reminder the old system has not sent, under
    their new ids (the imported ones only)."""
    sent = {str(r["id"]) for r in rows if r.get("reminder_sent")}
    wanted = []
    for r in booked:
        if r.status != "confirmed" or r.old_id in sent or r.old_id not in ids or r.start_time.ToDatetime(UTC) <= now:
            continue
        reminder = notify_pb2.LegacyReminder(
            old_id=r.old_id,
            reservation_id=ids[r.old_id],
            user_id=r.user_id,
            resource_id=r.resource_id,
            resource_name=r.resource_name,
        )
        reminder.start_time.CopyFrom(r.start_time)
        reminder.end_time.CopyFrom(r.end_time)
        wanted.append(reminder)
    return wanted
