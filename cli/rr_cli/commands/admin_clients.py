"""rr admin clients: register, list and revoke OAuth2 clients (services and third-party apps)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli.commands.options import Yes, split_values
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.prompts import confirm
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)

COLUMNS = [
    Column("Client id", "client_id", style="bold"),
    Column("Name", "client_name"),
    Column("Grants", "grant_types"),
    Column("Scopes", "scope"),
    Column("Public", "public"),
    Column("Revoked", "revoked_at"),
    Column("Last used", "last_used_at"),
]
DETAIL = [*COLUMNS, Column("Redirect URIs", "redirect_uris"), Column("Created", "created_at")]


@app.command("list", epilog=examples("rr admin clients list", "rr admin clients list --include-revoked"))
def list_(
    ctx: typer.Context,
    include_revoked: Annotated[bool, typer.Option("--include-revoked", help="Show revoked clients too.")] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """Registered OAuth2 clients."""
    state = get_state(ctx)
    params = {"include_revoked": "true" if include_revoked else None}
    state.output.page(
        fetch(state, "/oauth/clients", params, Paging(limit, cursor, all_, yes), "clients"),
        COLUMNS,
        noun="clients",
        key="client_id",
    )


@app.command(
    epilog=examples(
        "rr admin clients create 'Nightly export' --scope reservations:read_all",
        "rr admin clients create 'Team calendar' --redirect-uri https://cal.example.com/callback",
        "rr admin clients create 'Desktop app' --public --redirect-uri http://127.0.0.1:8765/callback",
    )
)
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="What people will see on the consent screen.")],
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help="A permission the client may ask for (repeatable).")
    ] = None,
    redirect_uri: Annotated[
        list[str] | None,
        typer.Option(
            "--redirect-uri",
            help="Exact redirect URI for the authorization-code grant (repeatable; https, or http on 127.0.0.1).",
        ),
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="A browser or native app: no secret, authorization code with PKCE only.")
    ] = False,
) -> None:
    """Register a client; prints its secret once (public clients have none)."""
    state = get_state(ctx)
    body: dict[str, Any] = {
        "client_name": name,
        "scope": " ".join(split_values(scope)),
        "redirect_uris": list(redirect_uri or []),
        "public": public,
    }
    client = state.client.post("/oauth/clients", body)
    columns = DETAIL if public else [*DETAIL, Column("Secret (shown once)", "client_secret", style="bold")]
    state.output.record(
        client,
        columns,
        message=f"Registered client {client['client_id']}. {client.get('message', '')}".strip(),
        key="client_id",
    )


@app.command(epilog=examples("rr admin clients revoke rrc_0123456789abcdef01234567 --yes"))
def revoke(
    ctx: typer.Context,
    client_id: Annotated[str, typer.Argument(help="The client's client_id.")],
    yes: Yes = False,
) -> None:
    """Revoke a client: it gets no more tokens, and its sessions end when they are next refreshed."""
    confirm(f"Revoke client {client_id}?", yes)
    state = get_state(ctx)
    answer = state.client.delete(f"/oauth/clients/{client_id}")
    client = answer.get("client", {}) if isinstance(answer, dict) else {}
    state.output.done(f"Revoked client {client_id}.", client or {"client_id": client_id, "revoked": True}, client_id)
