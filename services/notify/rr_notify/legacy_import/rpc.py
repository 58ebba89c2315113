"""rr.notify.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.notify.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_common.legacy_import import import_batch, require_importer
from rr_notify.legacy_import.settings import import_user_settings

if TYPE_CHECKING:
    from rr_notify.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext
Pb = legacy_import_pb2


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ImportNotifications(
        self, request: Pb.ImportNotificationsRequest, context: Context
    ) -> Pb.ImportNotificationsResponse:
        rows = await import_batch(self.app.db, self.app.notify_import.notifications, request.notifications, request)
        return Pb.ImportNotificationsResponse(rows=rows)

    async def ImportWebhooks(self, request: Pb.ImportWebhooksRequest, context: Context) -> Pb.ImportWebhooksResponse:
        rows = await import_batch(self.app.db, self.app.notify_import.webhooks, request.webhooks, request)
        return Pb.ImportWebhooksResponse(rows=rows)

    async def RecordImport(self, request: Pb.RecordImportRequest, context: Context) -> Pb.RecordImportResponse:
        require_importer()
        async with self.app.db.session() as session:
            return Pb.RecordImportResponse(
                recorded=await self.app.notify_import.record(session, request.source, request.counts)
            )

    async def ImportUserSettings(
        self, request: Pb.ImportUserSettingsRequest, context: Context
    ) -> Pb.ImportUserSettingsResponse:
        rows = await import_batch(self.app.db, import_user_settings, request.settings, request)
        return Pb.ImportUserSettingsResponse(rows=rows)

    async def ImportReminders(self, request: Pb.ImportRemindersRequest, context: Context) -> Pb.ImportRemindersResponse:
        rows = await import_batch(self.app.db, self.app.reminder_import, request.reminders, request)
        return Pb.ImportRemindersResponse(rows=rows)
