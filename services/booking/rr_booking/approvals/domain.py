"""Who may decide a request (pure, no I/O). Admins decide every request. A resource that names
approvers (users, and everyone holding a role) is decided by them; one that names none by
managers, as before approvers existed. A manager who is not named does not decide for a resource
that names approvers: naming them hands the decision over."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rr_booking.errors import InvalidSettings
from rr_common.context import Principal

# The same shape auth gives role names.
ROLE_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,49}$")
MAX_APPROVER_USERS = 100


@dataclass(frozen=True)
class Approvers:
    user_ids: tuple[int, ...] = ()
    role: str = ""

    @property
    def named(self) -> bool:
        return bool(self.user_ids or self.role)


def checked_approvers(user_ids: Sequence[int], role: str) -> Approvers:
    """Approvers as given, or InvalidInput saying what to fix."""
    if len(user_ids) > MAX_APPROVER_USERS:
        raise InvalidSettings(f"Name at most {MAX_APPROVER_USERS} approvers; give a role to many people instead.")
    if any(u <= 0 for u in user_ids):
        raise InvalidSettings("approver_user_ids holds user ids, which are positive numbers.")
    if role and not ROLE_NAME.match(role):
        raise InvalidSettings(
            "approver_role must be a role name: lower-case letters, digits, - and _, starting with a letter.",
        )
    return Approvers(tuple(sorted(set(user_ids))), role)


def may_decide(who: Principal, approvers: Approvers) -> bool:
    if who.is_admin:
        return True
    if not approvers.named:
        return who.has_role("manager")
    return who.user_id in approvers.user_ids or bool(approvers.role and who.has_role(approvers.role))
