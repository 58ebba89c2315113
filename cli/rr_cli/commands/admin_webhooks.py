"""rr admin webhooks: register endpoints, see their health and deliveries, test and retry."""

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
    Column("ID", "id", justify="right"),
    Column("URL", "url", style="bold"),
    Column("Events", "events"),
    Column("Active", "is_active"),
    Column("Failures", "consecutive_failures", justify="right"),
    Column("Last success", "last_success_at"),
    Column("Description", "description"),
]
DETAIL = [
    *COLUMNS,
    Column("Disabled", "disabled_reason"),
    Column("Last failure", "last_failure_at"),
    Column("Created", "created_at"),
]
DELIVERY_COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("Event", "event_type"),
    Column("Status", "status"),
    Column("Attempts", "attempts", justify="right"),
    Column("HTTP", "last_status_code"),
    Column("ms", "last_latency_ms", justify="right"),
    Column("Error", "last_error"),
    Column("Created", "created_at"),
    Column("Next attempt", "next_attempt_at"),
]
WebhookId = Annotated[int, typer.Argument(min=1, help="The webhook's id.")]
Events = Annotated[
    list[str] | None,
    typer.Option("--event", help="Event type, e.g. reservation.created, reservation.* or * (repeatable)."),
]


@app.command("list", epilog=examples("rr admin webhooks list"))
def list_(ctx: typer.Context, limit: Limit = 20, cursor: Cursor = None, all_: All = False, yes: Yes = False) -> None:
    """Every webhook with its health."""
    state = get_state(ctx)
    state.output.page(
        fetch(state, "/webhooks/", {}, Paging(limit, cursor, all_, yes), "webhooks"), COLUMNS, noun="webhooks"
    )


@app.command(epilog=examples("rr admin webhooks events"))
def events(ctx: typer.Context) -> None:
    """Event types a webhook can subscribe to."""
    state = get_state(ctx)
    state.output.rows(
        state.client.get("/webhooks/events"),
        [Column("Event", "type", style="bold"), Column("Meaning", "description")],
        key="type",
    )


@app.command(epilog=examples("rr admin webhooks show 4"))
def show(ctx: typer.Context, webhook_id: WebhookId) -> None:
    """One webhook."""
    state = get_state(ctx)
    state.output.record(state.client.get(f"/webhooks/{webhook_id}"), DETAIL)


@app.command(
    epilog=examples(
        "rr admin webhooks create https://hooks.example.com/rr --event 'reservation.*' --description 'Ops channel'"
    )
)
def create(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The https endpoint to call.")],
    event: Events = None,
    description: Annotated[str, typer.Option("--description", help="What it is for.")] = "",
    secret: Annotated[str | None, typer.Option("--secret", help="Signing secret; omit to get a generated one.")] = None,
) -> None:
    """Register a webhook; prints its signing secret once."""
    state = get_state(ctx)
    body: dict[str, Any] = {"url": url, "events": split_values(event) or ["*"], "description": description}
    if secret:
        body["secret"] = secret
    hook = state.client.post("/webhooks/", body)
    state.output.record(
        hook,
        [*DETAIL, Column("Secret (shown once)", "secret", style="bold")],
        message=f"Registered webhook {hook['id']}.",
    )


@app.command(
    epilog=examples(
        "rr admin webhooks update 4 --event reservation.created --event reservation.cancelled",
        "rr admin webhooks update 4 --enable",
    )
)
def update(
    ctx: typer.Context,
    webhook_id: WebhookId,
    url: Annotated[str | None, typer.Option("--url", help="New endpoint.")] = None,
    event: Events = None,
    description: Annotated[str | None, typer.Option("--description", help="New description.")] = None,
    enable: Annotated[
        bool | None, typer.Option("--enable/--disable", help="Re-enable (resets failures) or pause it.")
    ] = None,
) -> None:
    """Change a webhook's URL, events or description, or enable/disable it."""
    body: dict[str, Any] = {
        k: v for k, v in {"url": url, "description": description, "is_active": enable}.items() if v is not None
    }
    if event:
        body["events"] = split_values(event)
    if not body:
        raise typer.BadParameter("Nothing to change: give --url, --event, --description, --enable or --disable.")
    state = get_state(ctx)
    state.output.record(
        state.client.patch(f"/webhooks/{webhook_id}", body), DETAIL, message=f"Updated webhook {webhook_id}."
    )


@app.command(epilog=examples("rr admin webhooks delete 4 --yes"))
def delete(ctx: typer.Context, webhook_id: WebhookId, yes: Yes = False) -> None:
    """Delete a webhook and its delivery log."""
    confirm(f"Delete webhook {webhook_id}?", yes)
    state = get_state(ctx)
    state.client.delete(f"/webhooks/{webhook_id}")
    state.output.done(f"Deleted webhook {webhook_id}.", {"id": webhook_id, "deleted": True}, webhook_id)


@app.command(epilog=examples("rr admin webhooks deliveries 4", "rr admin webhooks deliveries 4 --status failed"))
def deliveries(
    ctx: typer.Context,
    webhook_id: WebhookId,
    status: Annotated[str | None, typer.Option("--status", help="pending, succeeded or failed.")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """The delivery log of a webhook, newest first."""
    state = get_state(ctx)
    page = fetch(
        state, f"/webhooks/{webhook_id}/deliveries", {"status": status}, Paging(limit, cursor, all_, yes), "deliveries"
    )
    state.output.page(page, DELIVERY_COLUMNS, noun="deliveries")


@app.command(epilog=examples("rr admin webhooks test 4"))
def test(ctx: typer.Context, webhook_id: WebhookId) -> None:
    """Send a signed test ping now and show the outcome."""
    state = get_state(ctx)
    delivery = state.client.post(f"/webhooks/{webhook_id}/test")
    state.output.record(
        delivery, DELIVERY_COLUMNS, message=f"Test delivery {delivery.get('id')}: {delivery.get('status')}."
    )


@app.command(epilog=examples("rr admin webhooks retry 4 120"))
def retry(
    ctx: typer.Context,
    webhook_id: WebhookId,
    delivery_id: Annotated[int, typer.Argument(min=1, help="The delivery's id.")],
) -> None:
    """Deliver a failed event again now."""
    state = get_state(ctx)
    delivery = state.client.post(f"/webhooks/{webhook_id}/deliveries/{delivery_id}/retry")
    state.output.record(
        delivery, DELIVERY_COLUMNS, message=f"Delivery {delivery_id} retried: {delivery.get('status')}."
    )


@app.command("rotate-secret", epilog=examples("rr admin webhooks rotate-secret 4"))
def rotate_secret(ctx: typer.Context, webhook_id: WebhookId) -> None:
    """Replace the signing secret (prints the new one once)."""
    state = get_state(ctx)
    hook = state.client.post(f"/webhooks/{webhook_id}/regenerate-secret")
    state.output.record(
        hook,
        [Column("ID", "id"), Column("URL", "url"), Column("New secret", "secret", style="bold")],
        message="Secret replaced.",
    )
