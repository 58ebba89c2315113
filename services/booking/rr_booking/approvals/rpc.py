"""ApprovalService servicer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import approvals_pb2, approvals_pb2_grpc

from rr_booking.approvals.domain import checked_approvers
from rr_booking.approvals.settings import SettingsChange
from rr_booking.mapping import reservation_pb
from rr_booking.models import ResourceSettings
from rr_common.authz import require_manager, require_principal
from rr_common.pagination import page_info
from rr_common.timeconv import to_timestamp

if TYPE_CHECKING:
    from rr_booking.wiring import Services


def settings_pb(s: ResourceSettings, requires_approval: bool) -> approvals_pb2.ResourceSettings:
    return approvals_pb2.ResourceSettings(
        resource_id=s.resource_id,
        requires_check_in=s.requires_check_in,
        check_in_window_minutes=s.check_in_window_minutes,
        approval_expiry_minutes=s.approval_expiry_minutes,
        requires_approval=requires_approval,
        updated_at=to_timestamp(s.updated_at) if s.updated_at else None,
        updated_by=s.updated_by,
        approver_user_ids=list(s.approver_user_ids or ()),
        approver_role=s.approver_role or "",
    )


class ApprovalServicer(approvals_pb2_grpc.ApprovalServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def ListPendingApprovals(
        self, request: approvals_pb2.ListPendingApprovalsRequest, context: grpc.aio.ServicerContext
    ) -> approvals_pb2.ListPendingApprovalsResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            page = await self.app.approvals.pending(
                session, who, request.page.limit, request.page.cursor, request.resource_id
            )
        return approvals_pb2.ListPendingApprovalsResponse(
            reservations=[reservation_pb(r) for r in page.items],
            page=page_info(page),
        )

    async def ListMyApprovalRequests(
        self, request: approvals_pb2.ListMyApprovalRequestsRequest, context: grpc.aio.ServicerContext
    ) -> approvals_pb2.ListMyApprovalRequestsResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            page = await self.app.approvals.my_requests(
                session, who, request.page.limit, request.page.cursor, request.status
            )
        return approvals_pb2.ListMyApprovalRequestsResponse(
            reservations=[reservation_pb(r) for r in page.items],
            page=page_info(page),
        )

    async def RespondToApproval(
        self, request: approvals_pb2.RespondToApprovalRequest, context: grpc.aio.ServicerContext
    ) -> approvals_pb2.RespondToApprovalResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            reservation = await self.app.approvals.respond(
                session, who, request.id, request.approve, request.comment[:2000]
            )
        return approvals_pb2.RespondToApprovalResponse(reservation=reservation_pb(reservation))

    async def GetApproval(
        self, request: approvals_pb2.GetApprovalRequest, context: grpc.aio.ServicerContext
    ) -> approvals_pb2.GetApprovalResponse:
        who = require_principal()
        async with self.app.db.reader() as session:
            reservation, decides = await self.app.approvals.get(session, who, request.id)
        return approvals_pb2.GetApprovalResponse(
            reservation=reservation_pb(reservation), may_respond=decides and reservation.status == "pending_approval"
        )

    async def WithdrawApproval(
        self, request: approvals_pb2.WithdrawApprovalRequest, context: grpc.aio.ServicerContext
    ) -> approvals_pb2.WithdrawApprovalResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            reservation = await self.app.approvals.withdraw(session, who, request.id, request.reason[:2000])
        return approvals_pb2.WithdrawApprovalResponse(reservation=reservation_pb(reservation))

    async def GetResourceSettings(
        self, request: approvals_pb2.GetResourceSettingsRequest, context: grpc.aio.ServicerContext
    ) -> approvals_pb2.GetResourceSettingsResponse:
        require_principal()
        async with self.app.db.session() as session:
            settings, requires_approval = await self.app.approvals.settings(session, request.resource_id)
        return approvals_pb2.GetResourceSettingsResponse(settings=settings_pb(settings, requires_approval))

    async def UpdateResourceSettings(
        self, request: approvals_pb2.UpdateResourceSettingsRequest, context: grpc.aio.ServicerContext
    ) -> approvals_pb2.UpdateResourceSettingsResponse:
        who = require_manager()
        s = request.settings
        approvers = checked_approvers(list(s.approver_user_ids), s.approver_role)
        change = SettingsChange(
            s.resource_id, s.requires_check_in, s.check_in_window_minutes, s.approval_expiry_minutes, approvers
        )
        async with self.app.db.session() as session:
            settings, requires_approval = await self.app.approvals.update_settings(session, who, change)
        return approvals_pb2.UpdateResourceSettingsResponse(settings=settings_pb(settings, requires_approval))
