"""Auth's events reach JetStream through the outbox, as notify and audit will consume them."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import nats
from google.protobuf.message import Message
from rr.auth.v1 import admin_pb2, auth_pb2, events_pb2, roles_pb2

from rr_devstack.infra import Infra
from services.auth.tests.support import Signed, Stubs, rpc_error, sign_up_and_in


async def event_for(nats_url: str, subject: str, kind: type[Message], user_id: int, timeout: float = 10) -> Any:
    """The first event on `subject` about `user_id` (the stream holds the whole session's)."""
    client = await nats.connect(nats_url)
    try:
        sub = await client.jetstream().subscribe(subject, ordered_consumer=True)
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await sub.next_msg(timeout=left)
            except nats.errors.TimeoutError:
                break
            event = kind.FromString(msg.data)
            if event.user_id == user_id:  # type: ignore[attr-defined]
                assert msg.headers and msg.headers["Nats-Msg-Id"] == event.header.event_id  # type: ignore[attr-defined]
                return event
        raise AssertionError(f"no {subject} event for user {user_id}")
    finally:
        await client.close()


async def test_registration_role_change_lock_and_deactivation_are_published(
    stubs: Stubs, admin: Signed, rr_infra: Infra
) -> None:
    user = await sign_up_and_in(stubs, "evt", email="")
    await stubs.roles.AssignRole(
        roles_pb2.AssignRoleRequest(user_id=user.user_id, role_name="manager"), metadata=admin.md
    )
    for _ in range(5):
        await rpc_error(stubs.auth.Login(auth_pb2.LoginRequest(username=user.username, password="Wrong-Horse-9")))
    await stubs.admin.DeactivateUser(admin_pb2.DeactivateUserRequest(user_id=user.user_id), metadata=admin.md)

    registered, changed, locked, deactivated = await asyncio.gather(
        event_for(rr_infra.nats_url, "rr.auth.user.registered", events_pb2.UserRegistered, user.user_id),
        event_for(rr_infra.nats_url, "rr.auth.user.role_changed", events_pb2.UserRoleChanged, user.user_id),
        event_for(rr_infra.nats_url, "rr.auth.user.locked", events_pb2.UserLocked, user.user_id),
        event_for(rr_infra.nats_url, "rr.auth.user.deactivated", events_pb2.UserDeactivated, user.user_id),
    )
    assert (registered.username, list(registered.roles)) == (user.username, ["user"])
    assert (list(changed.roles), list(changed.added), changed.header.actor_user_id) == (
        ["manager", "user"],
        ["manager"],
        admin.user_id,
    )
    assert locked.failed_attempts == 5 and locked.locked_until.seconds > time.time()
    assert deactivated.header.actor_user_id == admin.user_id
