"""Approvals (booking): pending requests, decisions, and booking's per-resource settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from rr.booking.v1 import approvals_pb2
from rr.common.v1 import common_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.booking_approvals import (
    ApprovalOut,
    ResourceSettingsIn,
    ResourceSettingsOut,
    RespondIn,
    WithdrawIn,
)
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.schemas.reservations import ReservationOut, Status
from rr_gateway.security import CurrentCaller, ManagerCaller

router = APIRouter(prefix="/approvals", tags=["approvals"], responses=ERROR_RESPONSES)
Id = Annotated[int, Path(ge=1, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str, Query(max_length=500)]


@router.get(
    "/pending",
    response_model=Page[ReservationOut],
    summary="Requests waiting for my decision, soonest first (approvers, managers, admins)",
)
async def pending(
    caller: CurrentCaller,
    up: UpstreamsDep,
    resource_id: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Limit = 20,
    cursor: Cursor = "",
) -> Page[ReservationOut]:
    request = approvals_pb2.ListPendingApprovalsRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor), resource_id=resource_id
    )
    answer = await up.approvals.ListPendingApprovals(request, metadata=caller.metadata)
    return page_of([ReservationOut.of(r) for r in answer.reservations], answer.page)


@router.get(
    "/my-requests", response_model=Page[ReservationOut], summary="My reservations that needed approval, newest first"
)
async def my_requests(
    caller: CurrentCaller,
    up: UpstreamsDep,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
    limit: Limit = 20,
    cursor: Cursor = "",
) -> Page[ReservationOut]:
    request = approvals_pb2.ListMyApprovalRequestsRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor), status=status_filter or ""
    )
    answer = await up.approvals.ListMyApprovalRequests(request, metadata=caller.metadata)
    return page_of([ReservationOut.of(r) for r in answer.reservations], answer.page)


@router.get(
    "/{reservation_id}",
    response_model=ApprovalOut,
    summary="One request (its requester, its approvers, admins)",
    responses={404: {"description": "No such request (or neither yours nor yours to decide)"}},
)
async def get_approval(reservation_id: Id, caller: CurrentCaller, up: UpstreamsDep) -> ApprovalOut:
    answer = await up.approvals.GetApproval(
        approvals_pb2.GetApprovalRequest(id=reservation_id), metadata=caller.metadata
    )
    return ApprovalOut.of_answer(answer)


@router.post(
    "/{reservation_id}/respond",
    response_model=ReservationOut,
    summary="Approve or reject a request (its approvers, admins)",
    responses={
        404: {"description": "No such reservation (or not yours to decide)"},
        409: {"description": "Not waiting for approval"},
    },
)
async def respond(reservation_id: Id, body: RespondIn, caller: CurrentCaller, up: UpstreamsDep) -> ReservationOut:
    request = approvals_pb2.RespondToApprovalRequest(id=reservation_id, approve=body.approve, comment=body.comment)
    answer = await up.approvals.RespondToApproval(request, metadata=caller.metadata)
    return ReservationOut.of(answer.reservation)


@router.post(
    "/{reservation_id}/withdraw",
    response_model=ReservationOut,
    summary="Withdraw my pending request: the slot is freed",
    responses={
        404: {"description": "No such request (or not yours)"},
        409: {"description": "Already decided (`code: not_pending`)"},
    },
)
async def withdraw(
    reservation_id: Id, caller: CurrentCaller, up: UpstreamsDep, body: WithdrawIn | None = None
) -> ReservationOut:
    request = approvals_pb2.WithdrawApprovalRequest(id=reservation_id, reason=(body or WithdrawIn()).reason)
    answer = await up.approvals.WithdrawApproval(request, metadata=caller.metadata)
    return ReservationOut.of(answer.reservation)


@router.get(
    "/resources/{resource_id}/settings",
    response_model=ResourceSettingsOut,
    summary="Check-in and approval settings of a resource",
)
async def get_settings(resource_id: Id, caller: CurrentCaller, up: UpstreamsDep) -> ResourceSettingsOut:
    answer = await up.approvals.GetResourceSettings(
        approvals_pb2.GetResourceSettingsRequest(resource_id=resource_id), metadata=caller.metadata
    )
    return ResourceSettingsOut.of(answer.settings)


@router.put(
    "/resources/{resource_id}/settings", response_model=ResourceSettingsOut, summary="Change them (admin/manager)"
)
async def put_settings(
    resource_id: Id, body: ResourceSettingsIn, caller: ManagerCaller, up: UpstreamsDep
) -> ResourceSettingsOut:
    settings = approvals_pb2.ResourceSettings(resource_id=resource_id, **body.model_dump())
    answer = await up.approvals.UpdateResourceSettings(
        approvals_pb2.UpdateResourceSettingsRequest(settings=settings), metadata=caller.metadata
    )
    return ResourceSettingsOut.of(answer.settings)
