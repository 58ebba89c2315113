"""Old notifications and webhooks as notify's import messages (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rr.notify.v1 import legacy_import_pb2 as notify_pb2

from rr_importer.values import flag, json_list, text, timestamp

Row = Mapping[str, Any]
Skipped = list[tuple[str, str]]


def notifications(rows: Sequence[Row], users: Mapping[str, int]) -> tuple[list[notify_pb2.LegacyNotification], Skipped]:
    found, skipped = [], []
    for row in sorted(rows, key=lambda r: int(r["id"])):
        user = users.get(str(row["user_id"]))
        if user is None:
            skipped.append((str(row["id"]), f"its user (old #{row['user_id']}) was not imported"))
            continue
        message = notify_pb2.LegacyNotification(
            old_id=str(row["id"]),
            user_id=user,
            type=text(row.get("type")),
            title=text(row.get("title")),
            message=text(row.get("message")),
            is_read=flag(row.get("read", row.get("is_read"))),
        )
        if (created := timestamp(row.get("created_at"))) is not None:
            message.created_at.CopyFrom(created)
        found.append(message)
    return found, skipped


def webhooks(rows: Sequence[Row], users: Mapping[str, int]) -> tuple[list[notify_pb2.LegacyWebhook], Skipped]:
    found, skipped = [], []
    for row in sorted(rows, key=lambda r: int(r["id"])):
        user = users.get(str(row["user_id"]))
        if user is None:
            skipped.append((str(row["id"]), f"its owner (old #{row['user_id']}) was not imported"))
            continue
        message = notify_pb2.LegacyWebhook(
            old_id=str(row["id"]),
            user_id=user,
            url=text(row.get("url")),
            secret=text(row.get("secret")),
            events=[str(e) for e in json_list(row.get("events"))],
            description=text(row.get("description")),
            is_active=flag(row.get("is_active"), default=True),
        )
        if (created := timestamp(row.get("created_at"))) is not None:
            message.created_at.CopyFrom(created)
        found.append(message)
    return found, skipped


def user_settings(rows: Sequence[Row], users: Mapping[str, int]) -> list[notify_pb2.LegacyUserSettings]:
    """users.email_notifications and users.reminder_hours, where the old schema has them."""
    return [
        notify_pb2.LegacyUserSettings(
            old_id=str(r["id"]),
            user_id=users[str(r["id"])],
            email_notifications=flag(r.get("email_notifications"), default=True),
            reminder_hours=int(r.get("reminder_hours") or 0),
        )
        for r in sorted(rows, key=lambda r: int(r["id"]))
        if str(r["id"]) in users and ("email_notifications" in r or "reminder_hours" in r)
    ]
