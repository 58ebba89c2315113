"""Retention: delete audit entries older than the configured number of days, in small batches."""

from __future__ import annotations

from datetime import timedelta

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_common.timeconv import utcnow
from rr_notify.audit.repository import AuditRepository

log = get_logger("rr.notify.audit")


class AuditRetention:
    name = "audit-retention"

    def __init__(self, db: Database, retention_days: int, batch_size: int = 1000) -> None:
        self.db = db
        self.retention_days = retention_days
        self.batch_size = batch_size

    async def run_once(self) -> int:
        if self.retention_days <= 0:
            return 0
        async with self.db.session() as session:
            deleted = await AuditRepository(session).delete_older_than(
                utcnow() - timedelta(days=self.retention_days), self.batch_size
            )
        if deleted:
            log.info("audit entries past retention deleted", count=deleted, retention_days=self.retention_days)
        return deleted
