"""Notify's gRPC services: NotifyService's calls grouped by subdomain (in-app notifications,
announcements, preferences), and every servicer bound to its service name, for `app.py`."""

from __future__ import annotations

from rr.notify.v1 import audit_pb2_grpc, legacy_import_pb2_grpc, notify_pb2_grpc, webhooks_pb2_grpc

from rr_common.grpc_server import ServiceBinding
from rr_notify.audit.rpc import AuditServicer
from rr_notify.inapp.rpc import AnnouncementHandlers, NotificationHandlers, PreferenceHandlers
from rr_notify.legacy_import.rpc import LegacyImportServicer
from rr_notify.webhooks.rpc import WebhookServicer
from rr_notify.wiring import Services


class NotifyServicer(
    NotificationHandlers,
    AnnouncementHandlers,
    PreferenceHandlers,
    notify_pb2_grpc.NotifyServiceServicer,
):
    def __init__(self, app: Services) -> None:
        self.app = app


def bindings(app: Services) -> list[ServiceBinding]:
    return [
        ServiceBinding(
            notify_pb2_grpc.add_NotifyServiceServicer_to_server, NotifyServicer(app), "rr.notify.v1.NotifyService"
        ),
        ServiceBinding(
            webhooks_pb2_grpc.add_WebhookServiceServicer_to_server, WebhookServicer(app), "rr.notify.v1.WebhookService"
        ),
        ServiceBinding(
            audit_pb2_grpc.add_AuditServiceServicer_to_server, AuditServicer(app), "rr.notify.v1.AuditService"
        ),
        ServiceBinding(
            legacy_import_pb2_grpc.add_LegacyImportServiceServicer_to_server,
            LegacyImportServicer(app),
            "rr.notify.v1.LegacyImportService",
        ),
    ]
