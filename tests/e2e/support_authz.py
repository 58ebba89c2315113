"""Helpers for the authorization matrix: the five roles, the expected answer classes, and a world
of objects (owned by user A unless said otherwise) that every route is tried against."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.support import PASSWORD, Session, sign_in, sign_up_and_in

API = "/api/v1"
# `user` is A, who owns the objects; `other` is B, a second plain user.
ROLES = ("anonymous", "user", "other", "manager", "admin")
# The owner goes last, so a stranger's wrongful success is seen before the owner changes anything.
ORDER = ("anonymous", "other", "manager", "admin", "user")
# A loopback port nothing listens on: the stack allows loopback webhook targets, deliveries fail at once.
DEAD_URL = "http://127.0.0.1:9/rr-authz"


@dataclass(frozen=True)
class Expect:
    """A class of answers: any 2xx, or one of some exact statuses."""

    label: str
    statuses: frozenset[int] = frozenset()

    def matches(self, status: int) -> bool:
        return 200 <= status < 300 if not self.statuses else status in self.statuses


OK = Expect("2xx")
UNAUTHENTICATED = Expect("401", frozenset({401}))
FORBIDDEN = Expect("403", frozenset({403}))
NOT_FOUND = Expect("404", frozenset({404}))
CONFLICT = Expect("409", frozenset({409}))
INVALID = Expect("422", frozenset({422}))


def expect(
    anonymous: Expect = UNAUTHENTICATED, user: Expect = OK, other: Expect = OK, manager: Expect = OK, admin: Expect = OK
) -> dict[str, Expect]:
    return {"anonymous": anonymous, "user": user, "other": other, "manager": manager, "admin": admin}


ANYONE = expect(anonymous=OK)
SIGNED_IN = expect()
MANAGERS = expect(user=FORBIDDEN, other=FORBIDDEN)
ADMINS = expect(user=FORBIDDEN, other=FORBIDDEN, manager=FORBIDDEN)
# A's object: A, managers and admins see it; B is told it does not exist.
OWNER_OR_STAFF = expect(other=NOT_FOUND)
# A's private object: nobody but A.
OWNER_ONLY = expect(other=NOT_FOUND, manager=NOT_FOUND, admin=NOT_FOUND)


@dataclass
class Call:
    """One request: a path under /api/v1 (or absolute when it starts with //), and its body."""

    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    target: int = 0  # the object aimed at, for the checks

    @property
    def url(self) -> str:
        return self.path[1:] if self.path.startswith("//") else API + self.path


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@dataclass
class World:
    """The people and objects the matrix is tried against."""

    api: httpx.AsyncClient
    admin: Session
    a: Session
    b: Session
    manager: Session
    holder: Session  # books the slots people wait for
    target_user: int  # an account that refused admin actions aim at
    resource: int  # open to book, UTC
    spare_resource: int
    approval_resource: int  # requires approval
    reservation: int  # A's
    reservation_body: dict[str, Any]  # as A booked it
    pending: int  # A's request on the approval resource
    entry: int  # A's waitlist entry
    taken_slot: tuple[str, str]  # booked by the holder; A waits for it
    notification: int  # A's
    group: int
    label: int
    blackout: int
    webhook: int  # disabled: nothing is sent to it
    live_webhook: int  # active, for business-hours changes only: its failed delivery can be retried
    delivery: int
    client_id: str
    audit_entry: int  # an entry whose actor is A
    empty_role: str  # a role nobody holds (announcements go nowhere)
    quota_config: dict[str, Any]
    _slots: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def session(self, role: str) -> Session | None:
        return {"anonymous": None, "user": self.a, "other": self.b, "manager": self.manager, "admin": self.admin}[role]

    def slot(self) -> tuple[str, str]:
        """A free hour on the open resource, never handed out twice."""
        n = next(self._slots)
        start = (datetime.now(UTC) + timedelta(days=40 + n // 12)).replace(
            hour=6 + n % 12, minute=0, second=0, microsecond=0
        )
        return start.isoformat(), (start + timedelta(minutes=30)).isoformat()

    async def ok(self, method: str, path: str, who: Session, **kwargs: Any) -> dict[str, Any]:
        answer = await self.api.request(method, API + path, headers=who.auth, **kwargs)
        assert 200 <= answer.status_code < 300, f"{method} {path}: {answer.status_code} {answer.text}"
        body: dict[str, Any] = answer.json() if answer.content else {}
        return body

    async def book(self, who: Session, resource: int | None = None) -> int:
        start, end = self.slot()
        made = await self.ok(
            "POST",
            "/reservations",
            who,
            json={"resource_id": resource or self.resource, "start_time": start, "end_time": end},
        )
        return int(made["id"])

    async def reservation_status(self, reservation_id: int) -> str:
        return str((await self.ok("GET", f"/reservations/{reservation_id}", self.admin))["status"])

    async def fresh_resource(self) -> int:
        made = await self.ok(
            "POST", "/resources", self.admin, json={"name": unique("Authz room"), "tags": [], "timezone": "UTC"}
        )
        return int(made["id"])

    async def fresh_group(self) -> int:
        return int((await self.ok("POST", "/resource-groups", self.admin, json={"name": unique("Authz group")}))["id"])

    async def fresh_label(self) -> int:
        return int((await self.ok("POST", "/labels", self.admin, json={"name": unique("authz")[:50]}))["id"])

    async def fresh_blackout(self) -> int:
        made = await self.ok(
            "POST",
            f"/resources/{self.spare_resource}/blackout-dates",
            self.admin,
            json={"start_date": "2095-01-02", "reason": "authz"},
        )
        return int(made["id"])

    async def fresh_site_blackout(self) -> int:
        made = await self.ok(
            "POST", "/site/blackout-dates", self.admin, json={"start_date": "2095-01-03", "reason": "authz"}
        )
        return int(made["id"])

    async def fresh_webhook(self) -> int:
        made = await self.ok(
            "POST",
            "/webhooks/",
            self.admin,
            json={"url": DEAD_URL, "events": ["user.registered"], "description": "authz"},
        )
        await self.ok("PATCH", f"/webhooks/{made['id']}", self.admin, json={"is_active": False})
        return int(made["id"])

    async def fresh_client(self) -> str:
        return str(
            (await self.ok("POST", "/oauth/clients", self.admin, json={"client_name": unique("authz")}))["client_id"]
        )

    async def fresh_account(self) -> int:
        """A new account's id (registered, never signed in)."""
        made = await self.api.post(f"{API}/register", json={"username": unique("authz"), "password": PASSWORD})
        assert made.status_code == 201, made.text
        return int(made.json()["id"])

    async def fresh_session(self, role: str) -> Session | None:
        """Another sign-in of the role's account (a session of its own, safe to end)."""
        who = self.session(role)
        return None if who is None else await sign_in(self.api, who.username, who.user_id)

    async def fresh_entry_of_a(self) -> int:
        """A joins the waitlist for a slot someone else holds."""
        start, end = self.slot()
        await self.ok(
            "POST",
            "/reservations",
            self.holder,
            json={"resource_id": self.resource, "start_time": start, "end_time": end},
        )
        joined = await self.ok(
            "POST", "/waitlist", self.a, json={"resource_id": self.resource, "desired_start": start, "desired_end": end}
        )
        return int(joined["id"])

    async def fresh_notification_of_a(self) -> int:
        """Book for A and wait for the (unread) notification about it."""
        booked = await self.book(self.a)
        deadline = time.monotonic() + 20
        while True:
            new = [n["id"] for n in await self.notifications(self.a) if n["subject_id"] == booked]
            if new:
                return int(new[0])
            assert time.monotonic() < deadline, "no notification for a new booking"
            await asyncio.sleep(0.1)

    async def notification_of_a(self, notification_id: int) -> dict[str, Any] | None:
        return next((n for n in await self.notifications(self.a) if n["id"] == notification_id), None)

    async def notifications(self, who: Session) -> list[dict[str, Any]]:
        return list((await self.ok("GET", "/notifications", who, params={"limit": 100}))["data"])


async def build_world(api: httpx.AsyncClient, admin: Session) -> World:
    a, b, m, holder = await asyncio.gather(*(sign_up_and_in(api, name) for name in ("alice", "bob", "manny", "holder")))
    assigned = await api.post(
        f"{API}/auth/roles/assign", json={"user_id": m.user_id, "role_name": "manager"}, headers=admin.auth
    )
    assert assigned.status_code == 200, assigned.text
    manager = await sign_in(api, m.username, m.user_id)

    async def new_resource(**fields: Any) -> int:
        made = await api.post(
            f"{API}/resources",
            json={"name": unique("Authz room"), "tags": [], "timezone": "UTC", **fields},
            headers=admin.auth,
        )
        assert made.status_code == 201, made.text
        return int(made.json()["id"])

    resource, spare, approval = await new_resource(), await new_resource(), await new_resource(requires_approval=True)
    world = World(
        api=api,
        admin=admin,
        a=a,
        b=b,
        manager=manager,
        holder=holder,
        target_user=0,
        resource=resource,
        spare_resource=spare,
        approval_resource=approval,
        reservation=0,
        reservation_body={},
        pending=0,
        entry=0,
        taken_slot=("", ""),
        notification=0,
        group=0,
        label=0,
        blackout=0,
        webhook=0,
        live_webhook=0,
        delivery=0,
        client_id="",
        audit_entry=0,
        empty_role="",
        quota_config={},
    )
    world.reservation = await world.book(a)
    world.reservation_body = await world.ok("GET", f"/reservations/{world.reservation}", a)
    world.pending = await world.book(a, approval)
    world.target_user = await world.fresh_account()
    world.taken_slot = world.slot()
    await world.ok(
        "POST",
        "/reservations",
        holder,
        json={"resource_id": resource, "start_time": world.taken_slot[0], "end_time": world.taken_slot[1]},
    )
    joined = await world.ok(
        "POST",
        "/waitlist",
        a,
        json={"resource_id": resource, "desired_start": world.taken_slot[0], "desired_end": world.taken_slot[1]},
    )
    world.entry = int(joined["id"])
    world.notification = await world.fresh_notification_of_a()
    world.group, world.label, world.blackout = (
        await world.fresh_group(),
        await world.fresh_label(),
        await world.fresh_blackout(),
    )
    world.webhook = await world.fresh_webhook()
    world.live_webhook, world.delivery = await live_webhook_with_a_delivery(world)
    world.client_id = await world.fresh_client()
    world.empty_role = unique("nobody").lower()[:50]
    await world.ok(
        "POST",
        "/auth/roles/",
        admin,
        json={"name": world.empty_role, "description": "Held by nobody", "permissions": []},
    )
    world.quota_config = await world.ok("GET", "/quotas/config", admin)
    deadline = time.monotonic() + 20
    while not world.audit_entry:
        found = await world.ok(
            "GET", "/audit/logs", admin, params={"user_id": a.user_id, "action": "reservation.created"}
        )
        if found["data"]:
            world.audit_entry = int(found["data"][0]["id"])
        else:
            assert time.monotonic() < deadline, "A's booking never reached the audit log"
            await asyncio.sleep(0.1)
    return world


async def live_webhook_with_a_delivery(world: World) -> tuple[int, int]:
    """An active webhook for business-hours changes, and the (failed) delivery of one."""
    hook = await world.ok(
        "POST", "/webhooks/", world.admin, json={"url": DEAD_URL, "events": ["hours.changed"], "description": "authz"}
    )
    hours = [{"day_of_week": 0, "open_time": "09:00", "close_time": "17:00"}]
    await world.ok("PUT", f"/resources/{world.spare_resource}/business-hours", world.admin, json=hours)
    deadline = time.monotonic() + 20
    while True:
        found = (await world.ok("GET", f"/webhooks/{hook['id']}/deliveries", world.admin))["data"]
        if found:
            return int(hook["id"]), int(found[-1]["id"])
        assert time.monotonic() < deadline, "no delivery for a business-hours change"
        await asyncio.sleep(0.1)


def password_change_body() -> dict[str, str]:
    """The right current password as the new one: a 422 that changes nothing (no session of the
    shared users ends, and no failed attempt counts towards a lockout)."""
    return {"current_password": PASSWORD, "new_password": PASSWORD}
