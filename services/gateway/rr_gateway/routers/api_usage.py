"""A caller's own API usage against the rate limits (booking quotas live under /quotas too)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from rr_gateway.error_codes import RateLimitUnavailable
from rr_gateway.ratelimit import RateLimitView
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/quotas", tags=["quotas"], responses=ERROR_RESPONSES)


class ApiUsageOut(BaseModel):
    tier: str
    limit: int
    remaining: int
    reset_at: int
    window_seconds: int


@router.get("/api-usage", response_model=ApiUsageOut, summary="My API request budget in the current window")
async def api_usage(request: Request, caller: CurrentCaller) -> ApiUsageOut:
    view: RateLimitView = request.app.state.rate_limits
    try:
        usage = await view.usage_of(caller.principal.user_id, caller.principal.is_admin)
    except Exception as exc:  # storage down: say so instead of failing
        raise RateLimitUnavailable("API usage cannot be read right now; try again shortly.") from exc
    return ApiUsageOut(**usage.__dict__)
