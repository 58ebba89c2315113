"""gRPC stubs of the five services, one channel each, shared by every request."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from rr.auth.v1 import auth_pb2_grpc
from rr.booking.v1 import booking_pb2_grpc
from rr.catalog.v1 import catalog_pb2_grpc
from rr.notify.v1 import notify_pb2_grpc
from rr.waitlist.v1 import waitlist_pb2_grpc

from rr_common.grpc_client import create_channel
from rr_gateway.config import Settings


@dataclass
class Upstreams:
    channels: dict[str, grpc.aio.Channel]
    auth: auth_pb2_grpc.AuthServiceStub
    catalog: catalog_pb2_grpc.CatalogServiceStub
    booking: booking_pb2_grpc.BookingServiceStub
    waitlist: waitlist_pb2_grpc.WaitlistServiceStub
    notify: notify_pb2_grpc.NotifyServiceStub

    @classmethod
    def connect(cls, settings: Settings) -> Upstreams:
        timeout = settings.upstream_timeout_seconds
        targets = {
            "auth": settings.auth_target,
            "catalog": settings.catalog_target,
            "booking": settings.booking_target,
            "waitlist": settings.waitlist_target,
            "notify": settings.notify_target,
        }
        channels = {name: create_channel(target, timeout) for name, target in targets.items()}
        return cls(
            channels=channels,
            auth=auth_pb2_grpc.AuthServiceStub(channels["auth"]),
            catalog=catalog_pb2_grpc.CatalogServiceStub(channels["catalog"]),
            booking=booking_pb2_grpc.BookingServiceStub(channels["booking"]),
            waitlist=waitlist_pb2_grpc.WaitlistServiceStub(channels["waitlist"]),
            notify=notify_pb2_grpc.NotifyServiceStub(channels["notify"]),
        )

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()
