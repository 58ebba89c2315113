"""Events of one aggregate can arrive out of order (two relays, or a redelivery behind a newer
event). Each reservation event carries the reservation's version; a reaction to an event older
than one already reacted to is skipped, so a reminder cancelled by `cancelled` is not scheduled
again by a late `created`. Audit and webhooks still record every event: each is a fact."""

from __future__ import annotations

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


async def is_current(session: AsyncSession, event: DomainEvent) -> bool:
    """Record the event's version unless a newer one was seen; False when the event is stale."""
    found = reservation_version(event)
    if found is None:
        return True
    reservation_id, version = found
    table = AggregateVersion.__table__
    statement = (
        insert(AggregateVersion)
        .values(aggregate="reservation", aggregate_id=reservation_id, version=version)
        .on_conflict_do_update(
            index_elements=[table.c.aggregate, table.c.aggregate_id],
            set_={"version": version},
            # Equal versions pass: two events of one change are both current.
            where=table.c.version <= version,
        )
        .returning(table.c.version)
    )
    return (await session.execute(statement)).first() is not None
