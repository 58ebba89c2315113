"""Fixed, realistic inputs for every event the services publish, how each producer's real mapper
is driven with them, and the golden files they must reproduce.

A golden is `v<N>/<subject>.json`: the subject, the full name of the message type and the payload
in protobuf JSON form (field names as in the .proto, as webhook receivers see them). Producers
write their events to the outbox in the caller's transaction, so each case runs inside a session
of the service's own (migrated) database; the test reads the outbox row back.

The event header is the only input a mapper takes from the environment: its id (a fresh UUID), its
time (now) and the acting user (the request's principal). The test pins all three: the id to
`event_id_for(subject)`, the time to `OCCURRED`, the actor to the case's `actor`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from google.protobuf import descriptor_pool, json_format, message_factory
from google.protobuf.message import Message
from rr.auth.v1 import events_pb2 as _auth_events  # noqa: F401 - registers the event types
from rr.booking.v1 import events_pb2 as _booking_events  # noqa: F401
from rr.catalog.v1 import events_pb2 as _catalog_events  # noqa: F401
from rr.notify.v1 import events_pb2 as _notify_events  # noqa: F401
from rr.waitlist.v1 import events_pb2 as _waitlist_events  # noqa: F401
from sqlalchemy.ext.asyncio import AsyncSession

ROOT = Path(__file__).resolve().parents[3]
GOLDEN_DIR = Path(__file__).resolve().parent
PRODUCING_SERVICES = ("auth", "catalog", "booking", "waitlist", "notify")

# -- the environment a mapper reads -----------------------------------------------------------

OCCURRED = datetime(2030, 3, 14, 9, 26, 53, 589000, tzinfo=UTC)
_EVENT_IDS = uuid.UUID("6f1c9a52-3b7e-4d0a-9c8e-2f5d7b1a4e60")


def event_id_for(subject: str) -> str:
    """The pinned header.event_id of the golden of `subject` (a stable UUID per subject)."""
    return str(uuid.uuid5(_EVENT_IDS, subject))


# -- people, places and times -----------------------------------------------------------------

ADMIN = 1  # the bootstrap administrator
SYSTEM = 0  # sweeps and consumers act as nobody
MEI, MEI_NAME, MEI_EMAIL = 1207, "mei.chen", "mei.chen@example.org"
JONAS, JONAS_NAME = 1311, "jonas.weber"
ROOM, ROOM_NAME, BERLIN = 31, "Aurora Meeting Room", "Europe/Berlin"
SERIES_ID = 77


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# -- auth -------------------------------------------------------------------------------------


def _user() -> Any:
    from rr_auth.models import User

    return User(id=MEI, username=MEI_NAME, email=MEI_EMAIL)


async def _user_registered(session: AsyncSession) -> None:
    from rr_auth import events

    await events.user_registered(session, _user(), ["user"])


async def _user_locked(session: AsyncSession) -> None:
    from rr_auth import events

    await events.user_locked(session, _user(), OCCURRED + timedelta(minutes=15), 5)


async def _user_role_changed(session: AsyncSession) -> None:
    from rr_auth import events

    await events.user_role_changed(session, _user(), ["manager", "user"], added=["manager"])


async def _user_deactivated(session: AsyncSession) -> None:
    from rr_auth import events

    await events.user_deactivated(session, _user())


async def _user_reactivated(session: AsyncSession) -> None:
    from rr_auth import events

    await events.user_reactivated(session, _user())


async def _user_deleted(session: AsyncSession) -> None:
    from rr_auth import events
    from rr_auth.models import User

    await events.user_deleted(session, User(id=MEI, username=f"deleted:{MEI}", email=None))


async def _password_reset_requested(session: AsyncSession) -> None:
    from rr_auth import events

    await events.password_reset_requested(
        session, _user(), "kX3r9VqT0bYwZ2pLmN5sHc8dFgJ1aEuQ7iOtRyW4vBn", OCCURRED + timedelta(minutes=30)
    )


# -- catalog ----------------------------------------------------------------------------------


def _resource(**changes: Any) -> Any:
    from rr_catalog.models import Resource

    values: dict[str, Any] = {
        "id": ROOM,
        "name": ROOM_NAME,
        "description": "Ten seats, a video bar and a whiteboard wall.",
        "location": "Building B, 2nd floor",
        "capacity": 10,
        "tags": ["video", "whiteboard"],
        "timezone": BERLIN,
        "status": "available",
        "requires_approval": False,
        "created_at": utc(2030, 1, 8, 10, 15, 2),
        "updated_at": utc(2030, 1, 8, 10, 15, 2),
        "deleted_at": None,
        "group_id": 4,
        "rules": {
            "min_duration_minutes": 30,
            "max_duration_minutes": 240,
            "slot_granularity_minutes": 15,
            "buffer_after_minutes": 10,
        },
        "attributes": {"floor": "2", "video_bar": "Poly X50"},
        "status_reason": "",
        "status_until": None,
        "search_text": "",
        "hours_key": "",
    }
    return Resource(**{**values, **changes})


def _labels() -> list[Any]:
    from rr_catalog.models import Label

    return [Label(id=3, name="Video", color="#1E88E5", description="Video conferencing")]


def _blackout_row() -> Any:
    from rr_catalog.models import BlackoutDate

    return BlackoutDate(
        id=17,
        resource_id=ROOM,
        start_date=date(2030, 12, 24),
        end_date=date(2030, 12, 26),
        reason="Christmas closure",
        yearly=True,
        created_at=utc(2030, 2, 1, 8, 30),
    )


async def _resource_created(session: AsyncSession) -> None:
    from rr_catalog import events

    await events.resource_created(session, _resource(), _labels())


def _updated_resource() -> Any:
    return _resource(capacity=12, tags=["video", "whiteboard", "projector"], updated_at=OCCURRED)


async def _resource_updated(session: AsyncSession) -> None:
    from rr_catalog import events

    await events.resource_updated(session, _updated_resource(), _labels(), ["capacity", "tags"])


async def _resources_updated(session: AsyncSession) -> None:
    from rr_catalog import events

    await events.resources_updated(session, [_updated_resource()], {ROOM: _labels()}, ["capacity", "tags"])


async def _resource_deleted(session: AsyncSession) -> None:
    from rr_catalog import events

    await events.resource_deleted(session, ROOM, ROOM_NAME)


async def _status_changed(session: AsyncSession) -> None:
    from rr_catalog.status.service import change_status

    await change_status(session, _resource(), "maintenance", "Projector replacement", utc(2030, 3, 15, 16, 0))


async def _hours_changed(session: AsyncSession) -> None:
    from rr_catalog import events
    from rr_catalog.hours.domain import BusinessHours, Opening

    week = [Opening(day, 8 * 60, 18 * 60) for day in range(5)] + [Opening(5, 9 * 60, 13 * 60)]
    await events.hours_changed(session, BusinessHours(ROOM, BERLIN, week, "resource"))


async def _blackout_added(session: AsyncSession) -> None:
    from rr_catalog import events

    await events.blackout_added(session, _blackout_row())


async def _blackout_removed(session: AsyncSession) -> None:
    from rr_catalog import events

    await events.blackout_removed(session, _blackout_row())


async def _site_calendar_changed(session: AsyncSession) -> None:
    from rr_catalog import events
    from rr_catalog.hours.domain import Opening
    from rr_catalog.models import BlackoutDate

    holiday = BlackoutDate(
        id=21,
        resource_id=None,
        start_date=date(2030, 5, 1),
        end_date=date(2030, 5, 1),
        reason="Labour Day",
        yearly=True,
        created_at=utc(2030, 2, 1, 8, 45),
    )
    week = [Opening(day, 8 * 60, 18 * 60) for day in range(5)]
    await events.site_calendar_changed(session, "blackout_added", week, [holiday], holiday)


async def _bookability_changed(session: AsyncSession) -> None:
    from rr_catalog import events
    from rr_catalog.bookable.domain import Snapshot

    resource = _resource(
        hours_key="0:480-1080,1:480-1080,2:480-1080,3:480-1080,4:480-1080,5:540-780", bookability_version=7
    )
    await events.bookability_changed(session, [Snapshot(resource, [_blackout_row()], "", [])])


async def _import_completed(session: AsyncSession) -> None:
    from rr_catalog import events

    await events.import_completed(session, "5f0c2d1e-8a47-4b1c-9d3e-7a6b5c4d3e2f", 12, 3)


# -- booking ----------------------------------------------------------------------------------

_START = utc(2030, 3, 19, 13, 0)  # 14:00 in Berlin
_BUFFER_AFTER = timedelta(minutes=10)  # the room's rules


def _reservation(**changes: Any) -> Any:
    from rr_booking.models import Reservation

    start, end = changes.pop("start_time", _START), changes.pop("end_time", _START + timedelta(hours=1))
    values: dict[str, Any] = {
        "id": 5001,
        "user_id": MEI,
        "resource_id": ROOM,
        "start_time": start,
        "end_time": end,
        "occupied_start": start,
        "occupied_end": end + _BUFFER_AFTER,
        "status": "confirmed",
        "notes": "Quarterly planning",
        "timezone": BERLIN,
        "resource_name": ROOM_NAME,
        "username": MEI_NAME,
        "idempotency_key": None,
        "cancellation_reason": "",
        "series_id": None,
        "recurrence_id": None,
        "needs_approval": False,
        "expires_at": None,
        "check_in_deadline": start + timedelta(minutes=15),
        "checked_in_at": None,
        "decided_by": None,
        "decision_comment": "",
        "created_at": utc(2030, 3, 10, 8, 12, 45),
        "updated_at": utc(2030, 3, 10, 8, 12, 45),
    }
    return Reservation(**{**values, **changes})


def _hold(**changes: Any) -> Any:
    return _reservation(
        **{
            "id": 5002,
            "user_id": JONAS,
            "username": JONAS_NAME,
            "notes": "",
            "status": "held",
            "check_in_deadline": None,
            "expires_at": OCCURRED + timedelta(minutes=15),
            "created_at": OCCURRED,
            "updated_at": OCCURRED,
            **changes,
        }
    )


def _series(**changes: Any) -> Any:
    from rr_booking.models import Series

    values: dict[str, Any] = {
        "id": SERIES_ID,
        "user_id": MEI,
        "resource_id": ROOM,
        "rrule": "FREQ=WEEKLY;COUNT=3",
        "exdates": [],
        "start_time": utc(2030, 3, 18, 9, 0),
        "end_time": utc(2030, 3, 18, 10, 0),
        "timezone": BERLIN,
        "status": "active",
        "resource_name": ROOM_NAME,
        "notes": "Weekly sync",
        "idempotency_key": None,
        "skipped": [],
        "created_at": utc(2030, 3, 11, 15, 3, 20),
    }
    return Series(**{**values, **changes})


# 10:00 in Berlin every Monday; summer time starts on 31 March 2030.
_OCCURRENCES = (utc(2030, 3, 18, 9, 0), utc(2030, 3, 25, 9, 0), utc(2030, 4, 1, 8, 0))


def _occurrences(**changes: Any) -> list[Any]:
    created = utc(2030, 3, 11, 15, 3, 20)
    return [
        _reservation(
            **{
                "id": 5101 + i,
                "start_time": start,
                "end_time": start + timedelta(hours=1),
                "series_id": SERIES_ID,
                "recurrence_id": start,
                "notes": "Weekly sync",
                "created_at": created,
                "updated_at": created,
                **changes,
            }
        )
        for i, start in enumerate(_OCCURRENCES)
    ]


def _moved() -> Any:
    """The series' second occurrence, moved an hour later; it keeps its recurrence id."""
    original = _OCCURRENCES[1]
    start = original + timedelta(hours=1)
    return _reservation(
        id=5102,
        start_time=start,
        end_time=start + timedelta(hours=1),
        series_id=SERIES_ID,
        recurrence_id=original,
        notes="Weekly sync",
        created_at=utc(2030, 3, 11, 15, 3, 20),
        updated_at=OCCURRED,
    )


