"""What a notification says, and who gets it on which channel by default: pure rules, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RESERVATION_CONFIRMED = "reservation_confirmed"
RESERVATION_CANCELLED = "reservation_cancelled"
RESERVATION_REMINDER = "reservation_reminder"
RESOURCE_AVAILABLE = "resource_available"
SYSTEM_ANNOUNCEMENT = "system_announcement"
WAITLIST_OFFER = "waitlist_offer"
APPROVAL_REQUESTED = "approval_requested"
APPROVAL_DECIDED = "approval_decided"
RESOURCE_MAINTENANCE = "resource_maintenance"
WEBHOOK_DISABLED = "webhook_disabled"

TYPES = (
    RESERVATION_CONFIRMED,
    RESERVATION_CANCELLED,
    RESERVATION_REMINDER,
    RESOURCE_AVAILABLE,
    SYSTEM_ANNOUNCEMENT,
    WAITLIST_OFFER,
    APPROVAL_REQUESTED,
    APPROVAL_DECIDED,
    RESOURCE_MAINTENANCE,
    WEBHOOK_DISABLED,
)
IN_APP = "in_app"
EMAIL = "email"
CHANNELS = (IN_APP, EMAIL)
# Mass mail by accident is worse than a missed mail: these stay in-app unless a user opts in.
_EMAIL_OFF_BY_DEFAULT = frozenset({SYSTEM_ANNOUNCEMENT, RESOURCE_AVAILABLE})
# Announcements are how admins reach everyone; they cannot be muted in the app.
MANDATORY_IN_APP = frozenset({SYSTEM_ANNOUNCEMENT})


def default_enabled(type_: str, channel: str) -> bool:
    return channel == IN_APP or type_ not in _EMAIL_OFF_BY_DEFAULT


@dataclass(frozen=True)
class NewNotification:
    user_id: int
    type: str
    title: str
    message: str
    subject_id: int = 0
    # Extra facts e-mail templates may show (resource, local time, ...).
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReservationFacts:
    """The parts of a booking event a notification needs (times aware, UTC)."""

    reservation_id: int
    user_id: int
    resource_id: int
    resource_name: str
    start: datetime | None
    end: datetime | None
    timezone: str
    cancellation_reason: str = ""


def zone(name: str) -> tzinfo:
    """The IANA zone `name`, or UTC when it is empty or unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _day(value: datetime) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def describe_slot(start: datetime, end: datetime, timezone: str) -> str:
    """'Tue 15 Jul 2025, 10:00–11:00 (Europe/Berlin)' in the resource's own time zone."""
    tz = zone(timezone)
    label = timezone if tz is not UTC else "UTC"
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() == local_end.date():
        return f"{_day(local_start)}, {local_start:%H:%M}–{local_end:%H:%M} ({label})"
    return f"{_day(local_start)} {local_start:%H:%M} – {_day(local_end)} {local_end:%H:%M} ({label})"


def _name(facts: ReservationFacts) -> str:
    return facts.resource_name or f"resource #{facts.resource_id}"


def _what(facts: ReservationFacts) -> str:
    if facts.start is None or facts.end is None:
        return _name(facts)
    return f"{_name(facts)} on {describe_slot(facts.start, facts.end, facts.timezone)}"


def _details(facts: ReservationFacts) -> dict[str, str]:
    details = {"resource": _name(facts), "reservation_id": str(facts.reservation_id)}
    if facts.start is not None and facts.end is not None:
        details["when"] = describe_slot(facts.start, facts.end, facts.timezone)
        # For clients that say it in their reader's language and zone.
        details |= {"start": facts.start.isoformat(), "end": facts.end.isoformat(), "timezone": facts.timezone or "UTC"}
    return details


def reservation_confirmed(facts: ReservationFacts) -> NewNotification:
    return NewNotification(
        user_id=facts.user_id,
        type=RESERVATION_CONFIRMED,
        title="Reservation confirmed",
        message=f"Your reservation of {_what(facts)} is confirmed.",
        subject_id=facts.reservation_id,
        details=_details(facts),
    )


