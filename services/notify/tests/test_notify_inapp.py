"""In-app notifications beyond listing: delete, catch-up after a reconnect, announcements and
per-user channel preferences."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc
import pytest
from rr.auth.v1 import events_pb2 as auth_events
from rr.notify.v1 import events_pb2, notify_pb2

from rr_notify.consumers.auth import USER_REGISTERED
from rr_notify.consumers.booking import RESERVATION_CREATED
from rr_notify.events import ANNOUNCEMENT_SENT
from services.notify.tests.conftest import unique_user
from services.notify.tests.support import eventually, header

START = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
END = datetime(2031, 3, 3, 10, 0, tzinfo=UTC)


async def seed(notify, booking, user_id: int, count: int) -> list[int]:
    for _ in range(count):
        assert (
            await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))
            == "processed"
        )
    rows = await notify.db.fetch("SELECT id FROM notifications WHERE user_id = $1 ORDER BY id", user_id)
    return [r["id"] for r in rows]


async def register(notify, user_id: int, roles: tuple[str, ...] = ("user",), email: str = "") -> None:
    message = auth_events.UserRegistered(
        header=header(),
        user_id=user_id,
        username=f"u{user_id}",
        email=email or f"u{user_id}@example.com",
        roles=list(roles),
    )
    assert await notify.process(USER_REGISTERED, message) == "processed"


async def rpc_error(call) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    return caught.value


class TestDelete:
    async def test_deletes_my_notification_and_it_is_gone(self, notify, booking, user_id: int) -> None:
        first, second = await seed(notify, booking, user_id, 2)

        await notify.stub.DeleteNotification(
            notify_pb2.DeleteNotificationRequest(id=first), metadata=notify.auth(user_id)
        )

        listed = await notify.stub.ListNotifications(
            notify_pb2.ListNotificationsRequest(), metadata=notify.auth(user_id)
        )
        assert [n.id for n in listed.notifications] == [second]
        again = await rpc_error(
            notify.stub.DeleteNotification(
                notify_pb2.DeleteNotificationRequest(id=first), metadata=notify.auth(user_id)
            )
        )
        assert again.code() == grpc.StatusCode.NOT_FOUND

    async def test_someone_elses_is_not_found_and_survives(
        self, notify, booking, user_id: int, other_user_id: int
    ) -> None:
        (theirs,) = await seed(notify, booking, other_user_id, 1)

        error = await rpc_error(
            notify.stub.DeleteNotification(
                notify_pb2.DeleteNotificationRequest(id=theirs), metadata=notify.auth(user_id)
            )
        )

        assert error.code() == grpc.StatusCode.NOT_FOUND and error.details() == f"Notification {theirs} does not exist."
        assert await notify.db.fetchval("SELECT count(*) FROM notifications WHERE id = $1", theirs) == 1


class TestCatchUp:
    async def test_since_id_returns_what_came_after_oldest_first_in_pages(self, notify, booking, user_id: int) -> None:
        ids = await seed(notify, booking, user_id, 5)
        request = notify_pb2.ListNotificationsRequest(since_id=ids[1])
        request.page.limit = 2

        first = await notify.stub.ListNotifications(request, metadata=notify.auth(user_id))
        request.page.cursor = first.page.next_cursor
        second = await notify.stub.ListNotifications(request, metadata=notify.auth(user_id))

        assert [n.id for n in first.notifications] == ids[2:4] and first.page.has_more
        assert [n.id for n in second.notifications] == ids[4:] and not second.page.has_more

    async def test_a_negative_since_id_is_refused(self, notify, user_id: int) -> None:
        error = await rpc_error(
            notify.stub.ListNotifications(
                notify_pb2.ListNotificationsRequest(since_id=-1), metadata=notify.auth(user_id)
            )
        )
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT


class TestAnnouncements:
    async def test_reaches_everyone_once_with_one_event(self, notify, nats_client) -> None:
        users = [unique_user() for _ in range(3)]
        for u in users:
            await register(notify, u)
        seen: list[events_pb2.AnnouncementSent] = []

        async def collect(msg) -> None:
            seen.append(events_pb2.AnnouncementSent.FromString(msg.data))

        sub = await nats_client.subscribe(ANNOUNCEMENT_SENT, cb=collect)

        answer = await notify.stub.SendAnnouncement(
            notify_pb2.SendAnnouncementRequest(
                title="Maintenance tonight", message="The booking system restarts at 22:00."
            ),
            metadata=notify.admin(),
        )

        assert answer.recipients >= 3
        for u in users:
            rows = await notify.db.fetch("SELECT type, title, subject_id FROM notifications WHERE user_id = $1", u)
            assert [(r["type"], r["title"], r["subject_id"]) for r in rows] == [
                ("system_announcement", "Maintenance tonight", answer.announcement_id)
            ]
        await _wait_for(lambda: any(m.announcement_id == answer.announcement_id for m in seen))
        await sub.unsubscribe()
        (event,) = [m for m in seen if m.announcement_id == answer.announcement_id]
        assert (event.title, event.role) == ("Maintenance tonight", "")

    async def test_to_one_role_only(self, notify) -> None:
        manager, plain = unique_user(), unique_user()
        await register(notify, manager, ("user", "manager"))
        await register(notify, plain)

        answer = await notify.stub.SendAnnouncement(
            notify_pb2.SendAnnouncementRequest(title="Managers", message="Review pending approvals.", role="manager"),
            metadata=notify.admin(),
        )

        assert (
            await notify.db.fetchval(
                "SELECT count(*) FROM notifications WHERE user_id = $1 AND subject_id = $2",
                manager,
                answer.announcement_id,
            )
            == 1
        )
        assert await notify.db.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1", plain) == 0

    async def test_only_admins_may_announce(self, notify, user_id: int) -> None:
        error = await rpc_error(
            notify.stub.SendAnnouncement(
                notify_pb2.SendAnnouncementRequest(title="x", message="y"), metadata=notify.auth(user_id)
            )
        )
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED

    @pytest.mark.parametrize(
        "title, message, role",
        [("", "text", ""), ("t" * 201, "text", ""), ("Title", "", ""), ("Title", "text", "Not A Role!")],
    )
    async def test_bad_input_is_refused_and_writes_nothing(self, notify, title: str, message: str, role: str) -> None:
        before = await notify.db.fetchval("SELECT count(*) FROM announcements")
        error = await rpc_error(
            notify.stub.SendAnnouncement(
                notify_pb2.SendAnnouncementRequest(title=title, message=message, role=role), metadata=notify.admin()
            )
        )
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and error.details().endswith(".")
        assert await notify.db.fetchval("SELECT count(*) FROM announcements") == before


class TestPreferences:
    async def test_defaults_then_changes(self, notify, user_id: int) -> None:
        initial = (
            await notify.stub.GetPreferences(notify_pb2.GetPreferencesRequest(), metadata=notify.auth(user_id))
        ).preferences
        by_type = {c.type: c for c in initial.channels}
        assert initial.reminder_minutes == 60
        assert by_type["reservation_confirmed"].in_app and by_type["reservation_confirmed"].email
        assert by_type["system_announcement"].in_app and not by_type["system_announcement"].email

        request = notify_pb2.UpdatePreferencesRequest(
            reminder_minutes=15,
            channels=[notify_pb2.ChannelPreferenceUpdate(type="reservation_confirmed", email=False)],
        )
        updated = (await notify.stub.UpdatePreferences(request, metadata=notify.auth(user_id))).preferences

        changed = {c.type: c for c in updated.channels}["reservation_confirmed"]
        assert updated.reminder_minutes == 15 and changed.in_app and not changed.email

    @pytest.mark.parametrize(
        "change, minutes",
        [
            (notify_pb2.ChannelPreferenceUpdate(type="no_such_type", email=False), None),
            (notify_pb2.ChannelPreferenceUpdate(type="system_announcement", in_app=False), None),
            (notify_pb2.ChannelPreferenceUpdate(type="reservation_confirmed", email=False), 100_000),
        ],
    )
    async def test_bad_input_changes_nothing(self, notify, user_id: int, change, minutes) -> None:
        request = notify_pb2.UpdatePreferencesRequest(
            channels=[notify_pb2.ChannelPreferenceUpdate(type="reservation_cancelled", email=False), change]
        )
        if minutes is not None:
            request.reminder_minutes = minutes
        error = await rpc_error(notify.stub.UpdatePreferences(request, metadata=notify.auth(user_id)))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert await notify.db.fetchval("SELECT count(*) FROM preferences WHERE user_id = $1", user_id) == 0

    async def test_muting_in_app_means_no_notification(self, notify, booking, user_id: int) -> None:
        request = notify_pb2.UpdatePreferencesRequest(
            channels=[notify_pb2.ChannelPreferenceUpdate(type="reservation_confirmed", in_app=False)]
        )
        await notify.stub.UpdatePreferences(request, metadata=notify.auth(user_id))

        await notify.process(RESERVATION_CREATED, booking.created(booking.reservation(user_id, START, END)))

        assert await notify.db.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1", user_id) == 0


async def _wait_for(predicate) -> None:
    async def check() -> bool:
        return bool(predicate())

    await eventually(check, timeout=10)


async def test_a_waitlist_offer_tells_its_person(notify, user_id: int) -> None:
    from rr.waitlist.v1 import events_pb2 as waitlist_events
    from rr.waitlist.v1 import waitlist_pb2

    from rr_common.timeconv import to_timestamp
    from rr_notify.consumers.waitlist import OFFER_CREATED

    expires = datetime(2031, 3, 3, 8, 30, tzinfo=UTC)
    entry = waitlist_pb2.WaitlistEntry(
        id=4242, resource_id=7, user_id=user_id, status="offered", offer_expires_at=to_timestamp(expires)
    )
    message = waitlist_events.OfferChanged(header=header(), entry=entry, resource_name="Lab 2")

    assert await notify.process(OFFER_CREATED, message) == "processed"

    (row,) = await notify.db.fetch("SELECT type, subject_id, message FROM notifications WHERE user_id = $1", user_id)
    assert (row["type"], row["subject_id"]) == ("waitlist_offer", 4242)
    assert row["message"] == "A slot on Lab 2 is offered to you from the waitlist. Accept before 08:30 UTC."
