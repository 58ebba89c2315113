"""Moving an entry from one state to the next, with its history line in the same transaction."""

from __future__ import annotations

from typing import Any

from rr_common.timeconv import utcnow
from rr_waitlist.entries.repository import EntryRepository
from rr_waitlist.errors import EntryNotFound
from rr_waitlist.models import WaitlistEntry

# The actor of a change no user made (an offer, an expiry, the sweep).
SYSTEM = 0


async def move(
    repo: EntryRepository, entry: WaitlistEntry, to_status: str, actor_user_id: int, reason: str, **fields: Any
) -> None:
    before = entry.status
    entry.status = to_status
    entry.updated_at = utcnow()
    for name, value in fields.items():
        setattr(entry, name, value)
    await repo.session.flush()
    await repo.record([entry], [before], actor_user_id, reason)


def not_found(entry_id: int) -> EntryNotFound:
    """The same answer for a missing entry and someone else's: existence is not disclosed."""
    return EntryNotFound(f"Waitlist entry {entry_id} does not exist.")


async def owned(repo: EntryRepository, entry_id: int, user_id: int) -> WaitlistEntry:
    """The caller's own entry, locked for the change about to be made."""
    entry = await repo.get(entry_id, for_update=True) if entry_id > 0 else None
    if entry is None or entry.user_id != user_id:
        raise not_found(entry_id)
    return entry