def reservation_cancelled(facts: ReservationFacts) -> NewNotification:
    reason = f" Reason: {facts.cancellation_reason}" if facts.cancellation_reason else ""
    return NewNotification(
        user_id=facts.user_id,
        type=RESERVATION_CANCELLED,
        title="Reservation cancelled",
        message=f"Your reservation of {_what(facts)} was cancelled.{reason}",
        subject_id=facts.reservation_id,
        details=_details(facts),
    )


def reservation_reminder(facts: ReservationFacts, minutes_before: int) -> NewNotification:
    lead = _lead_time(minutes_before)
    return NewNotification(
        user_id=facts.user_id,
        type=RESERVATION_REMINDER,
        title="Reservation starting soon",
        message=f"Reminder: your reservation of {_what(facts)} starts {lead}.",
        subject_id=facts.reservation_id,
        details=_details(facts),
    )


def approval_decided(facts: ReservationFacts, approved: bool, comment: str = "") -> NewNotification:
    verdict = "approved" if approved else "declined"
    note = f" Comment: {comment}" if comment else ""
    return NewNotification(
        user_id=facts.user_id,
        type=APPROVAL_DECIDED,
        title=f"Reservation {verdict}",
        message=f"Your request for {_what(facts)} was {verdict}.{note}",
        subject_id=facts.reservation_id,
        details=_details(facts),
    )


def approval_requested(approver_id: int, facts: ReservationFacts) -> NewNotification:
    return NewNotification(
        user_id=approver_id,
        type=APPROVAL_REQUESTED,
        title="Approval requested",
        message=f"A reservation of {_what(facts)} awaits your approval.",
        subject_id=facts.reservation_id,
        details=_details(facts),
    )


def series_changed(
    facts: ReservationFacts, series_id: int, occurrences: int, cancelled: bool, reason: str = ""
) -> NewNotification:
    """One notification for a whole recurring series; `facts` describe its first occurrence."""
    first = f", first on {describe_slot(facts.start, facts.end, facts.timezone)}" if facts.start and facts.end else ""
    what = f"recurring reservation of {_name(facts)} ({occurrences} occurrence{'s' if occurrences != 1 else ''}{first})"
    why = f" Reason: {reason}" if reason else ""
    return NewNotification(
        user_id=facts.user_id,
        type=RESERVATION_CANCELLED if cancelled else RESERVATION_CONFIRMED,
        title="Recurring reservation cancelled" if cancelled else "Recurring reservation confirmed",
        message=f"Your {what} was cancelled.{why}" if cancelled else f"Your {what} is confirmed.",
        subject_id=series_id,
        details=_details(facts),
    )


def waitlist_offer(user_id: int, entry_id: int, resource_name: str, expires_at: datetime | None) -> NewNotification:
    until = f" Accept before {expires_at.astimezone(UTC):%H:%M} UTC." if expires_at else ""
    return NewNotification(
        user_id=user_id,
        type=WAITLIST_OFFER,
        title="A slot you wanted is free",
        message=f"A slot on {resource_name} is offered to you from the waitlist.{until}",
        subject_id=entry_id,
        details={"resource": resource_name},
    )


def resource_maintenance(user_id: int, resource_id: int, resource_name: str, reason: str) -> NewNotification:
    why = f" Reason: {reason}" if reason else ""
    name = resource_name or f"resource #{resource_id}"
    return NewNotification(
        user_id=user_id,
        type=RESOURCE_MAINTENANCE,
        title="Resource unavailable",
        message=f"{name}, which you have booked, is now unavailable.{why}",
        subject_id=resource_id,
        details={"resource": name},
    )


def webhook_disabled(user_id: int, webhook_id: int, url: str, failures: int) -> NewNotification:
    return NewNotification(
        user_id=user_id,
        type=WEBHOOK_DISABLED,
        title="Webhook disabled",
        message=f"Webhook {webhook_id} ({url}) was disabled after {failures} failed deliveries in a row. Fix the endpoint, then re-enable it.",
        subject_id=webhook_id,
        details={"url": url},
    )


def _lead_time(minutes: int) -> str:
    if minutes <= 0:
        return "now"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    return f"in {minutes} minute{'s' if minutes != 1 else ''}"
