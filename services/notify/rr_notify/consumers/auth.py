"""Auth's user events keep notify's copy of the directory (addresses for e-mail, roles for
announcements) current, so sending never needs a call to auth per message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rr_common import subjects
from rr_notify.accounts import deletion
from rr_notify.accounts.password_reset import PasswordResetMail
from rr_notify.consumers.effects import Effects
from rr_notify.consumers.router import Reaction
from rr_notify.decoding import DomainEvent

USER_REGISTERED = subjects.AUTH_USER_REGISTERED
# What each event says about the account beyond the fields it carries.
_ACTIVE = {"registered": True, "deactivated": False, "reactivated": True}


async def update_directory(effects: Effects, event: DomainEvent) -> None:
    message: Any = event.message
    if message is None or not hasattr(message, "user_id") or message.user_id <= 0:
        return
    names = {f.name for f in message.DESCRIPTOR.fields}
    row: dict[str, object] = {"user_id": message.user_id}
    for name in ("username", "email"):
        if name in names and getattr(message, name):
            row[name] = getattr(message, name)
    if "roles" in names and (list(message.roles) or event.subject.endswith(".role_changed")):
        row["roles"] = list(message.roles)
    verb = event.subject.rsplit(".", 1)[-1]
    if verb in _ACTIVE:
        row["is_active"] = _ACTIVE[verb]
    effects.update_directory(row)


def in_order(write: Callable[[AsyncSession, DomainEvent], Awaitable[None]]) -> Reaction:
    """A reaction that writes itself, after what the batch collected before it."""

    async def react(effects: Effects, event: DomainEvent) -> None:
        await write(await effects.session(), event)

    return react


def auth_reactions(email_enabled: bool) -> dict[str, Reaction]:
    return {
        **{
            f"rr.auth.user.{verb}": update_directory
            for verb in ("registered", "role_changed", "deactivated", "reactivated", "updated")
        },
        deletion.SUBJECT: in_order(deletion.on_user_deleted),
        subjects.AUTH_PASSWORD_RESET_REQUESTED: in_order(PasswordResetMail(email_enabled).on_requested),
    }
