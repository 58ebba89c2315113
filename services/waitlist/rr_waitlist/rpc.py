"""gRPC servicer: parse, call one service function inside one transaction, map to protobuf."""

from __future__ import annotations

from collections.abc import Sequence

import grpc
from rr.common.v1 import common_pb2
from rr.waitlist.v1 import waitlist_pb2, waitlist_pb2_grpc

from rr_common.authz import require_principal
from rr_common.db import Database
from rr_common.errors import InvalidInput
from rr_common.timeconv import from_timestamp
from rr_waitlist.domain import JoinRequest
from rr_waitlist.mapping import entry_pb, history_pb
from rr_waitlist.models import WaitlistEntry
from rr_waitlist.offers import OfferService
from rr_waitlist.repository import PositionedEntry
from rr_waitlist.service import Page, WaitlistService


def join_request(request: waitlist_pb2.JoinWaitlistRequest) -> JoinRequest:
    missing = [name for name in ("desired_start", "desired_end") if not request.HasField(name)]
    if missing:
        errors = [{"loc": name, "msg": f"{name} is required."} for name in missing]
        raise InvalidInput(" ".join(e["msg"] for e in errors), code="validation_failed", errors=errors)
    return JoinRequest(
        resource_id=request.resource_id,
        desired_start=from_timestamp(request.desired_start),
        desired_end=from_timestamp(request.desired_end),
        flexible_time=request.flexible_time,
    )


def _closed(entry: WaitlistEntry) -> waitlist_pb2.WaitlistEntry:
    """An entry that just left the queue (accepted, declined, left): no position any more."""
    return entry_pb(PositionedEntry(entry, 0))


def _entries(page: Page) -> tuple[Sequence[waitlist_pb2.WaitlistEntry], common_pb2.PageInfo]:
    return [entry_pb(e) for e in page.items], common_pb2.PageInfo(
        next_cursor=page.next_cursor, has_more=page.has_more, prev_cursor=page.prev_cursor
    )


class WaitlistServicer(waitlist_pb2_grpc.WaitlistServiceServicer):
    def __init__(self, db: Database, service: WaitlistService, offers: OfferService) -> None:
        self.db = db
        self.service = service
        self.offers = offers

    async def JoinWaitlist(
        self, request: waitlist_pb2.JoinWaitlistRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.JoinWaitlistResponse:
        principal = require_principal()
        join = join_request(request)
        async with self.db.session() as session:
            entry = await self.service.join(session, principal, join)
        return waitlist_pb2.JoinWaitlistResponse(entry=entry_pb(entry))

    async def ListMyEntries(
        self, request: waitlist_pb2.ListMyEntriesRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.ListMyEntriesResponse:
        principal = require_principal()
        async with self.db.session() as session:
            page = await self.service.list_for(session, principal.user_id, request.page.limit, request.page.cursor)
        entries, info = _entries(page)
        return waitlist_pb2.ListMyEntriesResponse(entries=entries, page=info)

    async def GetEntry(
        self, request: waitlist_pb2.GetEntryRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.GetEntryResponse:
        principal = require_principal()
        async with self.db.session() as session:
            entry, history = await self.service.get(session, principal, request.id)
        return waitlist_pb2.GetEntryResponse(entry=entry_pb(entry), history=history_pb(history))

    async def LeaveWaitlist(
        self, request: waitlist_pb2.LeaveWaitlistRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.LeaveWaitlistResponse:
        principal = require_principal()
        async with self.db.session() as session:
            entry = await self.service.leave(session, principal, request.id)
        return waitlist_pb2.LeaveWaitlistResponse(entry=entry_pb(entry))

    async def AcceptOffer(
        self, request: waitlist_pb2.AcceptOfferRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.AcceptOfferResponse:
        principal = require_principal()
        async with self.db.session() as session:
            entry = await self.offers.accept(session, principal, request.id)
        return waitlist_pb2.AcceptOfferResponse(entry=_closed(entry))

    async def DeclineOffer(
        self, request: waitlist_pb2.DeclineOfferRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.DeclineOfferResponse:
        principal = require_principal()
        async with self.db.session() as session:
            entry = await self.offers.decline(session, principal, request.id)
        return waitlist_pb2.DeclineOfferResponse(entry=_closed(entry))

    async def ListResourceQueue(
        self, request: waitlist_pb2.ListResourceQueueRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.ListResourceQueueResponse:
        principal = require_principal()
        async with self.db.session() as session:
            page = await self.service.queue(
                session, principal, request.resource_id, request.status, request.page.limit, request.page.cursor
            )
        entries, info = _entries(page)
        return waitlist_pb2.ListResourceQueueResponse(entries=entries, page=info)
