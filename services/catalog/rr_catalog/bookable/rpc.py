"""gRPC handlers booking and the gateway call to ask what can be booked."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_catalog.bookable import service
from rr_catalog.bookable.snapshot import current_snapshot
from rr_catalog.resources.rpc import query_of
from rr_common.authz import require_principal
from rr_common.bookability.judge import Slot
from rr_common.db import Database
from rr_common.timeconv import from_timestamp, to_timestamp, utcnow


def slot_of(time_range: common_pb2.TimeRange) -> Slot:
    return Slot(
        start=from_timestamp(time_range.start) if time_range.HasField("start") else None,
        end=from_timestamp(time_range.end) if time_range.HasField("end") else None,
    )


class BookableRpc:
    db: Database

    async def CheckBookable(
        self, request: catalog_pb2.CheckBookableRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.CheckBookableResponse:
        require_principal()
        slots = [slot_of(s) for s in request.slots]
        async with self.db.reader() as session:
            resource, verdicts, rules = await service.check_bookable(session, request.resource_id, slots, utcnow())
        return catalog_pb2.CheckBookableResponse(
            resource=resource,
            verdicts=[catalog_pb2.SlotVerdict(bookable=v.bookable, code=v.code, reason=v.reason) for v in verdicts],
            buffer_before_minutes=rules.buffer_before_minutes,
            buffer_after_minutes=rules.buffer_after_minutes,
        )

    async def GetBookability(
        self, request: catalog_pb2.GetBookabilityRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.BookabilitySnapshot:
        require_principal()
        async with self.db.reader() as session:
            return await current_snapshot(session, request.resource_id)

    async def GetOpenIntervals(
        self, request: catalog_pb2.GetOpenIntervalsRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GetOpenIntervalsResponse:
        require_principal()
        wanted = slot_of(request.range)
        async with self.db.reader() as session:
            found = await service.open_intervals(session, request.resource_id, wanted.start, wanted.end)
        return catalog_pb2.GetOpenIntervalsResponse(
            resource=found.resource,
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
        async with self.db.session() as session:
            ids = await service.availability_candidates(session, query, window.start, window.end, utcnow())
        return catalog_pb2.ListAvailabilityCandidatesResponse(resource_ids=ids)