def _recorded(
    subject: str,
    make: Callable[[], Any],
    previous: str | None,
    actor: int,
    reason: str = "",
    *,
    series: bool = False,
    was: tuple[datetime, datetime] | None = None,
) -> Callable[[AsyncSession], Awaitable[None]]:
    """The path of most reservation changes: `record_changes` (history and event in one statement).
    `was`: the range a moved reservation held before."""

    async def run(session: AsyncSession) -> None:
        from rr_booking.changes import record_changes

        if series:
            session.add(_series())
            await session.flush()
        reservation = make()
        session.add(reservation)
        await session.flush()
        moved: dict[str, Any] = {} if was is None else {"previous_ranges": [was]}
        await record_changes(session, [reservation], [previous], actor, reason, subject, **moved)

    return run


def _swept(
    subject: str, make: Callable[[], Any], previous: str, reason: str
) -> Callable[[AsyncSession], Awaitable[None]]:
    """The path of the lifecycle sweep and of catalog's events: `reservation_events`."""

    async def run(session: AsyncSession) -> None:
        from rr_booking import events

        await events.reservation_events(session, subject, [make()], reason, [previous])

    return run


def _series_event(
    subject: str, series: Callable[[], Any], occurrences: Callable[[], list[Any]], reason: str = ""
) -> Callable[[AsyncSession], Awaitable[None]]:
    async def run(session: AsyncSession) -> None:
        from rr_booking import events

        await events.series_event(session, subject, series(), occurrences(), reason)

    return run


