"""gRPC stubs of every service the gateway calls, one channel per service, made once and shared
by every request (a router never builds a stub of its own)."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from rr.auth.v1 import admin_pb2_grpc, auth_pb2_grpc, clients_pb2_grpc, mfa_pb2_grpc, oauth_pb2_grpc, roles_pb2_grpc
from rr.booking.v1 import (
    analytics_pb2_grpc,
    approvals_pb2_grpc,
    booking_pb2_grpc,
    bulk_pb2_grpc,
    calendars_pb2_grpc,
    quotas_pb2_grpc,
)
from rr.catalog.v1 import catalog_pb2_grpc
from rr.notify.v1 import audit_pb2_grpc, notify_pb2_grpc, webhooks_pb2_grpc
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
    # The other services of auth, booking and notify, on the same channels.
    user_admin: admin_pb2_grpc.UserAdminServiceStub
    mfa: mfa_pb2_grpc.MfaServiceStub
    clients: clients_pb2_grpc.ClientServiceStub
    oauth: oauth_pb2_grpc.OAuthServiceStub
    roles: roles_pb2_grpc.RoleServiceStub
    approvals: approvals_pb2_grpc.ApprovalServiceStub
    analytics: analytics_pb2_grpc.AnalyticsServiceStub
    bulk: bulk_pb2_grpc.BulkServiceStub
    calendars: calendars_pb2_grpc.CalendarServiceStub
    quotas: quotas_pb2_grpc.QuotaServiceStub
    webhooks: webhooks_pb2_grpc.WebhookServiceStub
    audit: audit_pb2_grpc.AuditServiceStub

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
            user_admin=admin_pb2_grpc.UserAdminServiceStub(channels["auth"]),
            mfa=mfa_pb2_grpc.MfaServiceStub(channels["auth"]),
            clients=clients_pb2_grpc.ClientServiceStub(channels["auth"]),
            oauth=oauth_pb2_grpc.OAuthServiceStub(channels["auth"]),
            roles=roles_pb2_grpc.RoleServiceStub(channels["auth"]),
            approvals=approvals_pb2_grpc.ApprovalServiceStub(channels["booking"]),
            analytics=analytics_pb2_grpc.AnalyticsServiceStub(channels["booking"]),
            bulk=bulk_pb2_grpc.BulkServiceStub(channels["booking"]),
            calendars=calendars_pb2_grpc.CalendarServiceStub(channels["booking"]),
            quotas=quotas_pb2_grpc.QuotaServiceStub(channels["booking"]),
            webhooks=webhooks_pb2_grpc.WebhookServiceStub(channels["notify"]),
            audit=audit_pb2_grpc.AuditServiceStub(channels["notify"]),
        )

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()
