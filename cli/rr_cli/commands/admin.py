"""rr admin: users and roles here; quotas, webhooks, audit and analytics in their own modules."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli.commands import admin_clients, admin_insight, admin_quotas, admin_webhooks
from rr_cli.commands.auth import USER_COLUMNS, read_password
from rr_cli.commands.options import Yes
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.prompts import confirm
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)
users_app = typer.Typer(no_args_is_help=True)
roles_app = typer.Typer(no_args_is_help=True)
app.add_typer(users_app, name="users", help="List users; unlock, activate, deactivate; reset passwords.")
app.add_typer(roles_app, name="roles", help="Roles and their permissions; assign and remove.")
app.add_typer(admin_quotas.app, name="quotas", help="Booking limits per role and per user.")
app.add_typer(admin_webhooks.app, name="webhooks", help="Outgoing webhooks and their deliveries.")
app.add_typer(admin_clients.app, name="clients", help="OAuth2 clients: services and third-party apps.")
app.add_typer(admin_insight.audit_app, name="audit", help="The audit log: who did what, when.")
app.add_typer(admin_insight.analytics_app, name="analytics", help="Utilisation, popular resources, peak times.")

ADMIN_USER_COLUMNS = [*USER_COLUMNS, Column("Locked until", "locked_until")]
UserId = Annotated[int, typer.Argument(min=1, help="The user's id (see `rr admin users list`).")]


def user_ref(user: str) -> dict[str, Any]:
    """A user named by id (digits) or by username."""
    return {"user_id": int(user)} if user.isdigit() else {"username": user}


@users_app.command(
    "list",
    epilog=examples(
        "rr admin users list", "rr admin users list --query ali --role admin", "rr admin users list --inactive --all"
    ),
)
def users_list(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Option("--query", help="Part of a username or e-mail.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Only users with this role.")] = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="Only active or only deactivated users.")
    ] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """List and search users."""
    state = get_state(ctx)
    params = {"q": query, "role": role, "is_active": active}
    state.output.page(
        fetch(state, "/auth/admin/users", params, Paging(limit, cursor, all_, yes), "users"),
        ADMIN_USER_COLUMNS,
        noun="users",
    )


def _user_action(ctx: typer.Context, user_id: int, action: str, message: str) -> None:
    state = get_state(ctx)
    user = state.client.post(f"/auth/admin/users/{user_id}/{action}")
    state.output.record(user, ADMIN_USER_COLUMNS, message=message.format(name=user.get("username", user_id)))


@users_app.command("unlock", epilog=examples("rr admin users unlock 12"))
def users_unlock(ctx: typer.Context, user_id: UserId) -> None:
    """Lift a lockout after too many failed sign-ins."""
    _user_action(ctx, user_id, "unlock", "{name} can sign in again.")


@users_app.command("activate", epilog=examples("rr admin users activate 12"))
def users_activate(ctx: typer.Context, user_id: UserId) -> None:
    """Let a deactivated user sign in again."""
    _user_action(ctx, user_id, "activate", "{name} is active again.")


@users_app.command("deactivate", epilog=examples("rr admin users deactivate 12 --yes"))
def users_deactivate(ctx: typer.Context, user_id: UserId, yes: Yes = False) -> None:
    """Stop a user from signing in or refreshing a session."""
    confirm(f"Deactivate user {user_id}?", yes)
    _user_action(ctx, user_id, "deactivate", "{name} is deactivated.")


@users_app.command(
    "reset-password",
    epilog=examples(
        "rr admin users reset-password alice", "rr admin users reset-password 12 --password 'Temp-Pass-123'"
    ),
)
def users_reset_password(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="User id or username.")],
    password: Annotated[
        str | None, typer.Option("--password", help="The new password; omit to be asked (hidden).")
    ] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read it from stdin.")] = False,
) -> None:
    """Set a user's password; their sessions end."""
    state = get_state(ctx)
    secret = read_password(password, password_stdin, confirmation=True, label="New password")
    answer = state.client.post("/auth/admin/reset-password", {**user_ref(user), "new_password": secret})
    state.output.done(str(answer.get("message") or "Password reset."), answer, (answer.get("user") or {}).get("id"))


ROLE_COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("Name", "name", style="bold"),
    Column("Built in", "builtin"),
    Column("Permissions", "permissions"),
    Column("Description", "description"),
]


@roles_app.command("list", epilog=examples("rr admin roles list"))
def roles_list(ctx: typer.Context) -> None:
    """Every role with its permissions."""
    state = get_state(ctx)
    state.output.rows(state.client.get("/auth/roles/"), ROLE_COLUMNS, empty="No roles.")


@roles_app.command("mine", epilog=examples("rr admin roles mine"))
def roles_mine(ctx: typer.Context) -> None:
    """Your own roles."""
    state = get_state(ctx)
    state.output.rows(state.client.get("/auth/roles/my-roles"), ROLE_COLUMNS, empty="You have no roles.")


@roles_app.command("permissions", epilog=examples("rr admin roles permissions"))
def roles_permissions(ctx: typer.Context) -> None:
    """Permissions a custom role can be given."""
    state = get_state(ctx)
    state.output.rows(
        state.client.get("/auth/roles/permissions"),
        [Column("Permission", "name", style="bold"), Column("Meaning", "description")],
        key="name",
    )


@roles_app.command(
    "create", epilog=examples("rr admin roles create auditor --permission audit:read --permission analytics:read")
)
def roles_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The new role's name.")],
    permission: Annotated[
        list[str] | None,
        typer.Option("--permission", help="A permission (repeatable); see `rr admin roles permissions`."),
    ] = None,
    description: Annotated[str | None, typer.Option("--description", help="What the role is for.")] = None,
) -> None:
    """Create a custom role."""
    state = get_state(ctx)
    role = state.client.post(
        "/auth/roles/", {"name": name, "description": description, "permissions": permission or []}
    )
    state.output.record(role, ROLE_COLUMNS, message=f"Created role {role['name']}.")


@roles_app.command("assign", epilog=examples("rr admin roles assign alice manager", "rr admin roles assign 12 auditor"))
def roles_assign(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="User id or username.")],
    role: Annotated[str, typer.Argument(help="Role name.")],
) -> None:
    """Give a user a role (applies from their next token)."""
    state = get_state(ctx)
    answer = state.client.post("/auth/roles/assign", {**user_ref(user), "role_name": role})
    state.output.done(
        str(answer.get("message") or f"Role {role} assigned."), answer, (answer.get("user") or {}).get("id")
    )


@roles_app.command("remove", epilog=examples("rr admin roles remove alice manager"))
def roles_remove(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="User id or username.")],
    role: Annotated[str, typer.Argument(help="Role name.")],
) -> None:
    """Take a role from a user."""
    state = get_state(ctx)
    answer = state.client.request("DELETE", "/auth/roles/assign", json={**user_ref(user), "role_name": role}).json()
    state.output.done(
        str(answer.get("message") or f"Role {role} removed."), answer, (answer.get("user") or {}).get("id")
    )


@app.command(epilog=examples("rr admin cleanup"))
def cleanup(ctx: typer.Context) -> None:
    """Run the lifecycle sweep now: complete past bookings, release no-shows, lapse expired approvals and holds."""
    state = get_state(ctx)
    answer = state.client.post("/admin/cleanup-expired")
    counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in (answer or {}).items() if isinstance(v, int))
    state.output.done(f"Cleanup done ({counts or 'nothing to do'}).", answer)
