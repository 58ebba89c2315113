"""In-app notifications and their delivery preferences (notify)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from rr.common.v1 import common_pb2
from rr.notify.v1 import notify_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.schemas.notifications import MarkedOut, NotificationOut, PreferencesIn, PreferencesOut, UnreadCountOut
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/notifications", tags=["notifications"], responses=ERROR_RESPONSES)
NotificationId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("", response_model=Page[NotificationOut], summary="My notifications, newest first")
async def list_notifications(
    caller: CurrentCaller,
    up: UpstreamsDep,
    unread_only: bool = False,
    since_id: Annotated[
        int,
        Query(ge=0, le=2**62, description="Only newer than this id, oldest first: what a reconnecting client missed."),
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Page[NotificationOut]:
    request = notify_pb2.ListNotificationsRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor), unread_only=unread_only, since_id=since_id
    )
    answer = await up.notify.ListNotifications(request, metadata=caller.metadata)
    return page_of([NotificationOut.of(n) for n in answer.notifications], answer.page)


@router.get("/unread-count", response_model=UnreadCountOut, summary="How many are unread")
async def unread_count(caller: CurrentCaller, up: UpstreamsDep) -> UnreadCountOut:
    answer = await up.notify.GetUnreadCount(notify_pb2.GetUnreadCountRequest(), metadata=caller.metadata)
    return UnreadCountOut(count=answer.count)


@router.post("/mark-all-read", response_model=MarkedOut, summary="Mark all my notifications read")
async def mark_all_read(caller: CurrentCaller, up: UpstreamsDep) -> MarkedOut:
    answer = await up.notify.MarkAllRead(notify_pb2.MarkAllReadRequest(), metadata=caller.metadata)
    return MarkedOut(updated=answer.updated)


@router.get(
    "/preferences", response_model=PreferencesOut, summary="Which notifications reach me, in the app and by e-mail"
)
async def get_preferences(caller: CurrentCaller, up: UpstreamsDep) -> PreferencesOut:
    answer = await up.notify.GetPreferences(notify_pb2.GetPreferencesRequest(), metadata=caller.metadata)
    return PreferencesOut.of(answer.preferences)


@router.put(
    "/preferences", response_model=PreferencesOut, summary="Change my channels per type and my reminder lead time"
)
async def put_preferences(body: PreferencesIn, caller: CurrentCaller, up: UpstreamsDep) -> PreferencesOut:
    answer = await up.notify.UpdatePreferences(body.to_pb(), metadata=caller.metadata)
    return PreferencesOut.of(answer.preferences)


@router.post("/{notification_id}/read", response_model=NotificationOut, summary="Mark one read")
async def mark_read(notification_id: NotificationId, caller: CurrentCaller, up: UpstreamsDep) -> NotificationOut:
    answer = await up.notify.MarkRead(notify_pb2.MarkReadRequest(id=notification_id), metadata=caller.metadata)
    return NotificationOut.of(answer.notification)


@router.delete("/{notification_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete one of mine")
async def delete_notification(notification_id: NotificationId, caller: CurrentCaller, up: UpstreamsDep) -> Response:
    await up.notify.DeleteNotification(
        notify_pb2.DeleteNotificationRequest(id=notification_id), metadata=caller.metadata
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
