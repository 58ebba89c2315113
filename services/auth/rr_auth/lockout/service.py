"""Account lockout: too many failed credential checks lock sign-in for a while. Counted per
username whether or not the account exists, so the answers for real and unknown names match."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth import events
from rr_auth.errors import AccountLocked, PasswordChangeBlocked
from rr_auth.lockout.repository import LoginFailureRepository
from rr_auth.models import User
from rr_common.errors import TooManyRequests
from rr_common.timeconv import utcnow


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    duration: timedelta = timedelta(minutes=15)


def _blocked(
    locked_until: datetime, now: datetime, kind: type[TooManyRequests], say: Callable[[str], str]
) -> TooManyRequests:
    """A 429 that says how long to wait (`say` words it) and carries `retry_after`."""
    seconds = max(1, math.ceil((locked_until - now).total_seconds()))
    wait = f"{math.ceil(seconds / 60)} minutes" if seconds > 90 else f"{seconds} seconds"
    return kind(say(wait), keep_changes=True, retry_after=seconds, locked_until=locked_until.isoformat())


def locked_error(locked_until: datetime, now: datetime) -> TooManyRequests:
    return _blocked(
        locked_until,
        now,
        AccountLocked,
        lambda wait: (
            f"Too many failed sign-in attempts: this account is locked; try again in {wait} (after {locked_until:%H:%M:%S} UTC)."
        ),
    )


# Wrong current passwords on a password change are counted under their own key (":" never
# appears in a username): a stolen access token may not guess the password without limit, nor
# lock its owner out of signing in by trying.
PASSWORD_CHANGE_KEY = "password-change:"


def password_change_blocked(locked_until: datetime, now: datetime) -> TooManyRequests:
    return _blocked(
        locked_until,
        now,
        PasswordChangeBlocked,
        lambda wait: (
            f"Too many wrong current passwords: changing the password is blocked for {wait} (signing in is not affected)."
        ),
    )


class Lockout:
    def __init__(self, policy: LockoutPolicy) -> None:
        self.policy = policy

    async def ensure_not_locked(self, session: AsyncSession, username: str) -> None:
        now = utcnow()
        until = await LoginFailureRepository(session).locked_until(username, now)
        if until is not None:
            raise locked_error(until, now)

    async def record_failure(self, session: AsyncSession, username: str, user: User | None) -> None:
        """Count a failure; raise `account_locked` when it is the one that locks."""
        now = utcnow()
        count = await LoginFailureRepository(session).record_failure(
            username, now, self.policy.window, self.policy.max_failures, self.policy.duration
        )
        if count.locked_until is None or count.locked_until <= now:
            return
        if user is not None and count.failures == self.policy.max_failures:
            await events.user_locked(session, user, count.locked_until, count.failures)
        raise locked_error(count.locked_until, now)

    async def ensure_may_change_password(self, session: AsyncSession, username: str) -> None:
        now = utcnow()
        until = await LoginFailureRepository(session).locked_until(PASSWORD_CHANGE_KEY + username, now)
        if until is not None:
            raise password_change_blocked(until, now)

    async def record_wrong_current_password(self, session: AsyncSession, username: str) -> None:
        """Count a wrong current password; raise `password_change_blocked` when it is the one that blocks."""
        now = utcnow()
        count = await LoginFailureRepository(session).record_failure(
            PASSWORD_CHANGE_KEY + username, now, self.policy.window, self.policy.max_failures, self.policy.duration
        )
        if count.locked_until is not None and count.locked_until > now:
            raise password_change_blocked(count.locked_until, now)

    async def clear(self, session: AsyncSession, username: str) -> bool:
        return await LoginFailureRepository(session).clear(username)