# -- waitlist ---------------------------------------------------------------------------------


def _entry(**changes: Any) -> Any:
    from rr_waitlist.models import WaitlistEntry

    values: dict[str, Any] = {
        "id": 880,
        "resource_id": ROOM,
        "user_id": JONAS,
        "desired_start": _START,
        "desired_end": _START + timedelta(hours=1),
        "flexible_time": True,
        "status": "waiting",
        "created_at": utc(2030, 3, 12, 16, 40, 7),
        "updated_at": utc(2030, 3, 12, 16, 40, 7),
        "offered_at": None,
        "offer_expires_at": None,
        "offered_start": None,
        "offered_end": None,
        "reservation_id": None,
        "resource_name": ROOM_NAME,
    }
    return WaitlistEntry(**{**values, **changes})


def _offered(**changes: Any) -> Any:
    return _entry(
        **{
            "status": "offered",
            "offered_at": OCCURRED,
            "offer_expires_at": OCCURRED + timedelta(minutes=15),
            "offered_start": _START,
            "offered_end": _START + timedelta(hours=1),
            "reservation_id": 5002,
            "updated_at": OCCURRED,
            **changes,
        }
    )


async def _entry_joined(session: AsyncSession) -> None:
    from rr_waitlist import events
    from rr_waitlist.entries.repository import PositionedEntry

    await events.entry_joined(session, PositionedEntry(_entry(), 2))


