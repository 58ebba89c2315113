"""Quota queries: stored limits and a user's usage, each one index-backed statement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.models import OCCUPYING, OCCUPYING_SQL, RoleQuota, UserQuota
from rr_booking.quotas.domain import Limits

# Statuses whose hours count as booked.
BOOKED = (*OCCUPYING, "completed")
BOOKED_SQL = ", ".join(f"'{s}'" for s in BOOKED)


def _limits(row: RoleQuota | UserQuota) -> Limits:
    return Limits(row.max_active_reservations, row.max_hours_per_week, row.max_advance_days)


class QuotaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def role_limits(self) -> dict[str, Limits]:
        rows = (await self.session.scalars(select(RoleQuota))).all()
        return {row.role: _limits(row) for row in rows}

    async def save_role_limits(self, role: str, limits: Limits) -> None:
        values = {
            "max_active_reservations": limits.max_active_reservations,
            "max_hours_per_week": limits.max_hours_per_week,
            "max_advance_days": limits.max_advance_days,
        }
        statement = insert(RoleQuota).values(role=role, **values)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=[RoleQuota.role], set_={**values, "updated_at": func.now()})
        )

    async def override(self, user_id: int) -> UserQuota | None:
        return await self.session.get(UserQuota, user_id)

    async def save_override(self, user_id: int, limits: Limits, actor: int) -> UserQuota:
        values = {
            "max_active_reservations": limits.max_active_reservations,
            "max_hours_per_week": limits.max_hours_per_week,
            "max_advance_days": limits.max_advance_days,
            "updated_by": actor,
        }
        statement = insert(UserQuota).values(user_id=user_id, **values)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[UserQuota.user_id], set_={**values, "updated_at": func.now()}
            )
        )
        row = await self.session.get(UserQuota, user_id, populate_existing=True)
        assert row is not None  # written just above
        return row

    async def clear_override(self, user_id: int) -> None:
        row = await self.session.get(UserQuota, user_id)
        if row is not None:
            await self.session.delete(row)
            await self.session.flush()

    async def usage(
        self, user_id: int, now: datetime, max_duration: timedelta, weeks: Sequence[datetime]
    ) -> tuple[Limits | None, int, dict[datetime, float]]:
        """The user's override, their active reservations and booked hours per UTC week, in one
        statement. The active count's start bound keeps it a short range scan of
        ix_reservations_user_start: nothing that ends after `now` starts before now - max."""
        row = (
            await self.session.execute(
                text(
                    "SELECT (SELECT json_build_array(max_active_reservations, max_hours_per_week, max_advance_days)"
                    "        FROM user_quotas WHERE user_id = :u),"
                    " (SELECT count(*) FROM reservations WHERE user_id = :u AND start_time >= :since AND end_time > :now"
                    f"  AND status IN ({OCCUPYING_SQL})),"
                    " (SELECT json_object_agg(to_char(week, 'YYYY-MM-DD'), hours) FROM ("
                    "   SELECT date_trunc('week', start_time AT TIME ZONE 'UTC') AS week,"
                    "          sum(extract(epoch FROM end_time - start_time)) / 3600 AS hours"
                    "   FROM reservations WHERE user_id = :u AND start_time >= :first AND start_time < :last"
                    f"  AND status IN ({BOOKED_SQL}) GROUP BY 1) AS w)"
                ),
                {
                    "u": user_id,
                    "now": now,
                    "since": now - max_duration,
                    "first": min(weeks, default=now),
                    "last": max(weeks, default=now) + timedelta(days=7) if weeks else now,
                },
            )
        ).one()
        override = None if row[0] is None else Limits(*row[0])
        hours = {datetime.fromisoformat(k).replace(tzinfo=UTC): float(v) for k, v in (row[2] or {}).items()}
        return override, int(row[1]), hours
