"""Waitlist's client of catalog: is the resource a user wants to wait for real."""

from __future__ import annotations

import grpc
from rr.catalog.v1 import catalog_pb2, catalog_pb2_grpc

from rr_common.errors import from_rpc_error


class CatalogClient:
    def __init__(self, stub: catalog_pb2_grpc.CatalogServiceStub, timeout: float) -> None:
        self._stub = stub
        self._timeout = timeout

    async def resource(self, resource_id: int) -> catalog_pb2.Resource:
        """The resource, or catalog's NotFound; asked with the caller's own token."""
        try:
            answer: catalog_pb2.GetResourceResponse = await self._stub.GetResource(
                catalog_pb2.GetResourceRequest(id=resource_id), timeout=self._timeout
            )
        except grpc.aio.AioRpcError as exc:
            raise from_rpc_error(exc, "catalog") from exc
        return answer.resource
