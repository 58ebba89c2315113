"""Published outbox rows and processed event ids past their retention are pruned in batches;
pending rows and recent ids are never touched."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select, text

from libs.rr_common.tests.support import Tables
from rr_common.db import Database
from rr_common.housekeeping import Housekeeping

HOUR = timedelta(hours=1)


async def _seed(db: Database, tables: Tables, tag: str) -> None:
    """Per table: 5 old and published/processed, 2 recent, 2 old but still pending (outbox)."""
    async with db.session() as s:
        for i in range(9):
            age = "2 hours" if i < 5 or i >= 7 else "1 minute"
            published = "NULL" if i >= 7 else f"now() - interval '{age}'"
            await s.execute(
                text(
                    f"INSERT INTO outbox (event_id, subject, payload, headers, created_at, published_at)"  # test data
                    f" VALUES (:e, :s, '', '{{}}', now() - interval '{age}', {published})"
                ),
                {"e": str(uuid.uuid4()), "s": f"rr.kernel.{tag}"},
            )
        for i in range(7):
            age = "2 hours" if i < 5 else "1 minute"
            await s.execute(
                text(f"INSERT INTO inbox (consumer, event_id, processed_at) VALUES (:c, :e, now() - interval '{age}')"),
                {"c": f"prune-{tag}", "e": uuid.uuid4().hex},
            )


async def _counts(db: Database, tables: Tables, tag: str) -> tuple[int, int, int]:
    outbox, inbox = tables.outbox, tables.consumer.inbox
    async with db.session() as s:
        published = await s.scalar(
            select(func.count())
            .select_from(outbox)
            .where(outbox.c.subject == f"rr.kernel.{tag}", outbox.c.published_at.is_not(None))
        )
        pending = await s.scalar(
            select(func.count())
            .select_from(outbox)
            .where(outbox.c.subject == f"rr.kernel.{tag}", outbox.c.published_at.is_(None))
        )
        ids = await s.scalar(select(func.count()).select_from(inbox).where(inbox.c.consumer == f"prune-{tag}"))
    return int(published or 0), int(pending or 0), int(ids or 0)


async def test_old_published_rows_and_processed_ids_go_in_batches(kernel_db: tuple[Database, Tables]) -> None:
    db, tables = kernel_db
    tag = uuid.uuid4().hex[:8]
    await _seed(db, tables, tag)
    # Other tests' rows are in the same tables: start from a clean slate of old rows.
    keeper = Housekeeping(db, [tables.outbox], [tables.consumer.inbox], HOUR, HOUR, batch=2)
    assert await keeper.prune_once() is True, "a full batch says more is waiting"
    while await keeper.prune_once():
        pass
    assert await _counts(db, tables, tag) == (2, 2, 2), "recent rows and pending events stay"
