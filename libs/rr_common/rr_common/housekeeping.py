"""Nothing the kernel writes grows without bound: published outbox rows and inbox rows past their
retention are deleted in small batches, a transaction each, so a large backlog never holds locks
or bloats one transaction.

The inbox is what makes a redelivered event change nothing, so it must outlive every way an event
can come again: NATS redeliveries (minutes), a relay's re-publish (the duplicate window) and a
consumer replaying its producer's stream, which keeps events for its max age. Its retention
therefore defaults above the default max age of the streams (`rr_common.streams`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Table, text

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.loops import every

log = get_logger("rr.housekeeping")
PRUNE_BATCH = 1000
PRUNE_EVERY_SECONDS = 60.0


async def _prune(db: Database, table: Table, row_key: str, aged: str, older_than: timedelta, batch: int) -> int:
    """Delete up to `batch` rows of `table` whose `aged` timestamp is older than `older_than`."""
    statement = text(
        f"DELETE FROM {table.name} WHERE {row_key} IN (SELECT {row_key} FROM {table.name}"  # our own names
        f" WHERE {aged} < now() - make_interval(secs => :age) LIMIT :batch)"
    )
    async with db.session() as session:
        return (await session.execute(statement, {"age": older_than.total_seconds(), "batch": batch})).rowcount  # type: ignore[attr-defined, no-any-return]


async def prune_published_outbox(db: Database, outbox: Table, older_than: timedelta, batch: int = PRUNE_BATCH) -> int:
    """Rows published before `older_than` ago (pending rows have no `published_at`)."""
    return await _prune(db, outbox, "id", "published_at", older_than, batch)


async def prune_inbox(db: Database, inbox: Table, older_than: timedelta, batch: int = PRUNE_BATCH) -> int:
    # The inbox's key has two columns; its physical row id names one row as well.
    return await _prune(db, inbox, "ctid", "processed_at", older_than, batch)


class Housekeeping:
    """Prunes one service's outbox and inboxes on a timer (a background part of its runtime)."""

    def __init__(
        self,
        db: Database,
        outboxes: Sequence[Table],
        inboxes: Sequence[Table],
        outbox_retention: timedelta,
        inbox_retention: timedelta,
        batch: int = PRUNE_BATCH,
    ) -> None:
        self._db = db
        self._outboxes = list(dict.fromkeys(outboxes))
        self._inboxes = list(dict.fromkeys(inboxes))
        self._outbox_retention = outbox_retention
        self._inbox_retention = inbox_retention
        self._batch = batch

    async def prune_once(self) -> bool:
        """One batch of each table; True when any batch was full (more is waiting)."""
        full = False
        for outbox in self._outboxes:
            full |= await prune_published_outbox(self._db, outbox, self._outbox_retention, self._batch) >= self._batch
        for inbox in self._inboxes:
            full |= await prune_inbox(self._db, inbox, self._inbox_retention, self._batch) >= self._batch
        return full

    async def run(self, interval: float = PRUNE_EVERY_SECONDS) -> None:
        await every(interval, self.prune_once, log, "pruning the outbox or inbox failed; retrying")
