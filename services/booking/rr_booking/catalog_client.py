"""Booking's view of catalog: is this slot bookable, with which buffers, and when is it open?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import grpc
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from rr.common.v1 import common_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.errors import from_rpc_error
from rr_common.timeconv import from_timestamp, to_timestamp


@dataclass(frozen=True)
class Bookability:
    resource: catalog_pb2.Resource
    verdicts: list[catalog_pb2.SlotVerdict]
    buffer_before_minutes: int
    buffer_after_minutes: int


@dataclass(frozen=True)
class OpenHours:
    resource: catalog_pb2.Resource
    open: list[tuple[datetime, datetime]]
    buffer_before_minutes: int
    buffer_after_minutes: int
    # False when catalog could not say (see `open_all_the_time_fallback`).
    known: bool


class CatalogClient:
    def __init__(self, channel: grpc.aio.Channel, timeout: float) -> None:
        self._stub = catalog_pb2_grpc.CatalogServiceStub(channel)
        self._timeout = timeout

    async def check_bookable(
        self, resource_id: int, slots: Sequence[tuple[datetime, datetime]], session: AsyncSession | None = None
    ) -> Bookability:
        request = catalog_pb2.CheckBookableRequest(
            resource_id=resource_id,
            slots=[common_pb2.TimeRange(start=to_timestamp(s), end=to_timestamp(e)) for s, e in slots],
        )
        try:
            answer = await self._stub.CheckBookable(request, timeout=self._timeout)
        except grpc.aio.AioRpcError as exc:
            raise from_rpc_error(exc, "catalog") from exc
        return Bookability(
            resource=answer.resource,
            verdicts=list(answer.verdicts),
            buffer_before_minutes=answer.buffer_before_minutes,
            buffer_after_minutes=answer.buffer_after_minutes,
        )

    async def bookability(self, resource_id: int) -> catalog_pb2.BookabilitySnapshot:
        """The resource's whole bookability snapshot (what booking's projection keeps)."""
        try:
            answer: catalog_pb2.BookabilitySnapshot = await self._stub.GetBookability(
                catalog_pb2.GetBookabilityRequest(resource_id=resource_id), timeout=self._timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise from_rpc_error(exc, "catalog") from exc
        return answer

    async def open_hours(self, resource_id: int, start: datetime, end: datetime) -> OpenHours:
        request = catalog_pb2.GetOpenIntervalsRequest(
            resource_id=resource_id, range=common_pb2.TimeRange(start=to_timestamp(start), end=to_timestamp(end))
        )
        try:
            answer = await self._stub.GetOpenIntervals(request, timeout=self._timeout)
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
                return await self.open_all_the_time_fallback(resource_id, start, end)
            raise from_rpc_error(exc, "catalog") from exc
        return OpenHours(
            resource=answer.resource,
            open=[(from_timestamp(r.start), from_timestamp(r.end)) for r in answer.open],
            buffer_before_minutes=answer.buffer_before_minutes,
            buffer_after_minutes=answer.buffer_after_minutes,
            known=True,
        )

    async def open_all_the_time_fallback(self, resource_id: int, start: datetime, end: datetime) -> OpenHours:
        """Until catalog serves GetOpenIntervals, treat the resource as open around the clock
        (CheckBookable still vets every write) and say so with `known=False`."""
        check = await self.check_bookable(resource_id, [])
        return OpenHours(
            resource=check.resource,
            open=[(start, end)],
            buffer_before_minutes=check.buffer_before_minutes,
            buffer_after_minutes=check.buffer_after_minutes,
            known=False,
        )
