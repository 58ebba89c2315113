"""Roles: list and create (admin), assign and remove (admin), my roles (anyone signed in).
The auth service enforces who may do what; the gateway only forwards the caller's token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status
from rr.auth.v1 import roles_pb2, roles_pb2_grpc

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.auth import UserOut
from rr_gateway.schemas.auth_roles import PermissionOut, RoleAssignIn, RoleAssignmentOut, RoleIn, RoleOut
from rr_gateway.schemas.common import ERROR_RESPONSES, ErrorBody
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/auth/roles", tags=["roles"], responses=ERROR_RESPONSES)


async def _stub(up: UpstreamsDep) -> roles_pb2_grpc.RoleServiceStub:
    return roles_pb2_grpc.RoleServiceStub(up.channels["auth"])


Roles = Annotated[roles_pb2_grpc.RoleServiceStub, Depends(_stub)]


@router.get("/", response_model=list[RoleOut], summary="Every role with its permissions")
@router.get("", response_model=list[RoleOut], include_in_schema=False)
async def list_roles(caller: CurrentCaller, roles: Roles) -> list[RoleOut]:
    answer = await roles.ListRoles(roles_pb2.ListRolesRequest(), metadata=caller.metadata)
    return [RoleOut.of(r) for r in answer.roles]


@router.get("/permissions", response_model=list[PermissionOut], summary="Permissions a custom role can be given")
async def list_permissions(caller: CurrentCaller, roles: Roles) -> list[PermissionOut]:
    answer = await roles.ListRoles(roles_pb2.ListRolesRequest(), metadata=caller.metadata)
    return [PermissionOut(name=p.name, description=p.description) for p in answer.permissions]


@router.post("/", status_code=status.HTTP_201_CREATED, response_model=RoleOut, summary="Create a custom role (admin)",
             responses={409: {"model": ErrorBody, "description": "A role with that name exists"}})
@router.post("", status_code=status.HTTP_201_CREATED, response_model=RoleOut, include_in_schema=False)
async def create_role(body: RoleIn, caller: CurrentCaller, roles: Roles) -> RoleOut:
    request = roles_pb2.CreateRoleRequest(name=body.name, description=body.description or "", permissions=body.permissions)
    return RoleOut.of((await roles.CreateRole(request, metadata=caller.metadata)).role)


@router.post("/assign", response_model=RoleAssignmentOut, summary="Give a user a role (admin)")
async def assign_role(body: RoleAssignIn, caller: CurrentCaller, roles: Roles) -> RoleAssignmentOut:
    request = roles_pb2.AssignRoleRequest(user_id=body.user_id or 0, username=body.username or "", role_name=body.role_name)
    user = (await roles.AssignRole(request, metadata=caller.metadata)).user
    return RoleAssignmentOut(message=f"Role '{body.role_name}' assigned to {user.username}; it applies from their next token.", user=UserOut.of(user))


@router.delete("/assign", response_model=RoleAssignmentOut, summary="Take a role from a user (admin)",
               responses={409: {"model": ErrorBody, "description": "The last active admin keeps the admin role"}})
async def remove_role(body: RoleAssignIn, caller: CurrentCaller, roles: Roles) -> RoleAssignmentOut:
    request = roles_pb2.RemoveRoleRequest(user_id=body.user_id or 0, username=body.username or "", role_name=body.role_name)
    user = (await roles.RemoveRole(request, metadata=caller.metadata)).user
    return RoleAssignmentOut(message=f"Role '{body.role_name}' removed from {user.username}; it applies from their next token.", user=UserOut.of(user))


@router.get("/my-roles", response_model=list[RoleOut], summary="My roles")
async def my_roles(caller: CurrentCaller, roles: Roles) -> list[RoleOut]:
    answer = await roles.GetMyRoles(roles_pb2.GetMyRolesRequest(), metadata=caller.metadata)
    return [RoleOut.of(r) for r in answer.roles]
