"""rr.notify.v1.LegacyImportService: a service token with data:import only."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import grpc
from rr.notify.v1 import legacy_import_pb2, legacy_import_pb2_grpc

from rr_common.legacy_import import require_importer
from rr_notify.legacy_import.reminders import ReminderImport
from rr_notify.legacy_import.service import NotifyImport
from rr_notify.legacy_import.settings import import_user_settings

if TYPE_CHECKING:
    from rr_notify.wiring import Services

Context: TypeAlias = grpc.aio.ServicerContext
Pb = legacy_import_pb2


class LegacyImportServicer(legacy_import_pb2_grpc.LegacyImportServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app
        self.imports = NotifyImport()
        self.reminders = ReminderImport(app.preferences, app.reminders)

    async def ImportNotifications(
        self, request: Pb.ImportNotificationsRequest, context: Context
    ) -> Pb.ImportNotificationsResponse:
        require_importer()
        async with self.app.db.session() as session:
            rows = await self.imports.notifications(session, request.notifications, request.dry_run, request.source)
            return Pb.ImportNotificationsResponse(rows=rows)

    async def ImportWebhooks(self, request: Pb.ImportWebhooksRequest, context: Context) -> Pb.ImportWebhooksResponse:
        require_importer()
        async with self.app.db.session() as session:
            return Pb.ImportWebhooksResponse(
                rows=await self.imports.webhooks(session, request.webhooks, request.dry_run, request.source)
            )

    async def RecordImport(self, request: Pb.RecordImportRequest, context: Context) -> Pb.RecordImportResponse:
        require_importer()
        async with self.app.db.session() as session:
            return Pb.RecordImportResponse(recorded=await self.imports.record(session, request.source, request.counts))

    async def ImportUserSettings(
        self, request: Pb.ImportUserSettingsRequest, context: Context
    ) -> Pb.ImportUserSettingsResponse:
        require_importer()
        async with self.app.db.session() as session:
            return Pb.ImportUserSettingsResponse(
                rows=await import_user_settings(session, request.settings, request.dry_run, request.source)
            )

    async def ImportReminders(self, request: Pb.ImportRemindersRequest, context: Context) -> Pb.ImportRemindersResponse:
        require_importer()
        async with self.app.db.session() as session:
            return Pb.ImportRemindersResponse(
                rows=await self.reminders(session, request.reminders, request.dry_run, request.source)
            )
