"""gRPC NotifyService: parse, authorize, one service call, map. Always the caller's own."""

from __future__ import annotations

import grpc
from rr.common.v1 import common_pb2
from rr.notify.v1 import notify_pb2, notify_pb2_grpc

from rr_common.authz import require_principal, require_role
from rr_common.db import Database
from rr_notify.inapp.announcements import Announcements
from rr_notify.inapp.mapping import notification_pb
from rr_notify.inapp.preferences import ChannelChange, Preferences, UserPreferences
from rr_notify.inapp.service import NotificationService
from rr_notify.reminders.service import Reminders


def _preferences_pb(p: UserPreferences) -> notify_pb2.Preferences:
    return notify_pb2.Preferences(
        reminder_minutes=p.reminder_minutes,
        channels=[notify_pb2.ChannelPreference(type=c.type, in_app=c.in_app, email=c.email) for c in p.channels],
    )


class NotifyServicer(notify_pb2_grpc.NotifyServiceServicer):
    def __init__(
        self,
        db: Database,
        service: NotificationService,
        announcements: Announcements,
        preferences: Preferences,
        reminders: Reminders,
    ) -> None:
        self.db = db
        self.service = service
        self.announcements = announcements
        self.preferences = preferences
        self.reminders = reminders

    async def ListNotifications(
        self, request: notify_pb2.ListNotificationsRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.ListNotificationsResponse:
        principal = require_principal()
        async with self.db.session() as session:
            page = await self.service.list_for(
                session,
                principal.user_id,
                request.page.limit,
                request.page.cursor,
                request.unread_only,
                request.since_id,
            )
        return notify_pb2.ListNotificationsResponse(
            notifications=[notification_pb(n) for n in page.items],
            page=common_pb2.PageInfo(
                next_cursor=page.next_cursor, has_more=page.has_more, prev_cursor=page.prev_cursor
            ),
        )

    async def GetUnreadCount(
        self, request: notify_pb2.GetUnreadCountRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.GetUnreadCountResponse:
        principal = require_principal()
        async with self.db.reader() as session:
            count = await self.service.unread_count(session, principal.user_id)
        return notify_pb2.GetUnreadCountResponse(count=count)

    async def MarkRead(
        self, request: notify_pb2.MarkReadRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.MarkReadResponse:
        principal = require_principal()
        async with self.db.session() as session:
            notification = await self.service.mark_read(session, principal.user_id, request.id)
        return notify_pb2.MarkReadResponse(notification=notification_pb(notification))

    async def MarkAllRead(
        self, request: notify_pb2.MarkAllReadRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.MarkAllReadResponse:
        principal = require_principal()
        async with self.db.session() as session:
            updated = await self.service.mark_all_read(session, principal.user_id)
        return notify_pb2.MarkAllReadResponse(updated=updated)

    async def DeleteNotification(
        self, request: notify_pb2.DeleteNotificationRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.DeleteNotificationResponse:
        principal = require_principal()
        async with self.db.session() as session:
            await self.service.delete(session, principal.user_id, request.id)
        return notify_pb2.DeleteNotificationResponse()

    async def SendAnnouncement(
        self, request: notify_pb2.SendAnnouncementRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.SendAnnouncementResponse:
        principal = require_role("admin")
        async with self.db.session() as session:
            sent = await self.announcements.send(
                session, principal.user_id, request.title, request.message, request.role
            )
        return notify_pb2.SendAnnouncementResponse(announcement_id=sent.id, recipients=sent.recipients)

    async def GetPreferences(
        self, request: notify_pb2.GetPreferencesRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.GetPreferencesResponse:
        principal = require_principal()
        async with self.db.session() as session:
            found = await self.preferences.of(session, principal.user_id)
        return notify_pb2.GetPreferencesResponse(preferences=_preferences_pb(found))

    async def UpdatePreferences(
        self, request: notify_pb2.UpdatePreferencesRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.UpdatePreferencesResponse:
        principal = require_principal()
        changes = [
            ChannelChange(c.type, c.in_app if c.HasField("in_app") else None, c.email if c.HasField("email") else None)
            for c in request.channels
        ]
        minutes = request.reminder_minutes if request.HasField("reminder_minutes") else None
        async with self.db.session() as session:
            if await self.preferences.update(session, principal.user_id, minutes, changes):
                await self.reminders.reschedule_user(session, principal.user_id, minutes or 0)
            found = await self.preferences.of(session, principal.user_id)
        return notify_pb2.UpdatePreferencesResponse(preferences=_preferences_pb(found))
