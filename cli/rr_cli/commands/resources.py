"""rr resources: list, search, show, create, update, delete, status, maintenance, availability;
hours, blackouts and CSV files live in their own modules and are mounted here."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from rr_cli.commands import resource_files, resource_hours
from rr_cli.commands.options import Order, ResourceStatus, Yes, int_rules, key_values, split_values
from rr_cli.help import examples
from rr_cli.output import Column
from rr_cli.paging import All, Cursor, Limit, Paging, fetch
from rr_cli.prompts import confirm
from rr_cli.state import get_state
from rr_cli.timefmt import parse_day, rfc3339

app = typer.Typer(no_args_is_help=True)
app.add_typer(resource_hours.hours_app, name="hours", help="Opening hours of a resource (local time).")
app.add_typer(resource_hours.blackouts_app, name="blackouts", help="Days a resource is closed.")
app.command("upload", epilog=resource_files.UPLOAD_EXAMPLES)(resource_files.upload)
app.command("export", epilog=resource_files.EXPORT_EXAMPLES)(resource_files.export)

COLUMNS = [
    Column("ID", "id", justify="right"),
    Column("Name", "name", style="bold"),
    Column("Status", "status"),
    Column("Capacity", "capacity", justify="right"),
    Column("Location", "location"),
    Column("Tags", "tags"),
    Column("Time zone", "timezone"),
]
DETAIL = [
    *COLUMNS,
    Column("Description", "description"),
    Column("Needs approval", "requires_approval"),
    Column("Group", "group_id"),
    Column("Rules", lambda r: {k: v for k, v in (r.get("rules") or {}).items() if v}),
    Column("Attributes", "attributes"),
    Column("Labels", lambda r: [label.get("name") for label in r.get("labels") or []]),
    Column("Status reason", "status_reason"),
    Column("Status until", "status_until"),
    Column("Created", "created_at"),
    Column("Updated", "updated_at"),
]
ResourceId = Annotated[int, typer.Argument(min=1, help="The resource's id.")]


class SortBy(StrEnum):
    created = "created"
    name = "name"
    capacity = "capacity"


def filters(
    query: str | None,
    status: ResourceStatus | None,
    tag: list[str] | None,
    any_tag: list[str] | None,
    min_capacity: int | None,
    group: int | None,
    location: str | None,
    label: list[int] | None,
    sort: SortBy | None,
    order: str | None,
) -> dict[str, Any]:
    return {
        "q": query,
        "status": status.value if status else None,
        "tags": ",".join(split_values(tag)),
        "tags_any": ",".join(split_values(any_tag)),
        "capacity_min": min_capacity,
        "group_id": group,
        "location": location,
        "labels": ",".join(str(i) for i in label or []),
        "sort_by": sort.value if sort else None,
        "sort_order": order,
        "include_total": True,
    }


Status = Annotated[ResourceStatus | None, typer.Option("--status", help="Only resources in this status.")]
Tag = Annotated[
    list[str] | None, typer.Option("--tag", help="Has every one of these tags (repeat, or comma-separate).")
]
AnyTag = Annotated[list[str] | None, typer.Option("--any-tag", help="Has at least one of these tags.")]
MinCapacity = Annotated[int | None, typer.Option("--min-capacity", min=0, help="Seats at least this many.")]
Group = Annotated[int | None, typer.Option("--group", min=1, help="In this group or any group below it.")]
Location = Annotated[str | None, typer.Option("--location", help="Part of the location, any case.")]
Label = Annotated[list[int] | None, typer.Option("--label", help="Has this label id (repeatable).")]
Sort = Annotated[SortBy | None, typer.Option("--sort", help="Sort field.")]


@app.command(
    "list",
    epilog=examples(
        "rr resources list",
        "rr resources list --tag room --min-capacity 8 --sort name",
        "rr resources list --status maintenance --all",
        "rr resources list --limit 50 --cursor CURSOR",
    ),
)
def list_(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Option("--query", help="Words in name, description, tags or location.")] = None,
    status: Status = None,
    tag: Tag = None,
    any_tag: AnyTag = None,
    min_capacity: MinCapacity = None,
    group: Group = None,
    location: Location = None,
    label: Label = None,
    sort: Sort = None,
    order: Order = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """List resources, filtered and sorted, a page at a time."""
    state = get_state(ctx)
    params = filters(
        query, status, tag, any_tag, min_capacity, group, location, label, sort, order.value if order else None
    )
    state.output.page(
        fetch(state, "/resources", params, Paging(limit, cursor, all_, yes), "resources"), COLUMNS, noun="resources"
    )


@app.command(
    epilog=examples(
        "rr resources search projector",
        "rr resources search --tag lab --from '2030-01-15 09:00' --until '2030-01-15 12:00'",
        "rr resources search -q 'meeting room' --from '2030-01-15 09:00' --until '2030-01-15 10:00'",
        "rr --json resources search room --all --yes",
    )
)
def search(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="Words in name, description, tags or location.")] = None,
    query_option: Annotated[
        str | None,
        typer.Option(
            "--query",
            "-q",
            metavar="TEXT",
            help="The same words as an option (here -q is --query; use --quiet for ids only).",
        ),
    ] = None,
    available_from: Annotated[
        str | None, typer.Option("--from", help="With --until: only resources free for the whole window.")
    ] = None,
    available_until: Annotated[str | None, typer.Option("--until", help="End of the window.")] = None,
    status: Status = None,
    tag: Tag = None,
    any_tag: AnyTag = None,
    min_capacity: MinCapacity = None,
    group: Group = None,
    location: Location = None,
    label: Label = None,
    sort: Sort = None,
    order: Order = None,
    limit: Limit = 20,
    cursor: Cursor = None,
    all_: All = False,
    yes: Yes = False,
) -> None:
    """Search resources; with --from and --until, only those free for that whole window."""
    state = get_state(ctx)
    if query and query_option:
        raise typer.BadParameter(
            "Give the search words once: as QUERY or as --query/-q, not both.", param_hint="--query"
        )
    query = query or query_option
    if bool(available_from) != bool(available_until):
        raise typer.BadParameter("Give both --from and --until, or neither.", param_hint="--from/--until")
    params = filters(
        query, status, tag, any_tag, min_capacity, group, location, label, sort, order.value if order else None
    )
    if available_from and available_until:
        params |= {
            "available_from": rfc3339(available_from, "--from"),
            "available_until": rfc3339(available_until, "--until"),
        }
    state.output.page(
        fetch(state, "/resources/search", params, Paging(limit, cursor, all_, yes), "resources"),
        COLUMNS,
        noun="resources",
    )


@app.command(epilog=examples("rr resources show 3", "rr --json resources show 3"))
def show(ctx: typer.Context, resource_id: ResourceId) -> None:
    """Everything about one resource: rules, labels, status."""
    state = get_state(ctx)
    state.output.record(state.client.get(f"/resources/{resource_id}"), DETAIL)


Description = Annotated[str | None, typer.Option("--description", help="Free text.")]
Capacity = Annotated[int | None, typer.Option("--capacity", min=0, help="Number of seats or users.")]
Timezone = Annotated[str | None, typer.Option("--timezone", help="IANA zone of its hours, e.g. Europe/Paris.")]
Rule = Annotated[
    list[str] | None,
    typer.Option("--rule", help="Booking rule KEY=MINUTES, e.g. max_duration_minutes=120 (repeatable)."),
]
Attr = Annotated[list[str] | None, typer.Option("--attr", help="Attribute KEY=VALUE, e.g. floor=2 (repeatable).")]


@app.command(
    epilog=examples(
        "rr resources create 'Room 101' --tag room --capacity 8 --timezone Europe/Paris",
        "rr resources create 'Lab A' --requires-approval --rule max_duration_minutes=240 --attr floor=2",
        "rr -q resources create 'Projector 3' --tag av",
    )
)
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Unique name.")],
    description: Description = None,
    tag: Tag = None,
    location: Location = None,
    capacity: Capacity = None,
    timezone: Timezone = None,
    group: Group = None,
    rule: Rule = None,
    attr: Attr = None,
    requires_approval: Annotated[
        bool, typer.Option("--requires-approval", help="Bookings wait for a manager's approval.")
    ] = False,
    unavailable: Annotated[bool, typer.Option("--unavailable", help="Create it out of service.")] = False,
) -> None:
    """Create a resource (admins and managers)."""
    state = get_state(ctx)
    body: dict[str, Any] = {
        "name": name,
        "tags": split_values(tag),
        "available": not unavailable,
        "requires_approval": requires_approval,
    }
    body |= {
        k: v
        for k, v in {
            "description": description,
            "location": location,
            "capacity": capacity,
            "timezone": timezone,
            "group_id": group,
        }.items()
        if v is not None
    }
    if rule:
        body["rules"] = int_rules(rule, "--rule")
    if attr:
        body["attributes"] = key_values(attr, "--attr")
    created = state.client.post("/resources", body)
    state.output.record(created, DETAIL, message=f"Created resource {created['id']}: {created['name']}.")


@app.command(
    epilog=examples(
        "rr resources update 3 --capacity 12 --tag room --tag projector",
        "rr resources update 3 --no-approval --rule min_notice_minutes=60",
    )
)
def update(
    ctx: typer.Context,
    resource_id: ResourceId,
    name: Annotated[str | None, typer.Option("--name", help="New unique name.")] = None,
    description: Description = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Replace the tags (repeat or comma-separate).")] = None,
    location: Location = None,
    capacity: Capacity = None,
    timezone: Timezone = None,
    group: Group = None,
    rule: Rule = None,
    attr: Attr = None,
    requires_approval: Annotated[
        bool | None, typer.Option("--requires-approval/--no-approval", help="Whether bookings need approval.")
    ] = None,
) -> None:
    """Change some fields of a resource; only the options given change."""
    state = get_state(ctx)
    body: dict[str, Any] = {
        k: v
        for k, v in {
            "name": name,
            "description": description,
            "location": location,
            "capacity": capacity,
            "timezone": timezone,
            "group_id": group,
            "requires_approval": requires_approval,
        }.items()
        if v is not None
    }
    if tag is not None:
        body["tags"] = split_values(tag)
    if rule:
        current = state.client.get(f"/resources/{resource_id}").get("rules") or {}
        body["rules"] = {**current, **int_rules(rule, "--rule")}
    if attr:
        body["attributes"] = key_values(attr, "--attr")
    if not body:
        raise typer.BadParameter("Nothing to change: give at least one option such as --name or --capacity.")
    updated = state.client.patch(f"/resources/{resource_id}", body)
    state.output.record(updated, DETAIL, message=f"Updated resource {resource_id}.")


@app.command(epilog=examples("rr resources delete 3", "rr resources delete 3 --yes"))
def delete(ctx: typer.Context, resource_id: ResourceId, yes: Yes = False) -> None:
    """Delete a resource (admins and managers); its name becomes free again."""
    state = get_state(ctx)
    confirm(f"Delete resource {resource_id}?", yes)
    state.client.delete(f"/resources/{resource_id}")
    state.output.done(f"Deleted resource {resource_id}.", {"id": resource_id, "deleted": True}, resource_id)


class NewStatus(StrEnum):
    available = "available"
    unavailable = "unavailable"


STATUS_COLUMNS = [
    Column("Resource", "resource_id"),
    Column("Status", "status"),
    Column("Reason", "reason"),
    Column("Until", "until"),
]
Reason = Annotated[str | None, typer.Option("--reason", help="Shown to people who try to book it.")]
Until = Annotated[str | None, typer.Option("--until", help="Back to available automatically at this time.")]


@app.command(
    epilog=examples(
        "rr resources status 3",
        "rr resources status 3 unavailable --reason 'Broken lamp' --until '2030-01-20 08:00'",
        "rr resources status 3 available",
    )
)
def status(
    ctx: typer.Context,
    resource_id: ResourceId,
    new: Annotated[
        NewStatus | None, typer.Argument(help="Omit to show the status; give it to change it (admins and managers).")
    ] = None,
    reason: Reason = None,
    until: Until = None,
) -> None:
    """Show a resource's status, or set it to available or unavailable."""
    state = get_state(ctx)
    if new is None:
        state.output.record(state.client.get(f"/resources/{resource_id}/status"), STATUS_COLUMNS)
        return
    if new is NewStatus.available:
        answer = state.client.put(f"/resources/{resource_id}/status/available")
    else:
        answer = state.client.put(
            f"/resources/{resource_id}/status/unavailable", _unavailable(reason, until, maintenance=False)
        )
    state.output.record(
        answer, STATUS_COLUMNS, message=f"Resource {resource_id} is now {answer.get('status', new.value)}."
    )


