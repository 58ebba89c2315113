"""Roles: list and create (admin), assign and remove (admin), my roles (anyone signed in).
The auth service enforces who may do what; the gateway only forwards the caller's token.
The replaced system's paths (/roles/...) answer as before, marked deprecated."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.routing import APIRoute
from rr.auth.v1 import roles_pb2, roles_pb2_grpc

from rr_gateway.deprecation import API_PREFIX, deprecated_for
from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.auth import UserOut
from rr_gateway.schemas.auth_roles import PermissionOut, RoleAssignIn, RoleAssignmentOut, RoleIn, RoleOut
from rr_gateway.schemas.common import ERROR_RESPONSES, ErrorBody
from rr_gateway.security import CurrentCaller

# One family for both spellings: the paths carry the prefix themselves.
PREFIX, LEGACY_PREFIX = "/auth/roles", "/roles"
router = APIRouter(tags=["roles"], responses=ERROR_RESPONSES)


async def _stub(up: UpstreamsDep) -> roles_pb2_grpc.RoleServiceStub:
    return up.roles


Roles = Annotated[roles_pb2_grpc.RoleServiceStub, Depends(_stub)]


@router.get(PREFIX + "/", response_model=list[RoleOut], summary="Every role with its permissions")
@router.get(PREFIX + "", response_model=list[RoleOut], include_in_schema=False)
async def list_roles(caller: CurrentCaller, roles: Roles) -> list[RoleOut]:
    answer = await roles.ListRoles(roles_pb2.ListRolesRequest(), metadata=caller.metadata)
    return [RoleOut.of(r) for r in answer.roles]


@router.get(
    PREFIX + "/permissions", response_model=list[PermissionOut], summary="Permissions a custom role can be given"
)
async def list_permissions(caller: CurrentCaller, roles: Roles) -> list[PermissionOut]:
    answer = await roles.ListRoles(roles_pb2.ListRolesRequest(), metadata=caller.metadata)
    return [PermissionOut(name=p.name, description=p.description) for p in answer.permissions]


@router.post(
    PREFIX + "/",
    status_code=status.HTTP_201_CREATED,
    response_model=RoleOut,
    summary="Create a custom role (admin)",
    responses={409: {"model": ErrorBody, "description": "A role with that name exists"}},
)
@router.post(PREFIX + "", status_code=status.HTTP_201_CREATED, response_model=RoleOut, include_in_schema=False)
async def create_role(body: RoleIn, caller: CurrentCaller, roles: Roles) -> RoleOut:
    request = roles_pb2.CreateRoleRequest(
        name=body.name, description=body.description or "", permissions=body.permissions
    )
    return RoleOut.of((await roles.CreateRole(request, metadata=caller.metadata)).role)


@router.post(PREFIX + "/assign", response_model=RoleAssignmentOut, summary="Give a user a role (admin)")
async def assign_role(body: RoleAssignIn, caller: CurrentCaller, roles: Roles) -> RoleAssignmentOut:
    request = roles_pb2.AssignRoleRequest(
        user_id=body.user_id or 0, username=body.username or "", role_name=body.role_name
    )
    user = (await roles.AssignRole(request, metadata=caller.metadata)).user
    return RoleAssignmentOut(
        message=f"Role '{body.role_name}' assigned to {user.username}; it applies from their next token.",
        user=UserOut.of(user),
    )


@router.delete(
    PREFIX + "/assign",
    response_model=RoleAssignmentOut,
    summary="Take a role from a user (admin)",
    responses={409: {"model": ErrorBody, "description": "The last active admin keeps the admin role"}},
)
async def remove_role(body: RoleAssignIn, caller: CurrentCaller, roles: Roles) -> RoleAssignmentOut:
    request = roles_pb2.RemoveRoleRequest(
        user_id=body.user_id or 0, username=body.username or "", role_name=body.role_name
    )
    user = (await roles.RemoveRole(request, metadata=caller.metadata)).user
    return RoleAssignmentOut(
        message=f"Role '{body.role_name}' removed from {user.username}; it applies from their next token.",
        user=UserOut.of(user),
    )


@router.get(PREFIX + "/my-roles", response_model=list[RoleOut], summary="My roles")
async def my_roles(caller: CurrentCaller, roles: Roles) -> list[RoleOut]:
    answer = await roles.GetMyRoles(roles_pb2.GetMyRolesRequest(), metadata=caller.metadata)
    return [RoleOut.of(r) for r in answer.roles]


def _successor(request: Request) -> str:
    return PREFIX + request.url.path.removeprefix(API_PREFIX).removeprefix(LEGACY_PREFIX)


def _add_legacy_routes() -> None:
    """/roles/... as the replaced system spelled it: the same handlers, marked deprecated."""
    for route, method in [(r, m) for r in router.routes if isinstance(r, APIRoute) for m in sorted(r.methods or ())]:
        router.add_api_route(
            LEGACY_PREFIX + route.path.removeprefix(PREFIX),
            route.endpoint,
            methods=[method],
            response_model=route.response_model,
            status_code=route.status_code,
            responses=route.responses,
            summary=f"{route.summary} (deprecated)" if route.summary else None,
            description=f"Deprecated: use {method} {API_PREFIX}{route.path}, which answers the same.",
            deprecated=True,
            include_in_schema=route.include_in_schema,
            dependencies=[Depends(deprecated_for(_successor))],
            name=f"legacy_{route.name}",
        )


_add_legacy_routes()
