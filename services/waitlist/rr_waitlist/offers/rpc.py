"""gRPC handlers of the user's answer to an offer: accept or decline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.waitlist.v1 import waitlist_pb2

from rr_common.authz import require_principal
from rr_waitlist.entries.repository import PositionedEntry
from rr_waitlist.mapping import entry_pb
from rr_waitlist.models import WaitlistEntry

if TYPE_CHECKING:
    from rr_waitlist.wiring import Services


def _closed(entry: WaitlistEntry) -> waitlist_pb2.WaitlistEntry:
    """An entry that just left the queue (accepted, declined): no position any more."""
    return entry_pb(PositionedEntry(entry, 0))


class OfferHandlers:
    app: Services

    async def AcceptOffer(
        self, request: waitlist_pb2.AcceptOfferRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.AcceptOfferResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            entry = await self.app.offers.accept(session, principal, request.id)
        return waitlist_pb2.AcceptOfferResponse(entry=_closed(entry))

    async def DeclineOffer(
        self, request: waitlist_pb2.DeclineOfferRequest, context: grpc.aio.ServicerContext
    ) -> waitlist_pb2.DeclineOfferResponse:
        principal = require_principal()
        async with self.app.db.session() as session:
            entry = await self.app.offers.decline(session, principal, request.id)
        return waitlist_pb2.DeclineOfferResponse(entry=_closed(entry))
