"""gRPC AuditService: admins read everything; anyone reads what they did."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.notify.v1 import audit_pb2, audit_pb2_grpc

from rr_common.authz import require_principal
from rr_common.pagination import page_info
from rr_common.timeconv import from_timestamp
from rr_notify.audit.repository import AuditQuery
from rr_notify.mapping import audit_pb

if TYPE_CHECKING:
    from rr_notify.wiring import Services


def _query(f: audit_pb2.AuditFilter) -> AuditQuery:
    return AuditQuery(
        actor_user_id=f.user_id or None,
        action=f.action,
        entity_type=f.entity_type,
        entity_id=f.entity_id,
        source_service=f.source_service,
        occurred_from=from_timestamp(f.occurred_from) if f.HasField("occurred_from") else None,
        occurred_to=from_timestamp(f.occurred_to) if f.HasField("occurred_to") else None,
    )


class AuditServicer(audit_pb2_grpc.AuditServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ListAuditLogs(
        self, request: audit_pb2.ListAuditLogsRequest, context: grpc.aio.ServicerContext
    ) -> audit_pb2.ListAuditLogsResponse:
        caller = require_principal()
        async with self.app.db.session() as session:
            page = await self.app.audit.list(
                session, caller, _query(request.filter), request.mine, request.page.limit, request.page.cursor
            )
        return audit_pb2.ListAuditLogsResponse(
            entries=[audit_pb(e) for e in page.entries],
            page=page_info(page),
        )

    async def GetAuditLog(
        self, request: audit_pb2.GetAuditLogRequest, context: grpc.aio.ServicerContext
    ) -> audit_pb2.GetAuditLogResponse:
        caller = require_principal()
        async with self.app.db.session() as session:
            entry = await self.app.audit.get(session, caller, request.id)
        return audit_pb2.GetAuditLogResponse(entry=audit_pb(entry))
