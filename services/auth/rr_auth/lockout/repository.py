"""Failed sign-in counters per lower-cased username (atomic upserts, no read-modify-write)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.models import LoginFailure


def username_key(username: str) -> str:
    return username.strip().lower()[:254]


@dataclass(frozen=True)
class FailureCount:
    failures: int
    locked_until: datetime | None


class LoginFailureRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def locked_until(self, username: str, now: datetime) -> datetime | None:
        return await self.session.scalar(
            select(LoginFailure.locked_until).where(
                LoginFailure.username_key == username_key(username), LoginFailure.locked_until > now
            )
        )

    async def record_failure(
        self, username: str, now: datetime, window: timedelta, max_failures: int, duration: timedelta
    ) -> FailureCount:
        """Count one failure; a count reaching `max_failures` within `window` locks for `duration`.
        A window that ran out, or a lock that ended, starts counting afresh."""
        table = LoginFailure.__table__
        stale = or_(table.c.window_started_at <= now - window, table.c.locked_until <= now)
        failures = case((stale, 1), else_=table.c.failures + 1)
        statement = (
            insert(LoginFailure)
            .values(
                username_key=username_key(username),
                failures=1,
                window_started_at=now,
                locked_until=now + duration if max_failures <= 1 else None,
            )
            .on_conflict_do_update(
                index_elements=[table.c.username_key],
                set_={
                    "failures": failures,
                    "window_started_at": case((stale, now), else_=table.c.window_started_at),
                    "locked_until": case(
                        (failures >= max_failures, now + duration),
                        else_=case((stale, None), else_=table.c.locked_until),
                    ),
                },
            )
            .returning(table.c.failures, table.c.locked_until)
        )
        row = (await self.session.execute(statement)).one()
        return FailureCount(failures=row[0], locked_until=row[1])

    async def clear(self, username: str) -> bool:
        result = await self.session.execute(
            delete(LoginFailure)
            .where(LoginFailure.username_key == username_key(username))
            .returning(LoginFailure.username_key)
        )
        return result.first() is not None
