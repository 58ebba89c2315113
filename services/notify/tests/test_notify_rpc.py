"""NotifyService over real gRPC: only ever the caller's own notifications."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc
import pytest
from rr.common.v1 import common_pb2
from rr.notify.v1 import notify_pb2

from rr_common.consumer import Event
from rr_common.errors import error_payload
from rr_common.testing import TestTokens as Tokens
from rr_notify.consumers.booking import RESERVATION_CREATED

START = datetime(2030, 7, 15, 8, 0, tzinfo=UTC)
END = datetime(2030, 7, 15, 9, 0, tzinfo=UTC)


async def seed(notify, booking, user_id: int, count: int) -> list[int]:
    """`count` notifications for `user_id`, through the consumer; their ids, oldest first."""
    for _ in range(count):
        message = booking.created(booking.reservation(user_id, START, END))
        event = Event(RESERVATION_CREATED, message.header.event_id, message.SerializeToString(), {}, 1)
        assert await notify.consumer._process(event) == "processed"
    rows = await notify.db.fetch("SELECT id FROM notifications WHERE user_id = $1 ORDER BY id", user_id)
    return [r["id"] for r in rows]


async def list_page(
    notify, user_id: int, limit: int = 0, cursor: str = "", unread_only: bool = False
) -> notify_pb2.ListNotificationsResponse:
    request = notify_pb2.ListNotificationsRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor), unread_only=unread_only
    )
    return await notify.stub.ListNotifications(request, metadata=notify.auth(user_id))


async def unread(notify, user_id: int) -> int:
    answer = await notify.stub.GetUnreadCount(notify_pb2.GetUnreadCountRequest(), metadata=notify.auth(user_id))
    return answer.count


class TestListNotifications:
    async def test_pages_newest_first_with_cursors(self, notify, booking, user_id: int, other_user_id: int) -> None:
        ids = await seed(notify, booking, user_id, 5)
        await seed(notify, booking, other_user_id, 2)

        pages = []
        cursor = ""
        while True:
            page = await list_page(notify, user_id, limit=2, cursor=cursor)
            pages.append([n.id for n in page.notifications])
            assert all(n.user_id == user_id for n in page.notifications)
            if not page.page.has_more:
                assert page.page.next_cursor == ""
                break
            cursor = page.page.next_cursor
            assert cursor

        assert pages == [[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]

    async def test_unread_only(self, notify, booking, user_id: int) -> None:
        ids = await seed(notify, booking, user_id, 3)
        await notify.stub.MarkRead(notify_pb2.MarkReadRequest(id=ids[1]), metadata=notify.auth(user_id))

        page = await list_page(notify, user_id, unread_only=True)

        assert [n.id for n in page.notifications] == [ids[2], ids[0]]
        assert not any(n.is_read for n in page.notifications)
        assert len((await list_page(notify, user_id)).notifications) == 3

    async def test_a_user_without_notifications_gets_an_empty_page(self, notify, user_id: int) -> None:
        page = await list_page(notify, user_id)
        assert list(page.notifications) == [] and not page.page.has_more

    @pytest.mark.parametrize("limit, cursor", [(101, ""), (10, "not-a-cursor!"), (10, "WyJ4Il0")])
    async def test_bad_paging_is_invalid_argument(self, notify, user_id: int, limit: int, cursor: str) -> None:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await list_page(notify, user_id, limit=limit, cursor=cursor)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


class TestReadState:
    async def test_unread_count_and_mark_read(self, notify, booking, user_id: int) -> None:
        ids = await seed(notify, booking, user_id, 3)
        assert await unread(notify, user_id) == 3

        answer = await notify.stub.MarkRead(notify_pb2.MarkReadRequest(id=ids[0]), metadata=notify.auth(user_id))

        assert answer.notification.id == ids[0] and answer.notification.is_read
        assert await unread(notify, user_id) == 2
        again = await notify.stub.MarkRead(notify_pb2.MarkReadRequest(id=ids[0]), metadata=notify.auth(user_id))
        assert again.notification.is_read and await unread(notify, user_id) == 2

    async def test_someone_elses_notification_does_not_exist(
        self, notify, booking, user_id: int, other_user_id: int
    ) -> None:
        (theirs,) = await seed(notify, booking, other_user_id, 1)
        missing = theirs + 10**12
        details = []
        for target in (theirs, missing):
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await notify.stub.MarkRead(notify_pb2.MarkReadRequest(id=target), metadata=notify.auth(user_id))
            assert caught.value.code() == grpc.StatusCode.NOT_FOUND
            assert caught.value.details() == f"Notification {target} does not exist."
            details.append(error_payload(caught.value.trailing_metadata())["code"])
        assert details == ["not_found", "not_found"]
        assert await unread(notify, other_user_id) == 1

    async def test_mark_all_read_counts_what_it_changed(
        self, notify, booking, user_id: int, other_user_id: int
    ) -> None:
        ids = await seed(notify, booking, user_id, 3)
        await seed(notify, booking, other_user_id, 2)
        await notify.stub.MarkRead(notify_pb2.MarkReadRequest(id=ids[0]), metadata=notify.auth(user_id))

        answer = await notify.stub.MarkAllRead(notify_pb2.MarkAllReadRequest(), metadata=notify.auth(user_id))

        assert answer.updated == 2
        assert await unread(notify, user_id) == 0
        assert await unread(notify, other_user_id) == 2
        repeat = await notify.stub.MarkAllRead(notify_pb2.MarkAllReadRequest(), metadata=notify.auth(user_id))
        assert repeat.updated == 0


@pytest.mark.parametrize(
    "method, request_message",
    [
        ("ListNotifications", notify_pb2.ListNotificationsRequest()),
        ("GetUnreadCount", notify_pb2.GetUnreadCountRequest()),
        ("MarkRead", notify_pb2.MarkReadRequest(id=1)),
        ("MarkAllRead", notify_pb2.MarkAllReadRequest()),
    ],
)
async def test_every_call_needs_a_signed_in_user(notify, method: str, request_message: object) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await getattr(notify.stub, method)(request_message)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert error_payload(caught.value.trailing_metadata())["code"] == "not_authenticated"


async def test_a_forged_token_is_refused(notify, user_id: int) -> None:
    forged = Tokens(kid=notify.tokens.kid).token(user_id)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await notify.stub.GetUnreadCount(
            notify_pb2.GetUnreadCountRequest(), metadata=(("authorization", f"Bearer {forged}"),)
        )
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
