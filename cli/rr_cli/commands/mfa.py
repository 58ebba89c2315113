"""rr auth mfa: enrol an authenticator app, confirm it, turn it off, new backup codes."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated

import typer

from rr_cli.errors import CliError
from rr_cli.help import examples
from rr_cli.prompts import ask
from rr_cli.state import get_state

app = typer.Typer(no_args_is_help=True)
Code = Annotated[str | None, typer.Argument(help="A 6-digit code from the app (or a backup code). Omit to be asked.")]


def save_data_uri(uri: str, path: Path) -> None:
    """Write a ``data:<type>;base64,...`` URI (the QR code) to a file."""
    _, _, payload = uri.partition(",")
    try:
        path.write_bytes(base64.b64decode(payload, validate=True))
    except (ValueError, OSError) as exc:
        raise CliError(f"Cannot save the QR code to {path}: {exc}.") from exc


@app.command(epilog=examples("rr auth mfa setup", "rr auth mfa setup --qr qr.png"))
def setup(
    ctx: typer.Context,
    qr: Annotated[Path | None, typer.Option("--qr", help="Also save the QR code as a PNG image here.")] = None,
) -> None:
    """Start enrolment: prints the secret, the otpauth:// URI and single-use backup codes.

    Add the secret to your authenticator app (or scan the --qr image), then confirm with
    `rr auth mfa verify CODE`.
    """
    state = get_state(ctx)
    answer = state.client.post("/auth/mfa/setup")
    if qr is not None and answer.get("qr_code"):
        save_data_uri(str(answer["qr_code"]), qr)
    out = state.output
    if not out.is_table:
        out.done("", {k: v for k, v in answer.items() if k not in ("qr_code", "qr_code_svg")})
        return
    out.line(f"Secret:  {answer['secret']}", style="bold")
    out.line(f"URI:     {answer['totp_uri']}")
    if qr is not None:
        out.line(f"QR code: saved to {qr}")
    out.line("Backup codes (each works once; they are not shown again):", style="bold")
    for code in answer.get("backup_codes") or []:
        out.line(f"  {code}")
    out.hint("Add the secret to your authenticator app, then run: rr auth mfa verify CODE")


@app.command(epilog=examples("rr auth mfa verify 123456"))
def verify(ctx: typer.Context, code: Code = None) -> None:
    """Confirm a code from the app: two-factor authentication is on from now on."""
    state = get_state(ctx)
    answer = state.client.post("/auth/mfa/verify", {"code": (code or ask("Code from your app")).strip()})
    state.output.done(str(answer.get("message") or "Two-factor authentication is on."), answer)


@app.command(epilog=examples("rr auth mfa disable 123456", "rr auth mfa disable ABCD-EFGH-1234"))
def disable(ctx: typer.Context, code: Code = None) -> None:
    """Turn two-factor authentication off (needs a current code or a backup code)."""
    state = get_state(ctx)
    answer = state.client.post(
        "/auth/mfa/disable", {"code": (code or ask("Code from your app or a backup code")).strip()}
    )
    state.output.done(str(answer.get("message") or "Two-factor authentication is off."), answer)


@app.command("backup-codes", epilog=examples("rr auth mfa backup-codes 123456"))
def backup_codes(ctx: typer.Context, code: Code = None) -> None:
    """Replace your backup codes (the old ones stop working)."""
    state = get_state(ctx)
    answer = state.client.post("/auth/mfa/backup-codes", {"code": (code or ask("Code from your app")).strip()})
    if not state.output.is_table:
        state.output.done("", answer)
        return
    state.output.line("New backup codes (each works once; they are not shown again):", style="bold")
    for item in answer.get("backup_codes") or []:
        state.output.line(f"  {item}")
