"""QuotaService servicer."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import grpc
from rr.booking.v1 import quotas_pb2, quotas_pb2_grpc

from rr_booking.models import UserQuota
from rr_booking.quotas.domain import Limits
from rr_common.authz import require_principal, require_role
from rr_common.timeconv import to_timestamp

if TYPE_CHECKING:
    from rr_booking.wiring import Services


def limits_pb(limits: Limits) -> quotas_pb2.QuotaLimits:
    out = quotas_pb2.QuotaLimits()
    if limits.max_active_reservations is not None:
        out.max_active_reservations = limits.max_active_reservations
    if limits.max_hours_per_week is not None:
        out.max_hours_per_week = limits.max_hours_per_week
    if limits.max_advance_days is not None:
        out.max_advance_days = limits.max_advance_days
    return out


def limits_of(pb: quotas_pb2.QuotaLimits) -> Limits:
    return Limits(
        pb.max_active_reservations if pb.HasField("max_active_reservations") else None,
        pb.max_hours_per_week if pb.HasField("max_hours_per_week") else None,
        pb.max_advance_days if pb.HasField("max_advance_days") else None,
    )


def usage_pb(active: int, hours: float, week: datetime) -> quotas_pb2.QuotaUsage:
    return quotas_pb2.QuotaUsage(
        active_reservations=active, hours_this_week=round(hours, 2), week_start=to_timestamp(week)
    )


def override_limits(row: UserQuota | None) -> Limits:
    return (
        Limits() if row is None else Limits(row.max_active_reservations, row.max_hours_per_week, row.max_advance_days)
    )


class QuotaServicer(quotas_pb2_grpc.QuotaServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app

    async def GetQuotaConfig(
        self, request: quotas_pb2.GetQuotaConfigRequest, context: grpc.aio.ServicerContext
    ) -> quotas_pb2.GetQuotaConfigResponse:
        require_principal()
        async with self.app.db.session() as session:
            config = await self.app.quotas.config(session)
        return quotas_pb2.GetQuotaConfigResponse(
            roles=[quotas_pb2.RoleQuota(role=r, limits=limits_pb(v)) for r, v in config.items()]
        )

    async def UpdateQuotaConfig(
        self, request: quotas_pb2.UpdateQuotaConfigRequest, context: grpc.aio.ServicerContext
    ) -> quotas_pb2.UpdateQuotaConfigResponse:
        require_role("admin")
        changes = {r.role: limits_of(r.limits) for r in request.roles}
        async with self.app.db.session() as session:
            config = await self.app.quotas.update_config(session, changes)
        return quotas_pb2.UpdateQuotaConfigResponse(
            roles=[quotas_pb2.RoleQuota(role=r, limits=limits_pb(v)) for r, v in config.items()]
        )

    async def GetMyQuotaUsage(
        self, request: quotas_pb2.GetMyQuotaUsageRequest, context: grpc.aio.ServicerContext
    ) -> quotas_pb2.GetMyQuotaUsageResponse:
        who = require_principal()
        async with self.app.db.session() as session:
            report = await self.app.quotas.usage(session, who)
        return quotas_pb2.GetMyQuotaUsageResponse(
            limits=limits_pb(report.limits),
            usage=usage_pb(report.active_reservations, report.hours_this_week, report.week_start),
        )

    async def GetUserQuota(
        self, request: quotas_pb2.GetUserQuotaRequest, context: grpc.aio.ServicerContext
    ) -> quotas_pb2.GetUserQuotaResponse:
        require_role("admin")
        async with self.app.db.session() as session:
            view = await self.app.quotas.user_quota(session, request.user_id)
        return quotas_pb2.GetUserQuotaResponse(
            quota=self._quota_pb(
                view.user_id, view.override, view.active_reservations, view.hours_this_week, view.week_start
            )
        )

    async def UpdateUserQuota(
        self, request: quotas_pb2.UpdateUserQuotaRequest, context: grpc.aio.ServicerContext
    ) -> quotas_pb2.UpdateUserQuotaResponse:
        who = require_role("admin")
        async with self.app.db.session() as session:
            view = await self.app.quotas.update_user_quota(
                session, who, request.user_id, limits_of(request.override), request.clear
            )
        return quotas_pb2.UpdateUserQuotaResponse(
            quota=self._quota_pb(
                view.user_id, view.override, view.active_reservations, view.hours_this_week, view.week_start
            )
        )

    @staticmethod
    def _quota_pb(
        user_id: int, row: UserQuota | None, active: int, hours: float, week: datetime
    ) -> quotas_pb2.UserQuota:
        return quotas_pb2.UserQuota(
            user_id=user_id,
            override=limits_pb(override_limits(row)),
            usage=usage_pb(active, hours, week),
            updated_at=to_timestamp(row.updated_at) if row is not None else None,
            updated_by=row.updated_by if row is not None else 0,
        )