async def _entry_left(session: AsyncSession) -> None:
    from rr_waitlist import events

    await events.entry_left(session, _entry(status="cancelled", updated_at=OCCURRED), "left the waitlist")


def _offer(subject_name: str, make: Callable[[], Any], reason: str = "") -> Callable[[AsyncSession], Awaitable[None]]:
    async def run(session: AsyncSession) -> None:
        from rr_waitlist import events

        await events.offer_changed(session, getattr(events, subject_name), make(), reason)

    return run


# -- notify -----------------------------------------------------------------------------------


async def _notification_created(session: AsyncSession) -> None:
    from rr_notify import events
    from rr_notify.inapp.models import Notification

    note = Notification(
        id=9001,
        user_id=MEI,
        type="reservation_confirmed",
        title="Reservation confirmed",
        message="Aurora Meeting Room on Tue 19 Mar 2030, 14:00–15:00 (Europe/Berlin) is confirmed.",
        subject_id=5001,
        is_read=False,
        created_at=OCCURRED,
    )
    await events.notifications_created(session, [note])


async def _announcement_sent(session: AsyncSession) -> None:
    from rr_notify import events
    from rr_notify.inapp.models import Announcement

    announcement = Announcement(
        id=12,
        title="Approvals move to the new dashboard",
        message="From Monday, pending requests are decided under Approvals.",
        role="manager",
        sent_by=ADMIN,
        recipients=14,
        created_at=OCCURRED,
    )
    await events.announcement_sent(session, announcement)


