"""Per-user choices: which notification types reach them on which channel, and reminder lead time.

Only deviations from the defaults are stored, so a new type or a changed default reaches everyone
who never touched it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_notify.errors import InvalidReminderMinutes, MandatoryChannel, UnknownNotificationType
from rr_notify.inapp.domain import CHANNELS, EMAIL, IN_APP, MANDATORY_IN_APP, TYPES, default_enabled
from rr_notify.inapp.models import Preference, UserSettings

MAX_REMINDER_MINUTES = 7 * 24 * 60


@dataclass(frozen=True)
class ChannelChoice:
    type: str
    in_app: bool
    email: bool


@dataclass(frozen=True)
class ChannelChange:
    type: str
    in_app: bool | None = None
    email: bool | None = None


@dataclass(frozen=True)
class UserPreferences:
    reminder_minutes: int
    channels: Sequence[ChannelChoice]


class PreferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def overrides(
        self, user_ids: Iterable[int], types: Iterable[str] | None = None
    ) -> dict[tuple[int, str, str], bool]:
        query = select(Preference).where(Preference.user_id.in_(list(set(user_ids))))
        if types is not None:
            query = query.where(Preference.type.in_(list(set(types))))
        return {(p.user_id, p.type, p.channel): p.enabled for p in (await self.session.scalars(query)).all()}

    async def save(self, user_id: int, choices: Iterable[tuple[str, str, bool]]) -> None:
        rows = [{"user_id": user_id, "type": t, "channel": c, "enabled": e} for t, c, e in choices]
        if rows:
            statement = insert(Preference).values(rows)
            await self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["user_id", "type", "channel"], set_={"enabled": statement.excluded.enabled}
                )
            )

    async def reminder_minutes(self, user_ids: Iterable[int]) -> dict[int, int]:
        query = select(UserSettings.user_id, UserSettings.reminder_minutes).where(
            UserSettings.user_id.in_(list(set(user_ids)))
        )
        return {row.user_id: row.reminder_minutes for row in (await self.session.execute(query)).all()}

    async def set_reminder_minutes(self, user_id: int, minutes: int) -> None:
        statement = insert(UserSettings).values(user_id=user_id, reminder_minutes=minutes)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=["user_id"], set_={"reminder_minutes": minutes})
        )


class Preferences:
    """Answers "does this reach them?" for many users at once (one query), and edits a user's choices."""

    def __init__(self, default_reminder_minutes: int) -> None:
        self.default_reminder_minutes = default_reminder_minutes

    async def channels(self, session: AsyncSession, pairs: Sequence[tuple[int, str]]) -> list[tuple[bool, bool]]:
        """For each (user, type): (in-app on?, e-mail on?), in one query for all of them."""
        if not pairs:
            return []
        found = await PreferenceRepository(session).overrides((u for u, _ in pairs), (t for _, t in pairs))
        return [
            (
                t in MANDATORY_IN_APP or found.get((u, t, IN_APP), default_enabled(t, IN_APP)),
                found.get((u, t, EMAIL), default_enabled(t, EMAIL)),
            )
            for u, t in pairs
        ]

    async def lead_minutes(self, session: AsyncSession, user_ids: Iterable[int]) -> dict[int, int]:
        ids = list(user_ids)
        chosen = await PreferenceRepository(session).reminder_minutes(ids)
        return {u: chosen.get(u, self.default_reminder_minutes) for u in ids}

    async def of(self, session: AsyncSession, user_id: int) -> UserPreferences:
        found = await PreferenceRepository(session).overrides([user_id])
        minutes = (await self.lead_minutes(session, [user_id]))[user_id]
        channels = [
            ChannelChoice(t, *(found.get((user_id, t, c), default_enabled(t, c)) for c in CHANNELS)) for t in TYPES
        ]
        return UserPreferences(minutes, channels)

    async def update(
        self, session: AsyncSession, user_id: int, reminder_minutes: int | None, changes: Sequence[ChannelChange]
    ) -> bool:
        """Validate everything first (nothing is written on bad input); True when the lead time changed."""
        choices = validate_changes(changes)
        if reminder_minutes is not None and not 0 <= reminder_minutes <= MAX_REMINDER_MINUTES:
            raise InvalidReminderMinutes(f"reminder_minutes must be between 0 and {MAX_REMINDER_MINUTES}.")
        repository = PreferenceRepository(session)
        await repository.save(user_id, choices)
        if reminder_minutes is None:
            return False
        await repository.set_reminder_minutes(user_id, reminder_minutes)
        return True


def validate_changes(changes: Sequence[ChannelChange]) -> list[tuple[str, str, bool]]:
    choices: list[tuple[str, str, bool]] = []
    for change in changes:
        if change.type not in TYPES:
            raise UnknownNotificationType(f"Unknown notification type '{change.type}'; use one of: {', '.join(TYPES)}.")
        if change.in_app is False and change.type in MANDATORY_IN_APP:
            raise MandatoryChannel(f"{change.type} notifications cannot be turned off in the app.")
        for channel, value in ((CHANNELS[0], change.in_app), (CHANNELS[1], change.email)):
            if value is not None:
                choices.append((change.type, channel, value))
    return choices
