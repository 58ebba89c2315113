"""BulkService servicer."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import analytics_pb2, bulk_pb2, bulk_pb2_grpc

from rr_booking.bulk.service import Item
from rr_booking.mapping import reservation_pb
from rr_booking.reservations.rpc import filter_of, required_range
from rr_common.authz import require_principal

if TYPE_CHECKING:
    from rr_booking.wiring import Services


class BulkServicer(bulk_pb2_grpc.BulkServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def BulkCreate(
        self, request: bulk_pb2.BulkCreateRequest, context: grpc.aio.ServicerContext
    ) -> bulk_pb2.BulkCreateResponse:
        who = require_principal()
        items = [
            Item(
                i.resource_id,
                *required_range(i.start_time, i.end_time, i.HasField("start_time"), i.HasField("end_time")),
                notes=i.notes[:2000],
            )
            for i in request.items
        ]
        async with self.app.db.session() as session:
            results = await self.app.bulk.create(
                session, who, items, request.validate_only, request.idempotency_key[:150]
            )
        created = sum(1 for r in results if r.outcome == "created")
        return bulk_pb2.BulkCreateResponse(
            results=[
                bulk_pb2.BulkItemResult(
                    index=r.index,
                    outcome=r.outcome,
                    code=r.code,
                    reason=r.reason,
                    reservation=reservation_pb(r.reservation) if r.reservation is not None else None,
                )
                for r in results
            ],
            created=created,
            failed=sum(1 for r in results if r.outcome not in ("created", "valid")),
        )

    async def BulkCancel(
        self, request: bulk_pb2.BulkCancelRequest, context: grpc.aio.ServicerContext
    ) -> bulk_pb2.BulkCancelResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            results = await self.app.bulk.cancel(session, who, list(request.ids), request.reason[:2000])
        return bulk_pb2.BulkCancelResponse(
            results=[bulk_pb2.BulkCancelResult(id=r.id, outcome=r.outcome, reason=r.reason) for r in results],
            cancelled=sum(1 for r in results if r.outcome == "cancelled"),
        )

    async def ExportReservations(
        self, request: analytics_pb2.ExportReservationsCsvRequest, context: grpc.aio.ServicerContext
    ) -> analytics_pb2.CsvDocument:
        who = require_principal()
        wanted = filter_of(request.filter)
        if not who.is_manager:
            wanted = replace(wanted, user_id=who.user_id)  # users export only their own
        data, rows = await self.app.analytics.reservations_csv(wanted)
        return analytics_pb2.CsvDocument(csv=data, filename="reservations.csv", rows=rows)
