"""System announcements (admins): to everyone, or to one role; pushed live to open sockets."""

from __future__ import annotations

from fastapi import APIRouter, status
from rr.notify.v1 import notify_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.schemas.notifications import AnnouncementIn, AnnouncementOut
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/announcements", tags=["notifications"], responses=ERROR_RESPONSES)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AnnouncementOut,
    summary="Send a system announcement (admins)",
)
async def announce(body: AnnouncementIn, caller: CurrentCaller, up: UpstreamsDep) -> AnnouncementOut:
    request = notify_pb2.SendAnnouncementRequest(title=body.title, message=body.message, role=body.role or "")
    answer = await up.notify.SendAnnouncement(request, metadata=caller.metadata)
    return AnnouncementOut(announcement_id=answer.announcement_id, recipients=answer.recipients)