async def _label_changed(session: AsyncSession) -> None:
    from rr_catalog import events

    [label] = _labels()
    label.name = "Video call"
    await events.label_changed(session, label, events.UPDATED, 12, ["name"])


async def _group_changed(session: AsyncSession) -> None:
    from rr_catalog import events
    from rr_catalog.groups.service import GroupView
    from rr_catalog.models import ResourceGroup

    floor = ResourceGroup(
        id=4,
        name="2nd floor",
        description="Meeting rooms and the quiet zone.",
        parent_id=2,
        path="/1/2/4/",
        created_at=utc(2030, 1, 8, 9, 40),
    )
    found = GroupView(floor, ["Headquarters", "Building B", "2nd floor"], 6)
    await events.group_changed(session, found, events.UPDATED, ["parent_id"], 3)


# -- the cases --------------------------------------------------------------------------------


_CHANGED = "rr.booking.v1.ReservationChanged"
_OFFER = "rr.waitlist.v1.OfferChanged"
# The message type of every subject: part of the contract (consumers decode by subject).
MESSAGE_TYPES: dict[str, str] = {
    "rr.auth.user.registered": "rr.auth.v1.UserRegistered",
    "rr.auth.user.locked": "rr.auth.v1.UserLocked",
    "rr.auth.user.role_changed": "rr.auth.v1.UserRoleChanged",
    "rr.auth.user.deactivated": "rr.auth.v1.UserDeactivated",
    "rr.auth.user.reactivated": "rr.auth.v1.UserReactivated",
    "rr.auth.user.deleted": "rr.auth.v1.UserDeleted",
    "rr.auth.password_reset.requested": "rr.auth.v1.PasswordResetRequested",
    "rr.catalog.resource.created": "rr.catalog.v1.ResourceCreated",
    "rr.catalog.resource.updated": "rr.catalog.v1.ResourceUpdated",
    "rr.catalog.resource.deleted": "rr.catalog.v1.ResourceDeleted",
    "rr.catalog.resource.status_changed": "rr.catalog.v1.ResourceStatusChanged",
    "rr.catalog.hours.changed": "rr.catalog.v1.BusinessHoursChanged",
    "rr.catalog.blackout.added": "rr.catalog.v1.BlackoutAdded",
    "rr.catalog.blackout.removed": "rr.catalog.v1.BlackoutRemoved",
    "rr.catalog.import.completed": "rr.catalog.v1.ResourcesImported",
    "rr.catalog.site.calendar_changed": "rr.catalog.v1.SiteCalendarChanged",
    "rr.catalog.resource.bookability_changed": "rr.catalog.v1.ResourceBookabilityChanged",
    "rr.catalog.label.changed": "rr.catalog.v1.LabelChanged",
    "rr.catalog.group.changed": "rr.catalog.v1.GroupChanged",
    "rr.booking.reservation.created": "rr.booking.v1.ReservationCreated",
    "rr.booking.reservation.cancelled": "rr.booking.v1.ReservationCancelled",
    **{
        f"rr.booking.reservation.{verb}": _CHANGED
        for verb in (
            "confirmed",
            "rejected",
            "completed",
            "no_show",
            "checked_in",
            "held",
            "hold_released",
            "moved",
            "resource_unavailable",
        )
    },
    "rr.booking.series.created": "rr.booking.v1.SeriesChanged",
    "rr.booking.series.cancelled": "rr.booking.v1.SeriesChanged",
    "rr.waitlist.entry.joined": "rr.waitlist.v1.EntryJoined",
    "rr.waitlist.entry.left": "rr.waitlist.v1.EntryLeft",
    **{f"rr.waitlist.offer.{verb}": _OFFER for verb in ("created", "accepted", "declined", "expired")},
    "rr.notify.notification.created": "rr.notify.v1.NotificationCreated",
    "rr.notify.announcement.sent": "rr.notify.v1.AnnouncementSent",
}


