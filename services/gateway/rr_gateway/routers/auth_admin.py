"""Account administration (needs the users:manage permission, enforced by auth)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from rr.auth.v1 import admin_pb2, admin_pb2_grpc
from rr.common.v1 import common_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.auth_admin import AdminUserOut, PasswordResetIn, PasswordResetOut
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/auth/admin", tags=["admin"], responses=ERROR_RESPONSES)
UserId = Annotated[int, Path(ge=1, le=2**62)]


async def _stub(up: UpstreamsDep) -> admin_pb2_grpc.UserAdminServiceStub:
    return up.user_admin


Admin = Annotated[admin_pb2_grpc.UserAdminServiceStub, Depends(_stub)]


@router.get("/users", response_model=Page[AdminUserOut], summary="List and search users")
async def list_users(
    caller: CurrentCaller,
    admin: Admin,
    q: Annotated[str, Query(max_length=100, description="Part of a username or e-mail")] = "",
    is_active: bool | None = None,
    role: Annotated[str, Query(max_length=50)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str, Query(max_length=500)] = "",
) -> Page[AdminUserOut]:
    request = admin_pb2.ListUsersRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor), query=q, role=role)
    if is_active is not None:
        request.is_active = is_active
    answer = await admin.ListUsers(request, metadata=caller.metadata)
    return page_of([AdminUserOut.of(u) for u in answer.users], answer.page)


@router.post("/reset-password", response_model=PasswordResetOut, summary="Set a user's password (ends their sessions)")
async def reset_password(body: PasswordResetIn, caller: CurrentCaller, admin: Admin) -> PasswordResetOut:
    request = admin_pb2.ResetPasswordRequest(
        user_id=body.user_id or 0, username=body.username or "", new_password=body.new_password
    )
    user = (await admin.ResetPassword(request, metadata=caller.metadata)).user
    return PasswordResetOut(
        message=f"The password of {user.username} was reset; their sessions were signed out.",
        user=AdminUserOut.of(user),
    )


@router.post("/users/{user_id}/unlock", response_model=AdminUserOut, summary="Lift a lockout after failed sign-ins")
async def unlock(user_id: UserId, caller: CurrentCaller, admin: Admin) -> AdminUserOut:
    return AdminUserOut.of(
        (await admin.UnlockUser(admin_pb2.UnlockUserRequest(user_id=user_id), metadata=caller.metadata)).user
    )


@router.post(
    "/users/{user_id}/deactivate", response_model=AdminUserOut, summary="Stop a user from signing in or refreshing"
)
async def deactivate(user_id: UserId, caller: CurrentCaller, admin: Admin) -> AdminUserOut:
    answer = await admin.DeactivateUser(admin_pb2.DeactivateUserRequest(user_id=user_id), metadata=caller.metadata)
    return AdminUserOut.of(answer.user)


@router.post("/users/{user_id}/activate", response_model=AdminUserOut, summary="Let a deactivated user sign in again")
async def activate(user_id: UserId, caller: CurrentCaller, admin: Admin) -> AdminUserOut:
    answer = await admin.ActivateUser(admin_pb2.ActivateUserRequest(user_id=user_id), metadata=caller.metadata)
    return AdminUserOut.of(answer.user)
