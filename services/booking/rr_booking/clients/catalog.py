"""Booking's one call to catalog: the bookability snapshot of a resource its projection has not
heard of yet (everything else is judged from the projection, see `projection`)."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc

from rr_common.errors import from_rpc_error


class CatalogClient:
    def __init__(self, channel: grpc.aio.Channel, timeout: float) -> None:
        self._stub = catalog_pb2_grpc.CatalogServiceStub(channel)
        self._timeout = timeout

    async def bookability(self, resource_id: int) -> catalog_pb2.BookabilitySnapshot:
        """The resource's whole bookability snapshot at its current version."""
        try:
            answer: catalog_pb2.BookabilitySnapshot = await self._stub.GetBookability(
                catalog_pb2.GetBookabilityRequest(resource_id=resource_id), timeout=self._timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise from_rpc_error(exc, "catalog") from exc
        return answer
