"""The ``rr`` command: global options, then one sub-command group per area of the API."""

from __future__ import annotations

from typing import Annotated

import typer

from rr_cli import __version__
from rr_cli.commands import (
    admin,
    approvals,
    auth,
    config,
    notifications,
    reservations,
    resources,
    site,
    system,
    waitlist,
)
from rr_cli.group import RootGroup
from rr_cli.help import examples
from rr_cli.output import Mode, Output
from rr_cli.state import AppState

app = typer.Typer(
    cls=RootGroup,
    name="rr",
    help="Resource Reserver from the terminal: find, book and manage shared rooms, equipment and labs.",
    epilog=examples(
        "rr auth login alice",
        "rr resources search projector --from '2030-01-15 09:00' --until '2030-01-15 10:00'",
        "rr reservations create 3 --start '2030-01-15 09:00' --duration 1h",
        "rr --json reservations list --upcoming",
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        Output().out.print(f"rr (resource-reserver-cli) {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    api_url: Annotated[
        str | None,
        typer.Option(
            "--api-url",
            metavar="URL",
            help="Gateway address (default: RR_API_URL, then API_URL, then `rr config set api_url`, then http://127.0.0.1:8000).",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Machine-readable JSON on stdout (the API's shapes).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only ids (or nothing).")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Global options go before or after the command: `rr --json resources list` = `rr resources list --json`."""
    mode = Mode.JSON if json_output else Mode.QUIET if quiet else Mode.TABLE
    ctx.obj = AppState(Output(mode), api_flag=api_url)


for module, name, summary in (
    (auth, "auth", "Sign up, sign in and out, two-factor authentication, password."),
    (config, "config", "Show or change CLI settings (server address, timeout)."),
    (resources, "resources", "Browse, search and manage resources, their hours, blackouts and CSV files."),
    (site, "site", "Site-wide opening hours and closed days that apply to every resource."),
    (reservations, "reservations", "Book, list, cancel and export reservations."),
    (waitlist, "waitlist", "Queue for a taken slot and answer offers."),
    (notifications, "notifications", "Read notifications, or watch them arrive live."),
    (approvals, "approvals", "Approve or reject bookings of resources that need approval."),
    (admin, "admin", "Users, roles, quotas, webhooks, audit log, analytics and cleanup (admins)."),
    (system, "system", "Server health and versions."),
):
    app.add_typer(module.app, name=name, help=summary, no_args_is_help=True)
app.command("availability", epilog=resources.AVAILABILITY_EXAMPLES)(resources.availability)
# The old CLI's top-level shortcuts, kept with the same meaning.
app.command("reserve", epilog=reservations.RESERVE_EXAMPLES)(reservations.create)
app.command("upcoming", epilog=reservations.UPCOMING_EXAMPLES)(reservations.upcoming)


def main() -> None:
    app()
