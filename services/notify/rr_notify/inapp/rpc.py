"""gRPC handlers of NotifyService (notifications, announcements, preferences): parse, authorize,
one service call, map. Always the caller's own, announcements aside (admins)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.notify.v1 import notify_pb2

from rr_common.authz import require_principal, require_role
from rr_common.pagination import page_info
from rr_notify.inapp.preferences import ChannelChange
from rr_notify.mapping import notification_pb, preferences_pb

if TYPE_CHECKING:
    from rr_notify.wiring import Services


class NotificationHandlers:
    app: Services

    async def ListNotifications(
        self, request: notify_pb2.ListNotificationsRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.ListNotificationsResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            page = await self.app.notifications.list_for(
                session,
                principal.user_id,
                request.page.limit,
                request.page.cursor,
                request.unread_only,
                request.since_id,
            )
        return notify_pb2.ListNotificationsResponse(
            notifications=[notification_pb(n) for n in page.items],
            page=page_info(page),
        )

    async def GetUnreadCount(
        self, request: notify_pb2.GetUnreadCountRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.GetUnreadCountResponse:
        principal = require_principal()
        async with self.app.db.reader() as session:
            count = await self.app.notifications.unread_count(session, principal.user_id)
        return notify_pb2.GetUnreadCountResponse(count=count)

    async def MarkRead(
        self, request: notify_pb2.MarkReadRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.MarkReadResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            notification = await self.app.notifications.mark_read(session, principal.user_id, request.id)
        return notify_pb2.MarkReadResponse(notification=notification_pb(notification))

    async def MarkAllRead(
        self, request: notify_pb2.MarkAllReadRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.MarkAllReadResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            updated = await self.app.notifications.mark_all_read(session, principal.user_id)
        return notify_pb2.MarkAllReadResponse(updated=updated)

    async def DeleteNotification(
        self, request: notify_pb2.DeleteNotificationRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.DeleteNotificationResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            await self.app.notifications.delete(session, principal.user_id, request.id)
        return notify_pb2.DeleteNotificationResponse()


class AnnouncementHandlers:
    app: Services

    async def SendAnnouncement(
        self, request: notify_pb2.SendAnnouncementRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.SendAnnouncementResponse:
        principal = require_role("admin")
        async with self.app.db.session() as session:
            sent = await self.app.announcements.send(
                session, principal.user_id, request.title, request.message, request.role
            )
        return notify_pb2.SendAnnouncementResponse(announcement_id=sent.id, recipients=sent.recipients)


class PreferenceHandlers:
    app: Services

    async def GetPreferences(
        self, request: notify_pb2.GetPreferencesRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.GetPreferencesResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            found = await self.app.preferences.of(session, principal.user_id)
        return notify_pb2.GetPreferencesResponse(preferences=preferences_pb(found))

    async def UpdatePreferences(
        self, request: notify_pb2.UpdatePreferencesRequest, context: grpc.aio.ServicerContext
    ) -> notify_pb2.UpdatePreferencesResponse:
        principal = require_principal()
        changes = [
            ChannelChange(c.type, c.in_app if c.HasField("in_app") else None, c.email if c.HasField("email") else None)
            for c in request.channels
        ]
        minutes = request.reminder_minutes if request.HasField("reminder_minutes") else None
        async with self.app.db.session() as session:
            if await self.app.preferences.update(session, principal.user_id, minutes, changes):
                await self.app.reminders.reschedule_user(session, principal.user_id, minutes or 0)
            found = await self.app.preferences.of(session, principal.user_id)
        return notify_pb2.UpdatePreferencesResponse(preferences=preferences_pb(found))
