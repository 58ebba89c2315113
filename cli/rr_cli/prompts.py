"""Questions on stderr (stdout stays clean for --json). On a terminal Typer asks (hidden for
secrets); from a pipe the answer is the next line of stdin, without a prompt; no answer at all
is a one-line error that says which option to pass instead."""

from __future__ import annotations

import sys

import typer

from rr_cli.errors import CliError


def interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def confirm(question: str, yes: bool) -> None:
    """Go on only if the user agrees (or passed --yes); otherwise stop with exit code 1."""
    if yes:
        return
    if not interactive():
        answer = sys.stdin.readline().strip().lower()
        if not answer:
            raise CliError(f"{question} Not confirmed; add --yes to go ahead without asking.")
        agreed = answer in ("y", "yes")
    else:
        try:
            agreed = typer.confirm(question, default=False, err=True)
        except typer.Abort:
            raise CliError(f"{question} Not confirmed; add --yes to go ahead without asking.") from None
    if not agreed:
        raise CliError("Stopped; nothing was changed.")


def ask(label: str, *, secret: bool = False, confirmation: bool = False, hint: str = "") -> str:
    missing = f"No {label[0].lower() + label[1:]} given{'; ' + hint if hint else ''}."
    if not interactive():
        value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            raise CliError(missing)
        return value
    try:
        return str(typer.prompt(label, hide_input=secret, confirmation_prompt=confirmation, err=True))
    except typer.Abort:
        typer.echo("", err=True)
        raise CliError(missing) from None
