"""Creating the old system's in-app notifications (read or not, as they were) and webhooks (with
their secrets, so receivers keep verifying signatures), and one audit record per kind of row an
import run handled. Nothing here delivers anything: no e-mail, no push, no webhook call."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from rr.common.v1 import legacy_import_pb2 as common_pb2
from rr.notify.v1 import legacy_import_pb2
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_common.legacy_import import ALREADY_THERE, CREATED, SKIPPED, ImportRecords, row
from rr_common.timeconv import from_timestamp, utcnow
from rr_notify.audit.models import AuditEntry
from rr_notify.inapp.models import Notification
from rr_notify.models import legacy_import_records
from rr_notify.webhooks.models import Webhook

NOTIFICATION, WEBHOOK = "notification", "webhook"
IMPORTED_SUBJECT = subjects.IMPORTER_OLD_SYSTEM_IMPORTED


def notification_row(legacy: legacy_import_pb2.LegacyNotification) -> dict[str, Any]:
    values: dict[str, Any] = {
        "user_id": legacy.user_id,
        "type": legacy.type[:50] or "system_announcement",
        "title": legacy.title[:200],
        "message": legacy.message,
        "is_read": legacy.is_read,
    }
    if legacy.HasField("created_at"):
        values["created_at"] = from_timestamp(legacy.created_at)
    return values


def webhook_row(legacy: legacy_import_pb2.LegacyWebhook) -> dict[str, Any]:
    values: dict[str, Any] = {
        "url": legacy.url,
        "events": [e[:100] for e in legacy.events],
        "description": legacy.description[:500],
        "secret": legacy.secret,
        "is_active": legacy.is_active,
        "created_by": legacy.user_id,
    }
    if legacy.HasField("created_at"):
        values["created_at"] = values["updated_at"] = from_timestamp(legacy.created_at)
    return values


class NotifyImport:
    async def notifications(
        self, session: AsyncSession, items: Sequence[legacy_import_pb2.LegacyNotification], dry_run: bool, source: str
    ) -> list[common_pb2.ImportedRow]:
        return await self._import(session, NOTIFICATION, Notification, items, notification_row, dry_run, source)

    async def webhooks(
        self, session: AsyncSession, items: Sequence[legacy_import_pb2.LegacyWebhook], dry_run: bool, source: str
    ) -> list[common_pb2.ImportedRow]:
        valid = [w for w in items if w.url.startswith(("https://", "http://")) and w.secret]
        answers = {
            w.old_id: row(w.old_id, 0, SKIPPED, "no http(s) address or no secret") for w in items if w not in valid
        }
        for answer in await self._import(session, WEBHOOK, Webhook, valid, webhook_row, dry_run, source):
            answers[answer.old_id] = answer
        return [answers[w.old_id] for w in items]

    async def _import(
        self,
        session: AsyncSession,
        kind: str,
        model: type[Any],
        items: Sequence[Any],
        to_row: Any,
        dry_run: bool,
        source: str,
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(kind, (i.old_id for i in items))
        todo = [i for i in items if i.old_id not in known]
        created: dict[str, int] = {}
        if todo and not dry_run:
            result = await session.execute(insert(model).values([to_row(i) for i in todo]).returning(model.id))
            created = {i.old_id: new for i, new in zip(todo, result.scalars(), strict=True)}
            await records.record(kind, created)
        return [
            row(i.old_id, known[i.old_id], ALREADY_THERE)
            if i.old_id in known
            else row(i.old_id, created.get(i.old_id, 0), CREATED, renumbered=str(created.get(i.old_id, 0)) != i.old_id)
            for i in items
        ]

    async def record(self, session: AsyncSession, source: str, counts: Sequence[legacy_import_pb2.ImportCount]) -> int:
        """One audit entry per kind: what the run created, found already there, skipped and flagged."""
        now = utcnow()
        rows = [
            {
                "event_id": f"import-{uuid.uuid4()}",
                "subject": IMPORTED_SUBJECT,
                "source_service": "importer",
                "action": "old_system.imported",
                "entity_type": c.kind[:50],
                "entity_id": source[:64],
                "actor_user_id": 0,
                "occurred_at": now,
                "payload_type": "import counts",
                "payload_json": {
                    "source": source,
                    "created": c.created,
                    "already_there": c.already_there,
                    "skipped": c.skipped,
                    "conflicts": c.conflicts,
                },
            }
            for c in counts
        ]
        if rows:
            await session.execute(insert(AuditEntry).values(rows))
        return len(rows)
