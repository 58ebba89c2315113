"""Calendar queries: feed tokens and the reservations a feed shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.models import CalendarToken, Reservation


class CalendarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def token_of(self, user_id: int) -> CalendarToken | None:
        return await self.session.get(CalendarToken, user_id)

    async def by_token(self, token: str) -> CalendarToken | None:
        return await self.session.scalar(select(CalendarToken).where(CalendarToken.token == token))

    async def save_token(self, user_id: int, token: str, username: str, replace: bool) -> CalendarToken:
        """Insert the user's token; replace an existing one only when asked (first use races are
        settled by the primary key: the loser reads the winner's token)."""
        statement = insert(CalendarToken).values(user_id=user_id, token=token, username=username)
        if replace:
            statement = statement.on_conflict_do_update(
                index_elements=[CalendarToken.user_id], set_={"token": token, "created_at": func.now()}
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=[CalendarToken.user_id])
        await self.session.execute(statement)
        saved = await self.session.get(CalendarToken, user_id, populate_existing=True)
        assert saved is not None  # written or already there
        return saved

    async def feed(self, user_id: int, since: datetime, until: datetime, limit: int) -> Sequence[Reservation]:
        """The user's reservations starting in the window, cancelled ones too (a feed shows them
        as STATUS:CANCELLED); served by ix_reservations_user_start."""
        query = (
            select(Reservation)
            .where(Reservation.user_id == user_id, Reservation.start_time >= since, Reservation.start_time < until)
            .order_by(Reservation.start_time, Reservation.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()
