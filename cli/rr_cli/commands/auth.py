"""rr auth: register, login, logout, whoami, password change and reset, account deletion and
two-factor authentication."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from rr_cli.commands import mfa
from rr_cli.commands.options import Yes
from rr_cli.errors import ApiError, CliError
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.prompts import ask, confirm
from rr_cli.state import AppState, get_state

app = typer.Typer(no_args_is_help=True)
password_app = typer.Typer(no_args_is_help=True)
account_app = typer.Typer(no_args_is_help=True)
app.add_typer(mfa.app, name="mfa", help="Two-factor authentication (TOTP): setup, verify, disable.")
app.add_typer(password_app, name="password", help="Change your password, or reset a forgotten one by e-mail.")
app.add_typer(account_app, name="account", help="Delete your account.")

USER_COLUMNS = [
    Column("ID", "id"),
    Column("Username", "username"),
    Column("E-mail", "email"),
    Column("Roles", "roles"),
    Column("Two-factor", "mfa_enabled"),
    Column("Active", "is_active"),
    Column("Created", "created_at"),
]
Password = Annotated[
    str | None, typer.Option("--password", help="Omit to be asked (hidden); see also --password-stdin.")
]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]


def read_password(
    password: str | None, from_stdin: bool, *, confirmation: bool = False, label: str = "Password"
) -> str:
    if password:
        return password
    if from_stdin:
        value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            raise CliError("--password-stdin was given but stdin had no password line.")
        return value
    return ask(label, secret=True, confirmation=confirmation, hint="pass --password or --password-stdin")


@app.command(
    epilog=examples(
        "rr auth register alice --email alice@example.com",
        'echo "$PASS" | rr auth register alice --password-stdin --login',
    )
)
def register(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="3-50 letters, digits, '.', '_' or '-'.")],
    email: Annotated[str | None, typer.Option("--email", help="For notifications.")] = None,
    password: Password = None,
    password_stdin: PasswordStdin = False,
    login: Annotated[bool, typer.Option("--login", help="Sign in right after creating the account.")] = False,
) -> None:
    """Create an account. The server lists every password rule that is not met."""
    state = get_state(ctx)
    secret = read_password(password, password_stdin, confirmation=True)
    body: dict[str, Any] = {"username": username, "password": secret}
    if email:
        body["email"] = email
    user = state.client.post("/register", body, auth=False)
    if login:
        state.client.sign_in(username, secret)
    follow = " and signed in" if login else f"; sign in with `rr auth login {username}`"
    state.output.record(user, USER_COLUMNS, message=f"Account {user['username']} created{follow}.")


@app.command(
    epilog=examples(
        "rr auth login alice",
        "rr auth login alice --otp 123456",
        'echo "$PASS" | rr --api-url https://rr.example.com auth login alice --password-stdin',
    )
)
def login(
    ctx: typer.Context,
    username: Annotated[str | None, typer.Argument(help="Omit to be asked.")] = None,
    password: Password = None,
    password_stdin: PasswordStdin = False,
    otp: Annotated[
        str | None, typer.Option("--otp", help="Code from your authenticator app, or a backup code.")
    ] = None,
) -> None:
    """Sign in; the session is kept in your config directory (mode 0600) and refreshed automatically.

    Accounts with two-factor authentication are asked for a code when --otp is not given.
    """
    state = get_state(ctx)
    name = username or ask("Username")
    secret = read_password(password, password_stdin)
    try:
        session = state.client.sign_in(name, secret, otp or "")
    except ApiError as exc:
        if exc.code != "mfa_required" or otp:
            raise
        code = ask("Authentication code (or a backup code)", hint="pass --otp CODE")
        session = state.client.sign_in(name, secret, code.strip())
    state.output.done(
        f"Signed in to {state.server} as {name}.",
        {"username": name, "server": state.server, "expires_in": session.expires_in()},
        name,
    )


@app.command(epilog=examples("rr auth logout"))
def logout(ctx: typer.Context) -> None:
    """Sign out: the server revokes this session's refresh tokens, and the local copy is deleted."""
    state = get_state(ctx)
    session = state.store.load(state.server)
    if session is None:
        state.output.done(f"You were not signed in to {state.server}.", {"signed_out": False})
        return
    try:
        state.client.post("/logout", {"refresh_token": session.refresh_token or ""})
    except CliError as exc:
        state.output.warn(
            f"The server did not confirm the sign-out ({exc.message}); the local session is deleted anyway."
        )
    state.store.clear(state.server)
    state.output.done(f"Signed out of {state.server}.", {"signed_out": True})


