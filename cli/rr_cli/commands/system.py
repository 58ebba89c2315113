"""rr system: is the server ready (with each upstream), and which versions run."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rr_cli import __version__
from rr_cli.commands.auth import Password, PasswordStdin, read_password
from rr_cli.errors import ApiError, CliError
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)


@app.command(
    epilog=examples("rr system status", "rr --json system status", "rr --api-url https://rr.example.com system status")
)
def status(ctx: typer.Context) -> None:
    """The gateway's readiness and each upstream (auth, catalog, booking, waitlist, notify, NATS, Redis).

    Exits with code 1 when the server is not ready.
    """
    state = get_state(ctx)
    try:
        # The whole system: 503 (not_ready) whenever any part is down, not just the gateway.
        answer: dict[str, Any] = state.client.get("/ready?all=true", root=True, auth=False)
    except ApiError as exc:
        if exc.status != 503 or "checks" not in exc.body:
            raise
        answer = exc.body
    checks = answer.get("checks") or {}
    ready = answer.get("status") == "ready"
    out = state.output
    if out.is_table:
        rows = [{"component": name, "state": value} for name, value in checks.items()]
        out.table(
            rows,
            [Column("Component", "component", style="bold"), Column("State", "state")],
            title=f"{state.server}: {answer.get('status')}",
        )
    else:
        out.done("", {**answer, "server": state.server})
    if not ready:
        down = ", ".join(name for name, value in checks.items() if value != "ok") or "unknown"
        raise CliError(f"The server at {state.server} is not ready (down: {down}).")


@app.command(epilog=examples("rr system version"))
def version(ctx: typer.Context) -> None:
    """This CLI's version and the API versions the server offers."""
    state = get_state(ctx)
    answer = state.client.get("/api/versions", root=True, auth=False)
    current = answer.get("current")
    state.output.done(
        f"CLI {__version__}; server {state.server} offers API {current}.",
        {"cli": __version__, "server": state.server, **answer},
        current,
    )


@app.command(
    epilog=examples(
        "rr system setup admin --email admin@example.com", 'echo "$PASS" | rr system setup admin --password-stdin'
    )
)
def setup(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="The first administrator's username.")],
    email: Annotated[str | None, typer.Option("--email", help="Their e-mail address.")] = None,
    password: Password = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create the first administrator of a new installation (only while none exists), and sign in as them."""
    state = get_state(ctx)
    needs = state.client.get("/setup/status", auth=False)
    if not needs.get("needs_setup"):
        raise CliError(f"{state.server} already has an administrator; sign in with `rr auth login`.")
    secret = read_password(password, password_stdin, confirmation=True)
    body: dict[str, Any] = {"username": username, "password": secret, **({"email": email} if email else {})}
    user = state.client.post("/setup/initialize", body, auth=False)
    state.client.sign_in(username, secret)
    state.output.done(f"Administrator {user['username']} created and signed in.", user, user.get("id"))