@dataclass(frozen=True)
class ProducerCase:
    subject: str
    producer: str  # the mapper, as named in the README
    run: Callable[[AsyncSession], Awaitable[None]] = field(repr=False)
    actor: int = SYSTEM
    # The primary case of a subject writes its golden; other paths must produce the same event.
    primary: bool = True

    @property
    def id(self) -> str:
        return self.subject if self.primary else f"{self.subject}[{self.producer.rsplit('.', 1)[-1]}]"

    @property
    def service(self) -> str:
        """Whose database (and outbox) the case runs in."""
        return self.subject.split(".")[1]

    @property
    def type_name(self) -> str:
        return MESSAGE_TYPES[self.subject]


_R = "rr.booking.reservation."
_RECORD = "rr_booking.events.reservation_row via rr_booking.changes.record_changes"
_SWEEP = "rr_booking.events.reservation_row via rr_booking.events.reservation_events"
_CANCEL_REASON = "Meeting moved online"

CASES: tuple[ProducerCase, ...] = (
    # auth
    ProducerCase("rr.auth.user.registered", "rr_auth.events.user_registered", _user_registered),
    ProducerCase("rr.auth.user.locked", "rr_auth.events.user_locked", _user_locked),
    ProducerCase("rr.auth.user.role_changed", "rr_auth.events.user_role_changed", _user_role_changed, ADMIN),
    ProducerCase("rr.auth.user.deactivated", "rr_auth.events.user_deactivated", _user_deactivated, ADMIN),
    ProducerCase("rr.auth.user.reactivated", "rr_auth.events.user_reactivated", _user_reactivated, ADMIN),
    ProducerCase("rr.auth.user.deleted", "rr_auth.events.user_deleted", _user_deleted, MEI),
    ProducerCase(
        "rr.auth.password_reset.requested", "rr_auth.events.password_reset_requested", _password_reset_requested
    ),
    # catalog
    ProducerCase("rr.catalog.resource.created", "rr_catalog.events.resource_created", _resource_created, ADMIN),
    ProducerCase("rr.catalog.resource.updated", "rr_catalog.events.resource_updated", _resource_updated, ADMIN),
    ProducerCase(
        "rr.catalog.resource.updated", "rr_catalog.events.resources_updated", _resources_updated, ADMIN, primary=False
    ),
    ProducerCase("rr.catalog.resource.deleted", "rr_catalog.events.resource_deleted", _resource_deleted, ADMIN),
    ProducerCase(
        "rr.catalog.resource.status_changed",
        "rr_catalog.events.status_changed via rr_catalog.status.service.change_status",
        _status_changed,
        ADMIN,
    ),
    ProducerCase("rr.catalog.hours.changed", "rr_catalog.events.hours_changed", _hours_changed, ADMIN),
    ProducerCase("rr.catalog.blackout.added", "rr_catalog.events.blackout_added", _blackout_added, ADMIN),
    ProducerCase("rr.catalog.blackout.removed", "rr_catalog.events.blackout_removed", _blackout_removed, ADMIN),
    ProducerCase("rr.catalog.import.completed", "rr_catalog.events.import_completed", _import_completed, ADMIN),
    ProducerCase(
        "rr.catalog.site.calendar_changed", "rr_catalog.events.site_calendar_changed", _site_calendar_changed, ADMIN
    ),
    ProducerCase(
        "rr.catalog.resource.bookability_changed",
        "rr_catalog.events.bookability_changed via rr_catalog.bookable.snapshot.publish_bookability",
        _bookability_changed,
        ADMIN,
    ),
    ProducerCase(
        "rr.catalog.label.changed",
        "rr_catalog.events.label_changed via rr_catalog.labels.service",
        _label_changed,
        ADMIN,
    ),
    ProducerCase(
        "rr.catalog.group.changed",
        "rr_catalog.events.group_changed via rr_catalog.groups.service",
        _group_changed,
        ADMIN,
    ),
    # booking: reservations
    ProducerCase(_R + "created", _RECORD, _recorded(_R + "created", _reservation, None, MEI), MEI),
    ProducerCase(
        _R + "cancelled",
        _RECORD,
        _recorded(
            _R + "cancelled",
            lambda: _reservation(status="cancelled", cancellation_reason=_CANCEL_REASON),
            "confirmed",
            MEI,
            _CANCEL_REASON,
        ),
        MEI,
    ),
    ProducerCase(
        _R + "confirmed",
        _RECORD,
        _recorded(
            _R + "confirmed",
            lambda: _reservation(
                needs_approval=True, decided_by=ADMIN, decision_comment="Approved for the board meeting"
            ),
            "pending_approval",
            ADMIN,
            "Approved for the board meeting",
        ),
        ADMIN,
    ),
    ProducerCase(
        _R + "rejected",
        _RECORD,
        _recorded(
            _R + "rejected",
            lambda: _reservation(
                status="rejected",
                needs_approval=True,
                decided_by=ADMIN,
                decision_comment="Reserved for exams that week",
            ),
            "pending_approval",
            ADMIN,
            "Reserved for exams that week",
        ),
        ADMIN,
    ),
    ProducerCase(
        _R + "completed",
        _SWEEP,
        _swept(
            _R + "completed",
            lambda: _reservation(status="completed", checked_in_at=_START + timedelta(minutes=4)),
            "checked_in",
            "ended",
        ),
    ),
    ProducerCase(
        _R + "no_show",
        _SWEEP,
        _swept(_R + "no_show", lambda: _reservation(status="no_show"), "confirmed", "not checked in by the deadline"),
    ),
    ProducerCase(
        _R + "checked_in",
        _RECORD,
        _recorded(
            _R + "checked_in",
            lambda: _reservation(status="checked_in", checked_in_at=_START + timedelta(minutes=4)),
            "confirmed",
            MEI,
        ),
        MEI,
    ),
    ProducerCase(_R + "held", _RECORD, _recorded(_R + "held", _hold, None, SYSTEM, "waitlist hold")),
    ProducerCase(
        _R + "hold_released",
        _RECORD,
        _recorded(
            _R + "hold_released",
            lambda: _hold(status="cancelled", cancellation_reason="hold released: offer declined"),
            "held",
            JONAS,
            "hold released: offer declined",
        ),
        JONAS,
    ),
    ProducerCase(
        _R + "moved",
        _RECORD,
        _recorded(
            _R + "moved",
            _moved,
            "confirmed",
            MEI,
            "moved",
            series=True,
            was=(_OCCURRENCES[1], _OCCURRENCES[1] + timedelta(hours=1)),
        ),
        MEI,
    ),
    ProducerCase(
        _R + "resource_unavailable",
        _SWEEP,
        _swept(
            _R + "resource_unavailable",
            _reservation,
            "confirmed",
            "The resource is now maintenance: Projector replacement.",
        ),
    ),
    # booking: series
    ProducerCase(
        "rr.booking.series.created",
        "rr_booking.events.series_event",
        _series_event("rr.booking.series.created", _series, _occurrences),
        MEI,
    ),
    ProducerCase(
        "rr.booking.series.cancelled",
        "rr_booking.events.series_event",
        _series_event(
            "rr.booking.series.cancelled",
            lambda: _series(status="cancelled"),
            lambda: _occurrences(status="cancelled", cancellation_reason="The project ended", updated_at=OCCURRED),
            "The project ended",
        ),
        MEI,
    ),
    # waitlist
    ProducerCase("rr.waitlist.entry.joined", "rr_waitlist.events.entry_joined", _entry_joined, JONAS),
    ProducerCase("rr.waitlist.entry.left", "rr_waitlist.events.entry_left", _entry_left, JONAS),
    ProducerCase("rr.waitlist.offer.created", "rr_waitlist.events.offer_changed", _offer("OFFER_CREATED", _offered)),
    ProducerCase(
        "rr.waitlist.offer.accepted",
        "rr_waitlist.events.offer_changed",
        _offer("OFFER_ACCEPTED", lambda: _offered(status="fulfilled")),
        JONAS,
    ),
    ProducerCase(
        "rr.waitlist.offer.declined",
        "rr_waitlist.events.offer_changed",
        _offer("OFFER_DECLINED", _offered, "offer declined"),
        JONAS,
    ),
    ProducerCase(
        "rr.waitlist.offer.expired",
        "rr_waitlist.events.offer_changed",
        _offer(
            "OFFER_EXPIRED",
            lambda: _offered(status="expired", updated_at=OCCURRED + timedelta(minutes=15)),
            "not accepted in time",
        ),
    ),
    # notify
    ProducerCase(
        "rr.notify.notification.created", "rr_notify.events.notifications_created", _notification_created, MEI
    ),
    ProducerCase("rr.notify.announcement.sent", "rr_notify.events.announcement_sent", _announcement_sent, ADMIN),
)