@app.command(
    epilog=examples(
        "rr resources maintenance 3 --reason 'Annual service' --until '2030-02-01 08:00'",
        "rr resources maintenance 3 --done",
    )
)
def maintenance(
    ctx: typer.Context,
    resource_id: ResourceId,
    reason: Reason = None,
    until: Until = None,
    done: Annotated[bool, typer.Option("--done", help="Maintenance is over: make it available again.")] = False,
) -> None:
    """Put a resource into maintenance (no new bookings), or end it with --done."""
    state = get_state(ctx)
    if done:
        answer = state.client.put(f"/resources/{resource_id}/status/available")
    else:
        answer = state.client.put(
            f"/resources/{resource_id}/status/unavailable", _unavailable(reason, until, maintenance=True)
        )
    state.output.record(answer, STATUS_COLUMNS, message=f"Resource {resource_id} is now {answer.get('status')}.")


def _unavailable(reason: str | None, until: str | None, maintenance: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"reason": reason or "", "maintenance": maintenance}
    if until:
        body["until"] = rfc3339(until, "--until")
    return body


AVAILABILITY_EXAMPLES = examples("rr resources availability 3 --date 2030-01-15", "rr availability 3 --date tomorrow")


@app.command(epilog=AVAILABILITY_EXAMPLES)
def availability(
    ctx: typer.Context,
    resource_id: ResourceId,
    date: Annotated[
        str, typer.Option("--date", help="The day (YYYY-MM-DD, today or tomorrow), in the resource's time zone.")
    ] = "today",
    days: Annotated[int, typer.Option("--days", min=1, max=31, help="How many days from --date.")] = 1,
) -> None:
    """Booked and free time of a resource, day by day (in its own time zone)."""
    state = get_state(ctx)
    day = parse_day(date, "--date")
    answer = state.client.get(
        f"/resources/{resource_id}/availability", {"date": day.isoformat(), "days": days if days > 1 else None}
    )
    out = state.output
    if not out.is_table or not isinstance(answer, dict):
        out.auto(answer)
        return
    zone = answer.get("timezone") or ""
    span = [Column("From", lambda s: _edge(s, "start", zone)), Column("To", lambda s: _edge(s, "end", zone))]
    name = answer.get("resource_name") or f"Resource {resource_id}"
    out.line(f"{name} from {day.isoformat()}, {days} day(s), times in {zone or 'the resource time zone'}", style="bold")
    booked = answer.get("reservations") or answer.get("booked") or []
    out.rows(
        booked,
        [*span, Column("Status", "status"), Column("Who", lambda b: "you" if b.get("mine") else b.get("username"))],
        title="Booked",
        empty="Nothing booked.",
    )
    out.rows(answer.get("free_slots") or answer.get("free") or [], span, title="Free", empty="No free time.")


def _edge(item: dict[str, Any], which: str, zone: str) -> Any:
    """Start or end of a slot, in the resource's local time when the server gives it."""
    nested = item.get("range")
    inner: dict[str, Any] = nested if isinstance(nested, dict) else item
    local = inner.get(f"{which}_time_local")
    if local and zone:
        return str(local)[:16].replace("T", " ")
    return inner.get(f"{which}_time") or inner.get(which)