@app.command(epilog=examples("rr auth whoami", "rr --json auth whoami"))
def whoami(ctx: typer.Context) -> None:
    """Who you are signed in as on this server, with your roles."""
    state = get_state(ctx)
    state.output.record(state.client.get("/users/me"), USER_COLUMNS, title=f"Signed in to {state.server}")


@password_app.command(
    "change",
    epilog=examples("rr auth password change", "rr auth password change --current 'Old-Pass-123' --new 'New-Pass-456'"),
)
def password_change(
    ctx: typer.Context,
    current: Annotated[str | None, typer.Option("--current", help="Omit to be asked (hidden).")] = None,
    new: Annotated[str | None, typer.Option("--new", help="Omit to be asked twice (hidden).")] = None,
) -> None:
    """Change your password. Every session ends; this one signs in again with the new password."""
    state = get_state(ctx)
    old_secret = current or ask("Current password", secret=True)
    new_secret = new or ask("New password", secret=True, confirmation=True)
    answer = state.client.post("/users/me/password", {"current_password": old_secret, "new_password": new_secret})
    _sign_in_again(state, new_secret)
    state.output.done(str(answer.get("message") or "Password changed."), answer)


@password_app.command(
    "reset",
    epilog=examples("rr auth password reset --email alice@example.com", "rr auth password reset --username alice"),
)
def password_reset(
    ctx: typer.Context,
    email: Annotated[str | None, typer.Option("--email", help="The account's e-mail address.")] = None,
    username: Annotated[str | None, typer.Option("--username", help="Or the account's username.")] = None,
) -> None:
    """Ask for an e-mail with a link to set a new password (no sign-in needed).

    The answer is the same whether or not such an account exists; only a real, active account
    with an address gets the e-mail. Then run `rr auth password reset-confirm --token ...`.
    """
    state = get_state(ctx)
    if not email and not username:
        raise CliError("Give --email or --username of the account.")
    body = {"email": email} if email else {"username": username}
    answer = state.client.post("/auth/password-reset", body, auth=False)
    state.output.done(str(answer.get("message")), answer)


@password_app.command(
    "reset-confirm",
    epilog=examples(
        "rr auth password reset-confirm --token 'token-from-the-link'",
        "rr auth password reset-confirm --token 'token-from-the-link' --new 'New-Pass-456'",
    ),
)
def password_reset_confirm(
    ctx: typer.Context,
    token: Annotated[str, typer.Option("--token", help="The value after `token=` in the e-mailed link.")],
    new: Annotated[str | None, typer.Option("--new", help="Omit to be asked twice (hidden).")] = None,
) -> None:
    """Set a new password with the token from the reset e-mail. Every session of the account ends."""
    state = get_state(ctx)
    new_secret = new or ask("New password", secret=True, confirmation=True)
    answer = state.client.post("/auth/password-reset/confirm", {"token": token, "new_password": new_secret}, auth=False)
    state.store.clear(state.server)
    state.output.done(str(answer.get("message") or "Password set."), answer)


@account_app.command(
    "delete", epilog=examples("rr auth account delete", "rr auth account delete --password-stdin --yes < pass.txt")
)
def account_delete(
    ctx: typer.Context,
    password: Password = None,
    password_stdin: PasswordStdin = False,
    otp: Annotated[
        str | None,
        typer.Option(
            "--otp",
            help="Code from your authenticator app, or a backup code (accounts with two-factor authentication).",
        ),
    ] = None,
    yes: Yes = False,
) -> None:
    """Delete your account: it can no longer sign in, your upcoming reservations are cancelled and
    your waitlist places, notifications and webhooks removed. Past reservations and the audit log
    stay, under an anonymous name; your username and e-mail address become free."""
    state = get_state(ctx)
    confirm("Delete your account? This cannot be undone.", yes)
    secret = read_password(password, password_stdin, label="Your password")
    answer = state.client.delete("/auth/users/me", json={"password": secret, "otp": otp or ""})
    state.store.clear(state.server)
    state.output.done(str(answer.get("message") or "Account deleted."), answer)


def _sign_in_again(state: AppState, password: str) -> None:
    session = state.store.load(state.server)
    state.store.clear(state.server)
    if session is None or not session.username:
        return
    try:
        state.client.sign_in(session.username, password)
    except CliError:
        state.output.warn(f"Sign in again with `rr auth login {session.username}`.")