# -- goldens ----------------------------------------------------------------------------------

_VERSION_DIR = re.compile(r"^v[0-9]+$")


def message_class(type_name: str) -> type[Message]:
    return message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(type_name))


def version_of(message: Message) -> str:
    """`v1` for rr.booking.v1.ReservationCreated: the golden directory of a message's version."""
    return message.DESCRIPTOR.file.package.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Golden:
    version: str
    subject: str
    type_name: str
    payload: dict[str, Any] = field(repr=False)
    path: Path = field(repr=False)

    @property
    def id(self) -> str:
        return f"{self.version}/{self.subject}"

    def message(self) -> Message:
        """The payload as its message; unknown JSON fields are an error (the golden is stale)."""
        return json_format.ParseDict(self.payload, message_class(self.type_name)())

    def wire(self) -> bytes:
        return self.message().SerializeToString(deterministic=True)


def golden_path(version: str, subject: str) -> Path:
    return GOLDEN_DIR / version / f"{subject}.json"


def load_golden(path: Path) -> Golden:
    document = json.loads(path.read_text(encoding="utf-8"))
    return Golden(path.parent.name, document["subject"], document["type"], document["payload"], path)


def goldens() -> list[Golden]:
    return [
        load_golden(path)
        for version in sorted(p for p in GOLDEN_DIR.iterdir() if p.is_dir() and _VERSION_DIR.match(p.name))
        for path in sorted(version.glob("*.json"))
    ]


