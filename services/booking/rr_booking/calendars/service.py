"""Calendars: the secret feed token, the feed itself (no access token needed), and the .ics of
one reservation."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rr_booking.calendars.ics import render
from rr_booking.calendars.repository import CalendarRepository
from rr_booking.errors import CalendarNotFound
from rr_booking.models import CalendarToken, Reservation
from rr_booking.recurrence.repository import SeriesRepository
from rr_booking.reservations.repository import ReservationRepository
from rr_booking.reservations.service import ReservationService
from rr_common.context import Principal
from rr_common.timeconv import utcnow

FEED_PAST = timedelta(days=90)
FEED_FUTURE = timedelta(days=400)
FEED_LIMIT = 2000


@dataclass(frozen=True)
class Document:
    ics: bytes
    filename: str


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarService:
    def __init__(self, reservations: ReservationService) -> None:
        self.reservations = reservations

    async def subscription(self, session: AsyncSession, who: Principal) -> CalendarToken:
        repo = CalendarRepository(session)
        return await repo.token_of(who.user_id) or await repo.save_token(
            who.user_id, new_token(), who.username, replace=False
        )

    async def regenerate(self, session: AsyncSession, who: Principal) -> CalendarToken:
        return await CalendarRepository(session).save_token(who.user_id, new_token(), who.username, replace=True)

    async def feed(self, session: AsyncSession, token: str) -> Document:
        owner = await CalendarRepository(session).by_token(token) if token else None
        if owner is None:
            raise CalendarNotFound("This calendar address is not valid (it may have been regenerated).")
        return await self._feed(session, owner.user_id, owner.username)

    async def my_feed(self, session: AsyncSession, who: Principal) -> Document:
        return await self._feed(session, who.user_id, who.username)

    async def _feed(self, session: AsyncSession, user_id: int, username: str) -> Document:
        now = utcnow()
        rows = await CalendarRepository(session).feed(user_id, now - FEED_PAST, now + FEED_FUTURE, FEED_LIMIT)
        return Document(await self._render(session, f"Reservations of {username or user_id}", rows), "reservations.ics")

    async def export(self, session: AsyncSession, who: Principal, reservation_id: int) -> Document:
        reservation = await self.reservations.get_visible(session, who, reservation_id)
        document = render(f"Reservation {reservation.id}", [reservation], {}, {}, utcnow())
        return Document(document, f"reservation-{reservation.id}.ics")

    async def _render(self, session: AsyncSession, name: str, rows: Sequence[Reservation]) -> bytes:
        """Whole series come along with any of their occurrences: two more queries, not one per row."""
        series_ids = sorted({r.series_id for r in rows if r.series_id is not None})
        series = await SeriesRepository(session).get_many(series_ids)
        occurrences: dict[int, list[Reservation]] = {}
        for r in await ReservationRepository(session).occurrences_of(series_ids):
            occurrences.setdefault(r.series_id or 0, []).append(r)
        return render(name, rows, series, occurrences, utcnow())
