"""Auth's domain events, written to the outbox in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rr.auth.v1 import events_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.models import User, outbox
from rr_common import subjects
from rr_common.outbox import event_header, publish_event
from rr_common.timeconv import to_timestamp

USER_REGISTERED = subjects.AUTH_USER_REGISTERED
USER_LOCKED = subjects.AUTH_USER_LOCKED
USER_ROLE_CHANGED = subjects.AUTH_USER_ROLE_CHANGED
USER_DEACTIVATED = subjects.AUTH_USER_DEACTIVATED
USER_REACTIVATED = subjects.AUTH_USER_REACTIVATED
USER_DELETED = subjects.AUTH_USER_DELETED
PASSWORD_RESET_REQUESTED = subjects.AUTH_PASSWORD_RESET_REQUESTED


async def user_registered(session: AsyncSession, user: User, roles: Sequence[str]) -> None:
    message = events_pb2.UserRegistered(
        header=event_header(), user_id=user.id, username=user.username, email=user.email or "", roles=list(roles)
    )
    await publish_event(session, outbox, USER_REGISTERED, message)


async def user_locked(session: AsyncSession, user: User, locked_until: datetime, failures: int) -> None:
    message = events_pb2.UserLocked(
        header=event_header(),
        user_id=user.id,
        username=user.username,
        email=user.email or "",
        locked_until=to_timestamp(locked_until),
        failed_attempts=failures,
    )
    await publish_event(session, outbox, USER_LOCKED, message)


async def user_role_changed(
    session: AsyncSession, user: User, roles: Sequence[str], added: Sequence[str] = (), removed: Sequence[str] = ()
) -> None:
    message = events_pb2.UserRoleChanged(
        header=event_header(),
        user_id=user.id,
        username=user.username,
        roles=list(roles),
        added=list(added),
        removed=list(removed),
    )
    await publish_event(session, outbox, USER_ROLE_CHANGED, message)


async def user_deactivated(session: AsyncSession, user: User) -> None:
    message = events_pb2.UserDeactivated(
        header=event_header(), user_id=user.id, username=user.username, email=user.email or ""
    )
    await publish_event(session, outbox, USER_DEACTIVATED, message)


async def user_reactivated(session: AsyncSession, user: User) -> None:
    message = events_pb2.UserReactivated(
        header=event_header(), user_id=user.id, username=user.username, email=user.email or ""
    )
    await publish_event(session, outbox, USER_REACTIVATED, message)


async def user_deleted(session: AsyncSession, user: User) -> None:
    message = events_pb2.UserDeleted(header=event_header(), user_id=user.id, username=user.username)
    await publish_event(session, outbox, USER_DELETED, message)


async def password_reset_requested(session: AsyncSession, user: User, token: str, expires_at: datetime) -> None:
    # The token travels only to notify, which mails it (see the message's comment in events.proto).
    message = events_pb2.PasswordResetRequested(
        header=event_header(),
        user_id=user.id,
        username=user.username,
        email=user.email or "",
        token=token,
        expires_at=to_timestamp(expires_at),
    )
    await publish_event(session, outbox, PASSWORD_RESET_REQUESTED, message)
