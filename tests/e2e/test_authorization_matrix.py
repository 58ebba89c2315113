"""Every route of the gateway's OpenAPI, tried by anonymous, user A, another user B, a manager and an
admin, gets the answer the API documents; no user reads, changes or cancels another's objects.

The matrix is data: one row per (method, route) with the expected answer class per role and how
to build the request. A route that appears in /openapi.json without a row fails the build, and so
does a row for a route that is gone. Destructive requests act on objects made for that one call.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import Session
from tests.e2e.support_authz import (
    ADMINS,
    ANYONE,
    CONFLICT,
    INVALID,
    MANAGERS,
    NOT_FOUND,
    OK,
    ORDER,
    OWNER_ONLY,
    OWNER_OR_STAFF,
    SIGNED_IN,
    UNAUTHENTICATED,
    Call,
    Expect,
    World,
    build_world,
    expect,
    password_change_body,
    unique,
)
from tests.e2e.support_notify import live

pytestmark = pytest.mark.e2e
METHODS = ("get", "post", "put", "patch", "delete")
Build = Callable[[World, str], "Call | Awaitable[Call]"]
Check = Callable[[World, str, Call, httpx.Response], Awaitable[None]]


@dataclass(frozen=True)
class Row:
    method: str
    route: str  # as in /openapi.json
    expect: Mapping[str, Expect]
    call: Build
    check: Check | None = None  # more than the status: what must (not) have changed

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}"


def at(path: str, **kwargs: Any) -> Build:
    """A request that is the same for every role (path formatted with the world's fields)."""
    return lambda w, role: Call(path.format(w=w), **kwargs)


# --- checks: a refused stranger changed nothing -------------------------------------------------------


def unchanged_reservation(field: str = "reservation", status: str = "confirmed") -> Check:
    async def check(w: World, role: str, call: Call, answer: httpx.Response) -> None:
        if role == "other":
            assert await w.reservation_status(getattr(w, field)) == status

    return check


async def reservation_not_moved(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    if role == "other":
        now = await w.ok("GET", f"/reservations/{w.reservation}", w.admin)
        before = w.reservation_body
        assert (now["status"], now["start_time"], now["end_time"]) == (
            before["status"],
            before["start_time"],
            before["end_time"],
        )


async def schedule_hides_who_booked(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    """Everyone, anonymous callers included (a public catalog), sees that A's slot is taken;
    only A and staff see by whom."""
    start = w.reservation_body["start_time"]
    [entry] = [r for r in answer.json()["reservations"] if r["start_time"] == start]
    if role in ("other", "anonymous"):
        assert (entry["reservation_id"], entry["user_id"], entry["username"], entry["mine"]) == (
            None,
            None,
            None,
            False,
        ), entry
    else:
        assert (entry["reservation_id"], entry["user_id"], entry["mine"]) == (
            w.reservation,
            w.a.user_id,
            role == "user",
        ), entry


async def my_requests_are_mine(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    assert (w.pending in {r["id"] for r in answer.json()["data"]}) == (role == "user")


async def pending_only_for_deciders(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    """The approval resource names no approvers: managers and admins see its requests, users none."""
    assert (w.pending in {r["id"] for r in answer.json()["data"]}) == (role in ("manager", "admin"))


async def my_activity_is_mine(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    who = w.session(role)
    assert who is not None and all(e["user_id"] == who.user_id for e in answer.json()["data"])
    if role == "other":
        assert w.audit_entry not in {e["id"] for e in answer.json()["data"]}


async def my_feed_is_mine(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    assert (f"reservation-{w.reservation}@" in answer.text) == (role == "user")


async def entry_still_waiting(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    if role in ("other", "manager", "admin"):
        assert (await w.ok("GET", f"/waitlist/{w.entry}", w.a))["status"] == "waiting"


async def notification_still_there(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    if role in ("other", "manager", "admin"):
        assert await w.notification_of_a(call.target) is not None


async def notification_still_unread(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    if role in ("other", "manager", "admin"):
        found = await w.notification_of_a(call.target)
        assert found is not None and found["is_read"] is False, f"{role} marked A's notification read"


async def bulk_cancel_spares_strangers(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    if role == "other":
        assert answer.json()["cancelled"] == 0 and [r["outcome"] for r in answer.json()["results"]] == ["not_found"]
        assert await w.reservation_status(w.reservation) == "confirmed"


async def export_shows_only_mine(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    lines = answer.text.splitlines()
    a_rows = [line for line in lines[1:] if line.split(",")[0] == str(w.reservation)]
    assert bool(a_rows) == (role in ("user", "manager", "admin")), (
        f"{role} sees A's reservation in the export: {bool(a_rows)}"
    )


async def list_shows_only_mine(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    ids = {item["id"] for item in answer.json()["data"]}
    assert (w.reservation in ids) == (role == "user")


async def waitlist_shows_only_mine(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    assert (w.entry in {item["id"] for item in answer.json()["data"]}) == (role == "user")


async def notifications_show_only_mine(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    assert (w.notification in {item["id"] for item in answer.json()["data"]}) == (role == "user")


async def feed_is_a_secret(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    assert "BEGIN:VCALENDAR" in answer.text


async def password_unchanged(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    assert answer.json()["code"] == "password_unchanged", answer.text


async def revoke_spares_strangers(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    """Anyone may revoke their own refresh token (RFC 7009); only an admin may end another's session."""
    assert answer.json()["revoked"] is (role in ("user", "admin")), f"{role}: {answer.text}"


async def offer_answer_hides_strangers(w: World, role: str, call: Call, answer: httpx.Response) -> None:
    """A is told the entry has no offer; anyone else that the entry does not exist."""
    assert answer.json()["code"] == ("offer_not_found" if role == "user" else "entry_not_found"), (
        f"{role}: {answer.text}"
    )
    await entry_still_waiting(w, role, call, answer)


# --- builders for calls that need an object of their own ------------------------------------------------


async def reservation_of_a(w: World, role: str, path: str, **kwargs: Any) -> Call:
    """Strangers aim at A's shared reservation (and must fail); the others at a fresh one of A's."""
    target = w.reservation if role in ("anonymous", "other") else await w.book(w.a)
    return Call(path.format(id=target), **kwargs)


async def move_call(w: World, role: str) -> Call:
    start, end = w.slot()
    return await reservation_of_a(w, role, "/reservations/{id}", json={"start_time": start, "end_time": end})


async def cancel_call(w: World, role: str) -> Call:
    return await reservation_of_a(w, role, "/reservations/{id}/cancel", json={"reason": "authz"})


async def respond_call(w: World, role: str) -> Call:
    target = w.pending if role in ("anonymous", "user", "other") else await w.book(w.a, w.approval_resource)
    return Call(f"/approvals/{target}/respond", json={"approve": True})


async def withdraw_call(w: World, role: str) -> Call:
    """The requester withdraws a fresh request of theirs; everyone else aims at A's shared one (and must fail)."""
    target = await w.book(w.a, w.approval_resource) if role == "user" else w.pending
    return Call(f"/approvals/{target}/withdraw", json={"reason": "authz"})


async def series_view_call(w: World, role: str) -> Call:
    """A one-occurrence series of A's, new for each caller."""
    start, end = w.slot()
    made = await w.ok(
        "POST",
        "/reservations/recurring",
        w.a,
        json={
            "resource_id": w.resource,
            "start_time": start,
            "end_time": end,
            "recurrence": {"rrule": "FREQ=WEEKLY;COUNT=1"},
        },
    )
    return Call(f"/reservations/series/{made['series_id']}")


async def bulk_cancel_call(w: World, role: str) -> Call:
    target = w.reservation if role in ("anonymous", "other") else await w.book(w.a)
    return Call("/bulk/reservations/cancel", json={"ids": [target], "reason": "authz"})


async def leave_call(w: World, role: str) -> Call:
    target = w.entry if role != "user" else await w.fresh_entry_of_a()
    return Call(f"/waitlist/{target}")


async def delete_notification_call(w: World, role: str) -> Call:
    target = w.notification if role != "user" else await w.fresh_notification_of_a()
    return Call(f"/notifications/{target}", target=target)


async def read_notification_call(w: World, role: str) -> Call:
    """Strangers aim at an unread notification of A's made for them; A at the shared one."""
    target = w.notification if role in ("anonymous", "user") else await w.fresh_notification_of_a()
    return Call(f"/notifications/{target}/read", target=target)


async def mark_all_read_call(w: World, role: str) -> Call:
    target = await w.fresh_notification_of_a() if role in ("other", "manager", "admin") else 0
    return Call("/notifications/mark-all-read", target=target)


async def join_call(w: World, role: str) -> Call:
    start, end = w.slot()
    await w.ok(
        "POST", "/reservations", w.holder, json={"resource_id": w.resource, "start_time": start, "end_time": end}
    )
    return Call("/waitlist", json={"resource_id": w.resource, "desired_start": start, "desired_end": end})


def book_call(w: World, role: str) -> Call:
    start, end = w.slot()
    return Call("/reservations", json={"resource_id": w.resource, "start_time": start, "end_time": end})


def series_call(w: World, role: str) -> Call:
    start, end = w.slot()
    body = {
        "resource_id": w.resource,
        "start_time": start,
        "end_time": end,
        "recurrence": {"rrule": "FREQ=YEARLY;COUNT=2"},
    }
    return Call("/reservations/recurring", json=body)


def bulk_create_call(path: str) -> Build:
    def build(w: World, role: str) -> Call:
        start, end = w.slot()
        return Call(path, json={"reservations": [{"resource_id": w.resource, "start_time": start, "end_time": end}]})

    return build


def fresh(path: str, make: str, **kwargs: Any) -> Build:
    """The path with {id} taken by an object `make` creates for this one call."""

    async def build(w: World, role: str) -> Call:
        made = await getattr(w, make)()
        return Call(path.format(id=made, w=w), target=made if isinstance(made, int) else 0, **kwargs)

    return build


def user_target(path: str, body: Callable[[int], dict[str, Any]] | None = None) -> Build:
    """Admin actions: the admin's aimed at an account of its own; the refused ones at a shared one."""

    async def build(w: World, role: str) -> Call:
        target = await w.fresh_account() if role == "admin" else w.target_user
        return Call(path.format(id=target), json=body(target) if body else None, target=target)

    return build


async def refresh_call(w: World, role: str) -> Call:
    own = await w.fresh_session("user")
    assert own is not None
    return Call("/token/refresh", json={"refresh_token": own.refresh_token})


async def logout_call(w: World, role: str) -> Call:
    own = await w.fresh_session(role)
    return Call("/logout", json={"refresh_token": own.refresh_token} if own else None)


UNKNOWN_APP = {"client_id": "rrc_authz_none", "redirect_uri": "https://app.example.com/cb", "response_type": "code"}


async def revoke_call(w: World, role: str) -> Call:
    """Everyone tries A's refresh token (from a session of A's made for this call)."""
    victim = await w.fresh_session("user")
    assert victim is not None
    return Call("/oauth/revoke", data={"token": victim.refresh_token, "token_type_hint": "refresh_token"})


async def feed_call(w: World, role: str) -> Call:
    token = (await w.ok("GET", "/calendar/subscription-url", w.a))["token"]
    return Call(f"/calendar/feed/{token}.ics")


def upload_call(w: World, role: str) -> Call:
    content = f"name,tags,available\n{unique('Authz csv')},authz,true\n".encode()
    return Call("/resources/upload", params={"dry_run": "true"}, files={"file": ("resources.csv", content, "text/csv")})


def day_of_a(w: World) -> dict[str, str]:
    """The (UTC) day of A's reservation."""
    return {"date": str(w.reservation_body["start_time"])[:10]}


# The entry is only waiting: A hears there is no offer, everyone else that there is no entry (see the check).
NO_OFFER = expect(user=NOT_FOUND, other=NOT_FOUND, manager=NOT_FOUND, admin=NOT_FOUND)

# --- the matrix ---------------------------------------------------------------------------------------------

ROWS: list[Row] = [
    # auth and users
    Row(
        "POST",
        "/api/v1/register",
        ANYONE,
        lambda w, r: Call("/register", json={"username": unique("reg"), "password": "Correct-Horse-9"}),
    ),
    Row(
        "POST",
        "/api/v1/token",
        ANYONE,
        lambda w, r: Call("/token", data={"username": w.a.username, "password": "Correct-Horse-9"}),
    ),
    Row("POST", "/api/v1/token/refresh", ANYONE, refresh_call),
    Row("POST", "/api/v1/logout", SIGNED_IN, logout_call),
    Row("GET", "/api/v1/users/me", SIGNED_IN, at("/users/me")),
    Row(
        "POST",
        "/api/v1/users/me/password",
        expect(user=INVALID, other=INVALID, manager=INVALID, admin=INVALID),
        lambda w, r: Call("/users/me/password", json=password_change_body()),
        password_unchanged,
    ),
    # A reset request answers alike for anyone and any name (no enumeration); a made-up token is refused for everyone.
    Row(
        "POST",
        "/api/v1/auth/password-reset",
        ANYONE,
        lambda w, r: Call("/auth/password-reset", json={"username": unique("nobody")}),
    ),
    Row(
        "POST",
        "/api/v1/auth/password-reset/confirm",
        {r: INVALID for r in ORDER},
        lambda w, r: Call(
            "/auth/password-reset/confirm", json={"token": "not-a-real-token", "new_password": "Another-Horse-42"}
        ),
    ),
    # Deleting one's own account takes the password: a wrong one is refused whoever asks, and nobody else's can be named.
    Row(
        "DELETE",
        "/api/v1/auth/users/me",
        expect(user=INVALID, other=INVALID, manager=INVALID, admin=INVALID),
        lambda w, r: Call("/auth/users/me", json={"password": "Not-My-Password-1"}),
    ),
    Row("GET", "/api/v1/.well-known/jwks.json", ANYONE, at("/.well-known/jwks.json")),
    Row("GET", "/api/v1/setup/status", ANYONE, at("/setup/status")),
    Row(
        "POST",
        "/api/v1/setup/initialize",
        {r: CONFLICT for r in ORDER},
        lambda w, r: Call("/setup/initialize", json={"username": unique("root"), "password": "Correct-Horse-9"}),
    ),
    # resources
    Row("GET", "/api/v1/resources/search", ANYONE, at("/resources/search", params={"q": "Authz"})),
    Row("POST", "/api/v1/resources/upload", MANAGERS, upload_call),
    Row("GET", "/api/v1/resources/export.csv", MANAGERS, at("/resources/export.csv")),
    Row("GET", "/api/v1/resources/availability/summary", ANYONE, at("/resources/availability/summary")),
    Row("GET", "/api/v1/resources/{resource_id}/status", ANYONE, at("/resources/{w.resource}/status")),
    Row(
        "PUT",
        "/api/v1/resources/{resource_id}/status/available",
        MANAGERS,
        at("/resources/{w.spare_resource}/status/available"),
    ),
    Row(
        "PUT",
        "/api/v1/resources/{resource_id}/status/unavailable",
        MANAGERS,
        fresh("/resources/{id}/status/unavailable", "fresh_resource", json={"reason": "authz"}),
    ),
    Row(
        "GET", "/api/v1/resources/{resource_id}/business-hours", SIGNED_IN, at("/resources/{w.resource}/business-hours")
    ),
    Row(
        "PUT",
        "/api/v1/resources/{resource_id}/business-hours",
        MANAGERS,
        at("/resources/{w.spare_resource}/business-hours", json=[]),
    ),
    Row(
        "GET",
        "/api/v1/resources/{resource_id}/blackout-dates",
        SIGNED_IN,
        at("/resources/{w.spare_resource}/blackout-dates"),
    ),
    Row(
        "POST",
        "/api/v1/resources/{resource_id}/blackout-dates",
        MANAGERS,
        at("/resources/{w.spare_resource}/blackout-dates", json={"start_date": "2096-03-04", "reason": "authz"}),
    ),
    Row(
        "DELETE",
        "/api/v1/resources/{resource_id}/blackout-dates/{blackout_id}",
        MANAGERS,
        fresh("/resources/{w.spare_resource}/blackout-dates/{id}", "fresh_blackout"),
    ),
    Row("GET", "/api/v1/resources", ANYONE, at("/resources")),
    Row(
        "POST",
        "/api/v1/resources",
        MANAGERS,
        lambda w, r: Call("/resources", json={"name": unique("Authz new"), "tags": []}),
    ),
    Row("GET", "/api/v1/resources/{resource_id}", ANYONE, at("/resources/{w.resource}")),
    Row(
        "PATCH",
        "/api/v1/resources/{resource_id}",
        MANAGERS,
        at("/resources/{w.spare_resource}", json={"description": "patched"}),
    ),
    Row(
        "PUT",
        "/api/v1/resources/{resource_id}",
        MANAGERS,
        lambda w, r: Call(f"/resources/{w.spare_resource}", json={"name": unique("Authz put"), "tags": []}),
    ),
    Row(
        "PUT",
        "/api/v1/resources/{resource_id}/availability",
        MANAGERS,
        at("/resources/{w.spare_resource}/availability", json={"available": True}),
    ),
    Row("DELETE", "/api/v1/resources/{resource_id}", MANAGERS, fresh("/resources/{id}", "fresh_resource")),
    # resource groups and labels
    Row("GET", "/api/v1/resource-groups", SIGNED_IN, at("/resource-groups")),
    Row(
        "POST",
        "/api/v1/resource-groups",
        MANAGERS,
        lambda w, r: Call("/resource-groups", json={"name": unique("Authz group")}),
    ),
    Row("GET", "/api/v1/resource-groups/{group_id}", SIGNED_IN, at("/resource-groups/{w.group}")),
    Row(
        "PATCH",
        "/api/v1/resource-groups/{group_id}",
        MANAGERS,
        at("/resource-groups/{w.group}", json={"description": "patched"}),
    ),
    Row("DELETE", "/api/v1/resource-groups/{group_id}", MANAGERS, fresh("/resource-groups/{id}", "fresh_group")),
    Row("GET", "/api/v1/resource-groups/{group_id}/tree", SIGNED_IN, at("/resource-groups/{w.group}/tree")),
    Row(
        "POST",
        "/api/v1/resource-groups/{group_id}/resources",
        MANAGERS,
        lambda w, r: Call(f"/resource-groups/{w.group}/resources", json={"resource_ids": [w.spare_resource]}),
    ),
    Row("GET", "/api/v1/labels", SIGNED_IN, at("/labels")),
    Row("POST", "/api/v1/labels", MANAGERS, lambda w, r: Call("/labels", json={"name": unique("authz")})),
    Row("PATCH", "/api/v1/labels/{label_id}", MANAGERS, at("/labels/{w.label}", json={"description": "patched"})),
    Row("DELETE", "/api/v1/labels/{label_id}", MANAGERS, fresh("/labels/{id}", "fresh_label")),
    Row(
        "POST",
        "/api/v1/labels/{label_id}/assign",
        MANAGERS,
        lambda w, r: Call(f"/labels/{w.label}/assign", json={"resource_ids": [w.spare_resource]}),
    ),
    Row(
        "POST",
        "/api/v1/labels/{label_id}/unassign",
        MANAGERS,
        lambda w, r: Call(f"/labels/{w.label}/unassign", json={"resource_ids": [w.spare_resource]}),
    ),
    Row("GET", "/api/v1/search/suggestions", SIGNED_IN, at("/search/suggestions", params={"q": "Authz"})),
    Row("DELETE", "/api/v1/blackout-dates/{blackout_id}", MANAGERS, fresh("/blackout-dates/{id}", "fresh_blackout")),
    Row("GET", "/api/v1/site/business-hours", ANYONE, at("/site/business-hours")),
    Row("PUT", "/api/v1/site/business-hours", MANAGERS, at("/site/business-hours", json=[])),
    Row("GET", "/api/v1/site/blackout-dates", ANYONE, at("/site/blackout-dates")),
    Row(
        "POST",
        "/api/v1/site/blackout-dates",
        MANAGERS,
        at("/site/blackout-dates", json={"start_date": "2096-03-05", "reason": "authz"}),
    ),
    Row(
        "DELETE",
        "/api/v1/site/blackout-dates/{blackout_id}",
        MANAGERS,
        fresh("/site/blackout-dates/{id}", "fresh_site_blackout"),
    ),
    # reservations
    Row("POST", "/api/v1/reservations", SIGNED_IN, book_call),
    Row("GET", "/api/v1/reservations", MANAGERS, at("/reservations")),
    Row("POST", "/api/v1/reservations/recurring", SIGNED_IN, series_call),
    Row(
        "GET", "/api/v1/reservations/my", SIGNED_IN, at("/reservations/my", params={"limit": 100}), list_shows_only_mine
    ),
    Row("GET", "/api/v1/reservations/{reservation_id}", OWNER_OR_STAFF, at("/reservations/{w.reservation}")),
    Row("GET", "/api/v1/reservations/series/{series_id}", OWNER_OR_STAFF, series_view_call),
    Row("PATCH", "/api/v1/reservations/{reservation_id}", OWNER_OR_STAFF, move_call, reservation_not_moved),
    Row("POST", "/api/v1/reservations/{reservation_id}/cancel", OWNER_OR_STAFF, cancel_call, unchanged_reservation()),
    Row(
        "GET",
        "/api/v1/reservations/{reservation_id}/history",
        OWNER_OR_STAFF,
        at("/reservations/{w.reservation}/history"),
    ),
    Row(
        "POST",
        "/api/v1/reservations/{reservation_id}/check-in",
        expect(user=CONFLICT, other=NOT_FOUND, manager=CONFLICT, admin=CONFLICT),
        at("/reservations/{w.reservation}/check-in"),
        unchanged_reservation(),
    ),
    # notifications
    Row(
        "GET",
        "/api/v1/notifications",
        SIGNED_IN,
        at("/notifications", params={"limit": 100}),
        notifications_show_only_mine,
    ),
    Row("GET", "/api/v1/notifications/unread-count", SIGNED_IN, at("/notifications/unread-count")),
    Row("POST", "/api/v1/notifications/mark-all-read", SIGNED_IN, mark_all_read_call, notification_still_unread),
    Row("GET", "/api/v1/notifications/preferences", SIGNED_IN, at("/notifications/preferences")),
    Row("PUT", "/api/v1/notifications/preferences", SIGNED_IN, at("/notifications/preferences", json={})),
    Row(
        "POST",
        "/api/v1/notifications/{notification_id}/read",
        OWNER_ONLY,
        read_notification_call,
        notification_still_unread,
    ),
    Row(
        "DELETE",
        "/api/v1/notifications/{notification_id}",
        OWNER_ONLY,
        delete_notification_call,
        notification_still_there,
    ),
    # waitlist
    Row("POST", "/api/v1/waitlist", SIGNED_IN, join_call),
    Row("GET", "/api/v1/waitlist", SIGNED_IN, at("/waitlist", params={"limit": 100}), waitlist_shows_only_mine),
    Row("GET", "/api/v1/waitlist/resource/{resource_id}", MANAGERS, at("/waitlist/resource/{w.resource}")),
    Row("GET", "/api/v1/waitlist/{entry_id}", OWNER_OR_STAFF, at("/waitlist/{w.entry}")),
    Row("DELETE", "/api/v1/waitlist/{entry_id}", OWNER_ONLY, leave_call, entry_still_waiting),
    Row(
        "POST",
        "/api/v1/waitlist/{entry_id}/accept",
        NO_OFFER,
        at("/waitlist/{w.entry}/accept"),
        offer_answer_hides_strangers,
    ),
    Row(
        "POST",
        "/api/v1/waitlist/{entry_id}/decline",
        NO_OFFER,
        at("/waitlist/{w.entry}/decline"),
        offer_answer_hides_strangers,
    ),
    # two-factor authentication (of the caller; a wrong code proves the caller got through)
    Row("POST", "/api/v1/auth/mfa/setup", SIGNED_IN, at("/auth/mfa/setup")),
    Row(
        "POST",
        "/api/v1/auth/mfa/verify",
        expect(user=INVALID, other=INVALID, manager=INVALID, admin=INVALID),
        at("/auth/mfa/verify", json={"code": "000000"}),
    ),
    Row(
        "POST",
        "/api/v1/auth/mfa/disable",
        expect(user=CONFLICT, other=CONFLICT, manager=CONFLICT, admin=CONFLICT),
        at("/auth/mfa/disable", json={"code": "000000"}),
    ),
    Row(
        "POST",
        "/api/v1/auth/mfa/backup-codes",
        expect(user=CONFLICT, other=CONFLICT, manager=CONFLICT, admin=CONFLICT),
        at("/auth/mfa/backup-codes", json={"code": "000000"}),
    ),
    # roles, account administration, OAuth clients
    Row("GET", "/api/v1/auth/roles/", SIGNED_IN, at("/auth/roles/")),
    Row(
        "POST",
        "/api/v1/auth/roles/",
        ADMINS,
        lambda w, r: Call("/auth/roles/", json={"name": unique("role").lower(), "permissions": []}),
    ),
    Row("GET", "/api/v1/auth/roles/permissions", SIGNED_IN, at("/auth/roles/permissions")),
    Row(
        "POST",
        "/api/v1/auth/roles/assign",
        ADMINS,
        user_target("/auth/roles/assign", lambda t: {"user_id": t, "role_name": "user"}),
    ),
    Row(
        "DELETE",
        "/api/v1/auth/roles/assign",
        ADMINS,
        user_target("/auth/roles/assign", lambda t: {"user_id": t, "role_name": "manager"}),
    ),
    Row("GET", "/api/v1/auth/roles/my-roles", SIGNED_IN, at("/auth/roles/my-roles")),
    # the same under the replaced system's paths (deprecated)
    Row("GET", "/api/v1/roles/", SIGNED_IN, at("/roles/")),
    Row(
        "POST",
        "/api/v1/roles/",
        ADMINS,
        lambda w, r: Call("/roles/", json={"name": unique("role").lower(), "permissions": []}),
    ),
    Row("GET", "/api/v1/roles/permissions", SIGNED_IN, at("/roles/permissions")),
    Row(
        "POST",
        "/api/v1/roles/assign",
        ADMINS,
        user_target("/roles/assign", lambda t: {"user_id": t, "role_name": "user"}),
    ),
    Row(
        "DELETE",
        "/api/v1/roles/assign",
        ADMINS,
        user_target("/roles/assign", lambda t: {"user_id": t, "role_name": "manager"}),
    ),
    Row("GET", "/api/v1/roles/my-roles", SIGNED_IN, at("/roles/my-roles")),
    Row("GET", "/api/v1/auth/admin/users", ADMINS, at("/auth/admin/users")),
    Row(
        "POST",
        "/api/v1/auth/admin/reset-password",
        ADMINS,
        user_target("/auth/admin/reset-password", lambda t: {"user_id": t, "new_password": "Another-Horse-42"}),
    ),
    Row("POST", "/api/v1/auth/admin/users/{user_id}/unlock", ADMINS, user_target("/auth/admin/users/{id}/unlock")),
    Row(
        "POST",
        "/api/v1/auth/admin/users/{user_id}/deactivate",
        ADMINS,
        user_target("/auth/admin/users/{id}/deactivate"),
    ),
    Row("POST", "/api/v1/auth/admin/users/{user_id}/activate", ADMINS, user_target("/auth/admin/users/{id}/activate")),
    Row(
        "POST",
        "/api/v1/oauth/clients",
        ADMINS,
        lambda w, r: Call("/oauth/clients", json={"client_name": unique("authz")}),
    ),
    Row("GET", "/api/v1/oauth/clients", ADMINS, at("/oauth/clients")),
    Row("DELETE", "/api/v1/oauth/clients/{client_id}", ADMINS, fresh("/oauth/clients/{id}", "fresh_client")),
    Row("POST", "/api/v1/oauth/revoke", SIGNED_IN, revoke_call, revoke_spares_strangers),
    # The code grant's steps, with an unknown client: refused alike for everyone signed in.
    Row("GET", "/api/v1/oauth/authorize", {r: INVALID for r in ORDER}, at("/oauth/authorize", params=UNKNOWN_APP)),
    Row(
        "GET",
        "/api/v1/oauth/authorize/details",
        expect(user=INVALID, other=INVALID, manager=INVALID, admin=INVALID),
        at("/oauth/authorize/details", params=UNKNOWN_APP),
    ),
    Row(
        "POST",
        "/api/v1/oauth/authorize",
        expect(user=INVALID, other=INVALID, manager=INVALID, admin=INVALID),
        lambda w, r: Call("/oauth/authorize", json={**UNKNOWN_APP, "allow": True}),
    ),
    # Introspection takes client credentials, never a user's token.
    Row(
        "POST",
        "/api/v1/oauth/introspect",
        {r: UNAUTHENTICATED for r in ORDER},
        lambda w, r: Call("/oauth/introspect", data={"token": "x"}),
    ),
    # quotas, approvals, administration of booking
    Row("GET", "/api/v1/quotas/api-usage", SIGNED_IN, at("/quotas/api-usage")),
    Row(
        "GET",
        "/api/v1/approvals/pending",
        SIGNED_IN,
        lambda w, r: Call("/approvals/pending", params={"resource_id": w.approval_resource, "limit": 100}),
        pending_only_for_deciders,
    ),
    Row(
        "GET",
        "/api/v1/approvals/my-requests",
        SIGNED_IN,
        at("/approvals/my-requests", params={"limit": 100}),
        my_requests_are_mine,
    ),
    Row(
        "POST",
        "/api/v1/approvals/{reservation_id}/respond",
        expect(user=NOT_FOUND, other=NOT_FOUND),
        respond_call,
        unchanged_reservation("pending", "pending_approval"),
    ),
    Row("GET", "/api/v1/approvals/{reservation_id}", OWNER_OR_STAFF, at("/approvals/{w.pending}")),
    Row(
        "POST",
        "/api/v1/approvals/{reservation_id}/withdraw",
        OWNER_ONLY,
        withdraw_call,
        unchanged_reservation("pending", "pending_approval"),
    ),
    Row(
        "GET",
        "/api/v1/approvals/resources/{resource_id}/settings",
        SIGNED_IN,
        at("/approvals/resources/{w.resource}/settings"),
    ),
    Row(
        "PUT",
        "/api/v1/approvals/resources/{resource_id}/settings",
        MANAGERS,
        at("/approvals/resources/{w.spare_resource}/settings", json={}),
    ),
    Row("GET", "/api/v1/quotas/config", SIGNED_IN, at("/quotas/config")),
    Row("PATCH", "/api/v1/quotas/config", ADMINS, lambda w, r: Call("/quotas/config", json=w.quota_config)),
    Row("GET", "/api/v1/quotas/my-usage", SIGNED_IN, at("/quotas/my-usage")),
    Row("GET", "/api/v1/quotas/users/{user_id}", ADMINS, lambda w, r: Call(f"/quotas/users/{w.a.user_id}")),
    Row(
        "PATCH", "/api/v1/quotas/users/{user_id}", ADMINS, user_target("/quotas/users/{id}", lambda t: {"clear": True})
    ),
    Row("POST", "/api/v1/admin/cleanup-expired", ADMINS, at("/admin/cleanup-expired")),
    # availability, schedule, calendars
    Row(
        "GET",
        "/api/v1/resources/{resource_id}/availability",
        ANYONE,
        lambda w, r: Call(f"/resources/{w.resource}/availability", params=day_of_a(w)),
        schedule_hides_who_booked,
    ),
    Row(
        "GET",
        "/api/v1/resources/{resource_id}/next-available",
        ANYONE,
        at("/resources/{w.resource}/next-available", params={"duration": 30}),
    ),
    Row(
        "GET",
        "/api/v1/resources/available-slots",
        ANYONE,
        lambda w, r: Call(
            "/resources/available-slots", params={"duration": 30, **dict(zip(("start", "end"), w.slot(), strict=True))}
        ),
    ),
    Row(
        "GET",
        "/api/v1/resources/{resource_id}/schedule",
        ANYONE,
        lambda w, r: Call(f"/resources/{w.resource}/schedule", params=day_of_a(w)),
        schedule_hides_who_booked,
    ),
    Row("GET", "/api/v1/calendar/subscription-url", SIGNED_IN, at("/calendar/subscription-url")),
    Row("POST", "/api/v1/calendar/regenerate-token", SIGNED_IN, at("/calendar/regenerate-token")),
    Row("GET", "/api/v1/calendar/feed/{token}.ics", ANYONE, feed_call, feed_is_a_secret),
    Row("GET", "/api/v1/calendar/my-feed", SIGNED_IN, at("/calendar/my-feed"), my_feed_is_mine),
    Row(
        "GET",
        "/api/v1/calendar/export/{reservation_id}.ics",
        OWNER_OR_STAFF,
        at("/calendar/export/{w.reservation}.ics"),
    ),
    # analytics
    *[
        Row("GET", f"/api/v1/analytics/{name}", MANAGERS, at(f"/analytics/{name}"))
        for name in (
            "dashboard",
            "utilization",
            "popular-resources",
            "peak-times",
            "user-patterns",
            "export/utilization.csv",
            "export/reservations.csv",
        )
    ],
    # bulk
    Row("POST", "/api/v1/bulk/reservations", SIGNED_IN, bulk_create_call("/bulk/reservations")),
    Row("POST", "/api/v1/bulk/reservations/validate", SIGNED_IN, bulk_create_call("/bulk/reservations/validate")),
    Row("POST", "/api/v1/bulk/reservations/cancel", SIGNED_IN, bulk_cancel_call, bulk_cancel_spares_strangers),
    Row("GET", "/api/v1/bulk/reservations/export", SIGNED_IN, at("/bulk/reservations/export"), export_shows_only_mine),
    # announcements, webhooks, audit
    Row(
        "POST",
        "/api/v1/announcements",
        ADMINS,
        lambda w, r: Call("/announcements", json={"title": "Authz", "message": "To nobody", "role": w.empty_role}),
    ),
    Row("GET", "/api/v1/webhooks/events", ADMINS, at("/webhooks/events")),
    Row(
        "POST",
        "/api/v1/webhooks/",
        ADMINS,
        lambda w, r: Call("/webhooks/", json={"url": "http://127.0.0.1:9/authz-new", "events": ["user.registered"]}),
    ),
    Row("GET", "/api/v1/webhooks/", ADMINS, at("/webhooks/")),
    Row("GET", "/api/v1/webhooks/{webhook_id}", ADMINS, at("/webhooks/{w.webhook}")),
    Row("PATCH", "/api/v1/webhooks/{webhook_id}", ADMINS, at("/webhooks/{w.webhook}", json={"description": "patched"})),
    Row("DELETE", "/api/v1/webhooks/{webhook_id}", ADMINS, fresh("/webhooks/{id}", "fresh_webhook")),
    Row(
        "POST", "/api/v1/webhooks/{webhook_id}/regenerate-secret", ADMINS, at("/webhooks/{w.webhook}/regenerate-secret")
    ),
    Row("GET", "/api/v1/webhooks/{webhook_id}/deliveries", ADMINS, at("/webhooks/{w.webhook}/deliveries")),
    Row("POST", "/api/v1/webhooks/{webhook_id}/test", ADMINS, at("/webhooks/{w.webhook}/test")),
    Row(
        "POST",
        "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
        ADMINS,
        at("/webhooks/{w.live_webhook}/deliveries/{w.delivery}/retry"),
    ),
    Row("GET", "/api/v1/audit/logs", ADMINS, at("/audit/logs")),
    Row(
        "GET",
        "/api/v1/audit/logs/{entry_id}",
        expect(other=NOT_FOUND, manager=NOT_FOUND),
        at("/audit/logs/{w.audit_entry}"),
    ),
    Row(
        "GET", "/api/v1/audit/entity/{entity_type}/{entity_id}", ADMINS, at("/audit/entity/reservation/{w.reservation}")
    ),
    Row(
        "GET",
        "/api/v1/audit/my-activity",
        SIGNED_IN,
        at("/audit/my-activity", params={"limit": 100}),
        my_activity_is_mine,
    ),
    Row("GET", "/api/v1/audit/export/csv", ADMINS, at("/audit/export/csv")),
    Row("GET", "/api/v1/audit/export/json", ADMINS, at("/audit/export/json")),
    # outside /api/v1
    *[Row("GET", path, ANYONE, at("/" + path)) for path in ("/live", "/health", "/ready", "/api/versions")],
]


@pytest.fixture(scope="module")
async def world(api: httpx.AsyncClient, admin: Session) -> World:
    return await build_world(api, admin)


async def test_every_route_in_the_openapi_has_a_row(api: httpx.AsyncClient) -> None:
    schema = (await api.get("/openapi.json")).json()
    routes = {(method.upper(), path) for path, item in schema["paths"].items() for method in item if method in METHODS}
    rows = [(row.method, row.route) for row in ROWS]
    assert len(rows) == len(set(rows)), "a route has two rows"
    assert sorted(routes - set(rows)) == [], "routes without an authorization expectation: add a row"
    assert sorted(set(rows) - routes) == [], "rows for routes the API no longer has"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
async def test_each_role_gets_the_documented_answer(api: httpx.AsyncClient, world: World, row: Row) -> None:
    async def attempt(role: str) -> str | None:
        built = row.call(world, role)
        call = await built if inspect.isawaitable(built) else built
        who = world.session(role)
        answer = await api.request(
            row.method,
            call.url,
            headers=who.auth if who else {},
            json=call.json,
            params=call.params,
            data=call.data,
            files=call.files,
        )
        if not row.expect[role].matches(answer.status_code):
            return f"{role}: expected {row.expect[role].label}, got {answer.status_code} {answer.text[:160]}"
        # Anonymous callers are checked only where they are let in (the public catalog).
        if row.check is not None and (role != "anonymous" or row.expect[role] is OK):
            await row.check(world, role, call, answer)
        return None

    # Everyone but the owner at once; then the owner, who may change or remove the object.
    *others, owner = ORDER
    wrong = [*await asyncio.gather(*(attempt(role) for role in others)), await attempt(owner)]
    assert not any(wrong), f"{row.id}\n" + "\n".join(w for w in wrong if w)


@pytest.mark.parametrize("path", ["/reservations", "/reservations/recurring", "/bulk/reservations"])
async def test_an_idempotency_key_never_replays_another_users_answer(
    api: httpx.AsyncClient, world: World, path: str
) -> None:
    """B reusing A's Idempotency-Key gets B's own new booking, not A's (nor a refusal naming it)."""
    key = unique("key")
    answers = []
    for who in (world.a, world.b):
        start, end = world.slot()
        item = {"resource_id": world.resource, "start_time": start, "end_time": end}
        body: dict[str, Any] = (
            {"reservations": [item]}
            if path.startswith("/bulk")
            else {**item, "recurrence": {"rrule": "FREQ=YEARLY;COUNT=1"}}
            if path.endswith("recurring")
            else item
        )
        answer = await api.post(f"/api/v1{path}", json=body, headers={**who.auth, "Idempotency-Key": key})
        assert answer.status_code in (200, 201), answer.text
        answers.append(answer.json())
    ids = [_booked_ids(a) for a in answers]
    assert ids[0] and ids[1] and not set(ids[0]) & set(ids[1])
    for booked in ids[1]:
        assert (await world.ok("GET", f"/reservations/{booked}", world.b))["user_id"] == world.b.user_id


def _booked_ids(answer: dict[str, Any]) -> list[int]:
    if "results" in answer:
        return [r["reservation"]["id"] for r in answer["results"] if r.get("reservation")]
    if "created" in answer:
        return [r["id"] for r in answer["created"]]
    return [answer["id"]]


@pytest.mark.parametrize("path", ["/ws", "/api/v1/ws"])
async def test_the_live_socket_refuses_anonymous_callers(rr_stack: Stack, path: str) -> None:
    """The WebSocket routes are not in the OpenAPI; they need a token too (close code 4401)."""
    async with live(rr_stack.gateway_url.replace("http://", "ws://", 1) + path) as client:
        await client.send({"action": "subscribe", "resource_ids": [1]})
        code, _ = await client.wait_closed()
    assert code == 4401
