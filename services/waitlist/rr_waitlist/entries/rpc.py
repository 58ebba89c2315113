"""gRPC handlers of the queue: join, list my entries, get one, leave, a resource's queue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import grpc
from rr.common.v1 import common_pb2
from rr.waitlist.v1 import waitlist_pb2

from rr_common.authz import require_principal
from rr_common.errors import ValidationFailed
from rr_common.pagination import page_info
from rr_common.timeconv import from_timestamp
from rr_waitlist.entries.domain import JoinRequest
from rr_waitlist.entries.service import Page
from rr_waitlist.mapping import entry_pb, history_pb

if TYPE_CHECKING:
    from rr_waitlist.wiring import Services


def join_request(request: waitlist_pb2.JoinWaitlistRequest) -> JoinRequest:
    missing = [name for name in ("desired_start", "desired_end") if not request.HasField(name)]
    if missing:
        errors = [{"loc": name, "msg": f"{name} is required."} for name in missing]
        raise ValidationFailed(" ".join(e["msg"] for e in errors), errors=errors)
    return JoinRequest(
        resource_id=request.resource_id,
        desired_start=from_timestamp(request.desired_start),
        desired_end=from_timestamp(request.desired_end),
        flexible_time=request.flexible_time,
    )


def _entries(page: Page) -> tuple[Sequence[waitlist_pb2.WaitlistEntry], common_pb2.PageInfo]:
    return [entry_pb(e) for e in page.items], page_info(page)


class EntryHandlers:
    app: Services

    async def JoinWaitlist(
        self, request: waitlist_pb2.JoinWaitlistRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.JoinWaitlistResponse:
        principal = require_principal()
        join = join_request(request)
        async with self.app.db.session() as session:
            entry = await self.app.entries.join(session, principal, join)
        return waitlist_pb2.JoinWaitlistResponse(entry=entry_pb(entry))

    async def ListMyEntries(
        self, request: waitlist_pb2.ListMyEntriesRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.ListMyEntriesResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            page = await self.app.entries.list_for(session, principal.user_id, request.page.limit, request.page.cursor)
        entries, info = _entries(page)
        return waitlist_pb2.ListMyEntriesResponse(entries=entries, page=info)

    async def GetEntry(
        self, request: waitlist_pb2.GetEntryRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.GetEntryResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            entry, history = await self.app.entries.get(session, principal, request.id)
        return waitlist_pb2.GetEntryResponse(entry=entry_pb(entry), history=history_pb(history))

    async def LeaveWaitlist(
        self, request: waitlist_pb2.LeaveWaitlistRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.LeaveWaitlistResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            entry = await self.app.entries.leave(session, principal, request.id)
        return waitlist_pb2.LeaveWaitlistResponse(entry=entry_pb(entry))

    async def ListResourceQueue(
        self, request: waitlist_pb2.ListResourceQueueRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.ListResourceQueueResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            page = await self.app.entries.queue(
                session, principal, request.resource_id, request.status, request.page.limit, request.page.cursor
            )
        entries, info = _entries(page)
        return waitlist_pb2.ListResourceQueueResponse(entries=entries, page=info)