def as_json(message: Message) -> dict[str, Any]:
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


def _sorted_maps(descriptor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Map entries in key order (protobuf keeps none), so a regenerated golden diffs cleanly."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        fd = descriptor.fields_by_name.get(key)
        if fd is not None and fd.message_type is not None:
            if fd.message_type.GetOptions().map_entry:
                value = dict(sorted(value.items()))
            elif fd.message_type.full_name.startswith("rr."):
                nested = fd.message_type
                value = (
                    [_sorted_maps(nested, v) for v in value] if isinstance(value, list) else _sorted_maps(nested, value)
                )
        out[key] = value
    return out


def write_golden(subject: str, message: Message) -> Path:
    path = golden_path(version_of(message), subject)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = _sorted_maps(message.DESCRIPTOR, as_json(message))
    document = {"subject": subject, "type": message.DESCRIPTOR.full_name, "payload": payload}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# -- what the code publishes ------------------------------------------------------------------


@cache
def subjects_in_code() -> dict[str, str]:
    """Every subject of a service's own stream its package refers to (as a constant of
    rr_common.subjects, where subjects are spelled), with where it is: what the completeness
    check holds the goldens against."""
    from rr_common import subjects

    found: dict[str, str] = {}
    for service in PRODUCING_SERVICES:
        reference = re.compile(rf"\bsubjects\.({service.upper()}_[A-Z0-9_]+)\b")
        package = ROOT / "services" / service / f"rr_{service}"
        for path in sorted(package.rglob("*.py")):
            for name in reference.findall(path.read_text(encoding="utf-8")):
                value = getattr(subjects, name, "")
                if value and not value.endswith(".*"):
                    found.setdefault(value, str(path.relative_to(ROOT)))
    return found
