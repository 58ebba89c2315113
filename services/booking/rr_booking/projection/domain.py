"""Catalog's bookability snapshot as the shared judge's input (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rr.catalog.v1 import catalog_pb2

from rr_common.bookability.calendar import BlackoutRule, Calendar, week_of, zone_of
from rr_common.bookability.judge import Bookability, Slot, judge_slots
from rr_common.bookability.rules import RULE_NAMES, Rules
from rr_common.timeconv import from_timestamp


def rules_pb_of(rules: catalog_pb2.BookingRules) -> Rules:
    return Rules(**{name: getattr(rules, name) for name in RULE_NAMES})


def bookability_of(snapshot: catalog_pb2.BookabilitySnapshot) -> Bookability:
    resource = snapshot.resource
    until = from_timestamp(resource.status_until) if resource.HasField("status_until") else None
    blackouts = tuple(
        BlackoutRule(
            b.id,
            date.fromisoformat(b.start_date),
            date.fromisoformat(b.end_date),
            b.reason,
            b.yearly,
            site_wide=b.resource_id == 0,
        )
        for b in snapshot.blackouts
    )
    calendar = Calendar(zone_of(resource.timezone), week_of(snapshot.week), blackouts)
    return Bookability(
        snapshot.resource_id, resource.status, resource.status_reason, until, rules_pb_of(resource.rules), calendar
    )


def verdicts_of(
    what: Bookability, slots: Sequence[tuple[datetime, datetime]], now: datetime
) -> list[catalog_pb2.SlotVerdict]:
    """The verdicts catalog's CheckBookable would give, from the same judge."""
    judged = judge_slots(what, [Slot(start, end) for start, end in slots], now)
    return [catalog_pb2.SlotVerdict(bookable=v.bookable, code=v.code, reason=v.reason) for v in judged]
