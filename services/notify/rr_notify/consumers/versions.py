"""Events of one aggregate can arrive out of order (two relays, or a redelivery behind a newer
event). Each reservation event carries the reservation's version; a reaction to an event older
than one already reacted to is skipped, so a reminder cancelled by `cancelled` is not scheduled
again by a late `created`. Audit and webhooks still record every event: each is a fact.

A batch is judged at once, as if its events came one after the other: an event is stale when a
newer version was stored before, or came earlier in the same batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.consumers.models import AggregateVersion
from rr_notify.decoding import DomainEvent


def reservation_version(event: DomainEvent) -> tuple[int, int] | None:
    """(reservation id, version) of a reservation event that carries a version."""
    message = event.message
    if message is None or "reservation" not in message.DESCRIPTOR.fields_by_name or not message.HasField("reservation"):
        return None
    reservation = message.reservation  # type: ignore[attr-defined]
    if reservation.id <= 0 or reservation.version <= 0:
        return None  # from a producer that does not version its events yet
    return int(reservation.id), int(reservation.version)


async def current(session: AsyncSession, events: Sequence[DomainEvent]) -> list[bool]:
    """For each event, in order: False when it is stale. Records each reservation's newest version,
    in at most three statements however many events: new reservations are inserted (another
    replica inserting one of them waits for us), the stored versions of the others read and locked,
    and those the batch moved forward updated."""
    found = [reservation_version(e) for e in events]
    newest: dict[int, int] = {}
    for reservation_id, version in (f for f in found if f is not None):
        newest[reservation_id] = max(newest.get(reservation_id, 0), version)
    if not newest:
        return [True] * len(events)
    seen = await _stored_versions(session, newest)
    verdicts = []
    for item in found:
        if item is None:
            verdicts.append(True)
            continue
        reservation_id, version = item
        # Equal versions pass: two events of one change are both current.
        verdicts.append(version >= seen.get(reservation_id, 0))
        seen[reservation_id] = max(seen.get(reservation_id, 0), version)
    return verdicts


async def _stored_versions(session: AsyncSession, newest: dict[int, int]) -> dict[int, int]:
    """The versions stored before this batch (none for a reservation first seen), newest ones saved."""
    table = cast(Table, AggregateVersion.__table__)
    ids = sorted(newest)  # one lock order for every replica
    inserted = await session.execute(
        insert(table)
        .on_conflict_do_nothing(index_elements=[table.c.aggregate, table.c.aggregate_id])
        .returning(table.c.aggregate_id),
        [{"aggregate": "reservation", "aggregate_id": i, "version": newest[i]} for i in ids],
    )
    known = sorted(set(ids) - set(inserted.scalars()))
    if not known:
        return {}
    rows = await session.execute(
        select(table.c.aggregate_id, table.c.version)
        .where(table.c.aggregate == "reservation", table.c.aggregate_id.in_(known))
        .order_by(table.c.aggregate_id)
        .with_for_update()
    )
    stored = {row.aggregate_id: row.version for row in rows.all()}
    moved = [{"id": i, "v": newest[i]} for i in known if newest[i] > stored.get(i, 0)]
    if moved:
        await session.execute(
            update(table)
            .where(table.c.aggregate == "reservation", table.c.aggregate_id == bindparam("id"))
            .values(version=bindparam("v")),
            moved,
        )
    return stored
