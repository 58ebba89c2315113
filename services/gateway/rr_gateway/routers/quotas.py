"""Booking quotas: role defaults (admins change them), my usage, per-user overrides (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from rr.booking.v1 import quotas_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.booking_quotas import MyUsageOut, QuotaConfig, QuotaLimits, Usage, UserQuotaIn, UserQuotaOut
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/quotas", tags=["quotas"], responses=ERROR_RESPONSES)
UserId = Annotated[int, Path(ge=1, le=2**62)]


def config_of(roles: list[quotas_pb2.RoleQuota]) -> QuotaConfig:
    return QuotaConfig(roles={r.role: QuotaLimits.of(r.limits) for r in roles})


@router.get("/config", response_model=QuotaConfig, summary="Booking limits per role")
async def get_config(caller: CurrentCaller, up: UpstreamsDep) -> QuotaConfig:
    answer = await up.quotas.GetQuotaConfig(quotas_pb2.GetQuotaConfigRequest(), metadata=caller.metadata)
    return config_of(list(answer.roles))


@router.patch("/config", response_model=QuotaConfig, summary="Change the limits of some roles (admin)")
async def patch_config(body: QuotaConfig, caller: CurrentCaller, up: UpstreamsDep) -> QuotaConfig:
    request = quotas_pb2.UpdateQuotaConfigRequest(
        roles=[quotas_pb2.RoleQuota(role=role, limits=limits.pb()) for role, limits in body.roles.items()]
    )
    answer = await up.quotas.UpdateQuotaConfig(request, metadata=caller.metadata)
    return config_of(list(answer.roles))


@router.get("/my-usage", response_model=MyUsageOut, summary="My limits and how much of them I use")
async def my_usage(caller: CurrentCaller, up: UpstreamsDep) -> MyUsageOut:
    answer = await up.quotas.GetMyQuotaUsage(quotas_pb2.GetMyQuotaUsageRequest(), metadata=caller.metadata)
    return MyUsageOut(limits=QuotaLimits.of(answer.limits), usage=Usage.of(answer.usage))


@router.get("/users/{user_id}", response_model=UserQuotaOut, summary="A user's override and usage (admin)")
async def get_user_quota(user_id: UserId, caller: CurrentCaller, up: UpstreamsDep) -> UserQuotaOut:
    answer = await up.quotas.GetUserQuota(quotas_pb2.GetUserQuotaRequest(user_id=user_id), metadata=caller.metadata)
    return UserQuotaOut.of(answer.quota)


@router.patch("/users/{user_id}", response_model=UserQuotaOut, summary="Set or clear a user's override (admin)")
async def patch_user_quota(user_id: UserId, body: UserQuotaIn, caller: CurrentCaller, up: UpstreamsDep) -> UserQuotaOut:
    request = quotas_pb2.UpdateUserQuotaRequest(
        user_id=user_id, override=QuotaLimits(**body.model_dump(exclude={"clear"})).pb(), clear=body.clear
    )
    answer = await up.quotas.UpdateUserQuota(request, metadata=caller.metadata)
    return UserQuotaOut.of(answer.quota)
