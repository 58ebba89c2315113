"""gRPC handlers booking and the gateway call to ask what can be booked."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_catalog.mapping import labelled_pb, snapshot_pb
from rr_catalog.resources.rpc import query_of
from rr_catalog.wiring import Services
from rr_common.authz import require_principal
from rr_common.bookability.judge import Slot
from rr_common.timeconv import from_timestamp, to_timestamp, utcnow


def slot_of(time_range: common_pb2.TimeRange) -> Slot:
    return Slot(
        start=from_timestamp(time_range.start) if time_range.HasField("start") else None,
        end=from_timestamp(time_range.end) if time_range.HasField("end") else None,
    )


class BookableRpc:
    app: Services

    async def CheckBookable(
        self, request: catalog_pb2.CheckBookableRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.CheckBookableResponse:
        require_principal()
        slots = [slot_of(s) for s in request.slots]
        async with self.app.db.reader() as session:
            checked = await self.app.bookable.check(session, request.resource_id, slots, utcnow())
        return catalog_pb2.CheckBookableResponse(
            resource=labelled_pb(checked.resource),
            verdicts=[
                catalog_pb2.SlotVerdict(bookable=v.bookable, code=v.code, reason=v.reason) for v in checked.verdicts
            ],
            buffer_before_minutes=checked.rules.buffer_before_minutes,
            buffer_after_minutes=checked.rules.buffer_after_minutes,
        )

    async def GetBookability(
        self, request: catalog_pb2.GetBookabilityRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BookabilitySnapshot:
        require_principal()
        async with self.app.db.reader() as session:
            snapshot = await self.app.bookable.snapshot(session, request.resource_id)
        return snapshot_pb(snapshot)

    async def GetOpenIntervals(
        self, request: catalog_pb2.GetOpenIntervalsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GetOpenIntervalsResponse:
        require_principal()
        wanted = slot_of(request.range)
        async with self.app.db.reader() as session:
            found = await self.app.bookable.open_intervals(session, request.resource_id, wanted.start, wanted.end)
        return catalog_pb2.GetOpenIntervalsResponse(
            resource=labelled_pb(found.resource),
            open=[common_pb2.TimeRange(start=to_timestamp(s), end=to_timestamp(e)) for s, e in found.open],
            blackouts=[
                catalog_pb2.Blackout(
                    id=rule.id,
                    range=common_pb2.TimeRange(start=to_timestamp(s), end=to_timestamp(e)),
                    reason=rule.reason,
                    site_wide=rule.site_wide,
                )
                for s, e, rule in found.closures
            ],
            buffer_before_minutes=found.rules.buffer_before_minutes,
            buffer_after_minutes=found.rules.buffer_after_minutes,
            slot_granularity_minutes=found.rules.slot_granularity_minutes,
        )

    async def ListAvailabilityCandidates(
        self, request: catalog_pb2.ListAvailabilityCandidatesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListAvailabilityCandidatesResponse:
        require_principal()
        query = query_of(request.filters)
        window = slot_of(request.window)
        async with self.app.db.session() as session:
            ids = await self.app.bookable.candidates(session, query, window.start, window.end, utcnow())
        return catalog_pb2.ListAvailabilityCandidatesResponse(resource_ids=ids)
