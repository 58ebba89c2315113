"""The old rows as the services' import messages (pure: no I/O). Ids of other services' rows are
already mapped: the caller passes old -> new maps for users and resources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from rr.auth.v1 import legacy_import_pb2 as auth_pb2
from rr.catalog.v1 import legacy_import_pb2 as catalog_pb2

from rr_importer.values import day_text, flag, instant, json_list, minute_of_day, text, timestamp

Row = Mapping[str, Any]
# Old role names -> roles here. Every account also gets 'user' (the old system gave it implicitly).
ROLES = {"admin": ("admin",), "manager": ("manager",), "user": (), "guest": ()}
RESOURCE_STATUSES = ("available", "unavailable", "maintenance")


def users(rows: Sequence[Row], roles: Sequence[Row], links: Sequence[Row]) -> list[auth_pb2.LegacyUser]:
    role_names = {r["id"]: str(r["name"]).lower() for r in roles}
    of_user: dict[Any, set[str]] = defaultdict(lambda: {"user"})
    for link in links:
        name = role_names.get(link["role_id"], "")
        of_user[link["user_id"]].update(ROLES.get(name, (name,)) if name else ())
    messages = []
    for row in rows:
        message = auth_pb2.LegacyUser(
            old_id=str(row["id"]),
            username=text(row["username"]),
            email=text(row.get("email")),
            password_hash=text(row.get("hashed_password") or row.get("password_hash")),
            roles=sorted(of_user[row["id"]]),
            is_active=flag(row.get("is_active", row.get("active")), default=True),
            mfa_enabled=flag(row.get("mfa_enabled")),
            mfa_secret=text(row.get("mfa_secret")) if flag(row.get("mfa_enabled")) else "",
        )
        for field, column in (("locked_until", "locked_until"), ("created_at", "created_at")):
            if (stamp := timestamp(row.get(column))) is not None:
                getattr(message, field).CopyFrom(stamp)
        messages.append(message)
    return messages


def groups(rows: Sequence[Row]) -> list[catalog_pb2.LegacyGroup]:
    """Parents first; building, floor and room (the old system's location fields) go to the description."""
    by_id = {str(r["id"]): r for r in rows}

    def depth(row: Row, seen: frozenset[str] = frozenset()) -> int:
        parent = str(row.get("parent_id") or "")
        return 0 if parent not in by_id or parent in seen else 1 + depth(by_id[parent], seen | {parent})

    messages = []
    for row in sorted(rows, key=lambda r: (depth(r), int(r["id"]))):
        where = ", ".join(
            f"{label} {row[key]}"
            for key, label in (("building", "building"), ("floor", "floor"), ("room", "room"))
            if row.get(key)
        )
        description = "; ".join(part for part in (text(row.get("description")), where) if part)
        parent = str(row.get("parent_id") or "")
        messages.append(
            catalog_pb2.LegacyGroup(
                old_id=str(row["id"]),
                name=text(row["name"]),
                description=description,
                parent_old_id=parent if parent in by_id else "",
            )
        )
    return messages


def labels(rows: Sequence[Row]) -> list[catalog_pb2.LegacyLabel]:
    """Old labels are (category, value); here a label is one name: 'category: value'."""
    return [
        catalog_pb2.LegacyLabel(
            old_id=str(r["id"]),
            name=f"{text(r.get('category'))}: {text(r.get('value'))}" if r.get("category") else text(r.get("value")),
            color=text(r.get("color")),
            description=text(r.get("description")),
        )
        for r in sorted(rows, key=lambda r: int(r["id"]))
    ]


def resources(
    rows: Sequence[Row], hours: Sequence[Row], blackouts: Sequence[Row], links: Sequence[Row] = ()
) -> list[catalog_pb2.LegacyResource]:
    """Hours and blackouts without a resource applied to every resource in the old system."""
    hours_of: dict[Any, list[Row]] = defaultdict(list)
    blackouts_of: dict[Any, list[Row]] = defaultdict(list)
    for h in hours:
        hours_of[h.get("resource_id")].append(h)
    for b in blackouts:
        blackouts_of[b.get("resource_id")].append(b)
    labels_of: dict[Any, list[str]] = defaultdict(list)
    for link in links:
        labels_of[link["resource_id"]].append(str(link["label_id"]))
    messages = []
    for row in rows:
        status = text(row.get("status")).lower() or "available"
        if status not in RESOURCE_STATUSES:
            status = "unavailable"
        if status == "available" and not flag(row.get("available"), default=True):
            status = "unavailable"
        own_hours = hours_of.get(row["id"]) or hours_of.get(None, [])
        message = catalog_pb2.LegacyResource(
            old_id=str(row["id"]),
            name=text(row["name"]),
            description=text(row.get("description")),
            tags=[str(t) for t in json_list(row.get("tags"))],
            status=status,
            status_reason="unavailable in the old system" if status != "available" else "",
            requires_approval=flag(row.get("requires_approval")),
            hours=[
                catalog_pb2.LegacyOpeningHours(
                    old_id=str(h["id"]),
                    day_of_week=int(h["day_of_week"]),
                    open_minute=minute_of_day(h["open_time"]),
                    close_minute=_close_minute(h["close_time"]),
                    closed=flag(h.get("is_closed")),
                )
                for h in own_hours
            ],
            blackouts=[
                catalog_pb2.LegacyBlackout(old_id=str(b["id"]), date=day_text(b["date"]), reason=text(b.get("reason")))
                for b in [*blackouts_of.get(row["id"], []), *blackouts_of.get(None, [])]
            ],
            group_old_id=str(row["group_id"]) if row.get("group_id") is not None else "",
            label_old_ids=labels_of.get(row["id"], []),
        )
        messages.append(message)
    return messages


def _close_minute(value: Any) -> int:
    minute = minute_of_day(value)
    return 1440 if minute == 0 else minute  # '00:00' closing means midnight


def reservation_status(old: str, end: datetime, now: datetime) -> str:
    """The old vocabulary in booking's. An 'active' reservation that ended is 'completed'."""
    status = old.strip().lower()
    if status in ("active", "confirmed", "booked"):
        return "confirmed" if end > now else "completed"
    if status in ("pending", "pending_approval"):
        return "pending_approval" if end > now else "expired"
    if status in ("cancelled", "canceled"):
        return "cancelled"
    return status  # completed, rejected, no_show, expired, checked_in pass as they are; others are refused


def rrule_of(rule: Row) -> str:
    frequency = text(rule.get("frequency")).upper() or "WEEKLY"
    parts = [f"FREQ={frequency}", f"INTERVAL={int(rule.get('interval') or 1)}"]
    days = [int(d) for d in json_list(rule.get("days_of_week")) if str(d).lstrip("-").isdigit() and 0 <= int(d) <= 6]
    if days:
        parts.append("BYDAY=" + ",".join(("MO", "TU", "WE", "TH", "FR", "SA", "SU")[d] for d in sorted(set(days))))
    end_type = text(rule.get("end_type")).lower()
    if end_type in ("after_count", "after_occurrences", "count") and rule.get("occurrence_count"):
        parts.append(f"COUNT={int(rule['occurrence_count'])}")
    elif end_type in ("on_date", "until") and (until := instant(rule.get("end_date"))) is not None:
        parts.append("UNTIL=" + (until + timedelta(days=1) - timedelta(seconds=1)).strftime("%Y%m%dT%H%M%SZ"))
    return ";".join(parts)
