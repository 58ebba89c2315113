"""Per-user choices: which notification types reach them on which channel, and reminder lead time.

Only deviations from the defaults are stored, so a new type or a changed default reaches everyone
who never touched it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Boolean, Integer, String, cast, null, select, union_all
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


@dataclass(frozen=True)
class UserChoices:
    """What some users chose (their channel overrides and lead times), read at once."""

    overrides: Mapping[tuple[int, str, str], bool]
    minutes: Mapping[int, int]
    default_minutes: int

    def channels(self, user_id: int, type_: str) -> tuple[bool, bool]:
        """(in-app on?, e-mail on?) for one person and notification type."""
        return (
            type_ in MANDATORY_IN_APP or self.overrides.get((user_id, type_, IN_APP), default_enabled(type_, IN_APP)),
            self.overrides.get((user_id, type_, EMAIL), default_enabled(type_, EMAIL)),
        )

    def lead(self, user_id: int) -> int:
        return self.minutes.get(user_id, self.default_minutes)


class PreferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def choices(self, user_ids: Iterable[int]) -> tuple[dict[tuple[int, str, str], bool], dict[int, int]]:
        """The channel overrides and the lead times of these users, in one query."""
        ids = list(set(user_ids))
        overrides = select(
            Preference.user_id, Preference.type, Preference.channel, Preference.enabled, cast(null(), Integer)
        ).where(Preference.user_id.in_(ids))
        settings = select(
            UserSettings.user_id,
            cast(null(), String),
            cast(null(), String),
            cast(null(), Boolean),
            UserSettings.reminder_minutes,
        ).where(UserSettings.user_id.in_(ids))
        found: dict[tuple[int, str, str], bool] = {}
        minutes: dict[int, int] = {}
        for user_id, type_, channel, enabled, lead in (
            await self.session.execute(union_all(overrides, settings))
        ).all():
            if type_ is None:
                minutes[user_id] = lead
            else:
                found[(user_id, type_, channel)] = enabled
        return found, minutes

    async def save(self, user_id: int, choices: Iterable[tuple[str, str, bool]]) -> None:
        rows = [{"user_id": user_id, "type": t, "channel": c, "enabled": e} for t, c, e in choices]
        if rows:
            statement = insert(Preference).values(rows)
            await self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["user_id", "type", "channel"], set_={"enabled": statement.excluded.enabled}
                )
            )

    async def set_reminder_minutes(self, user_id: int, minutes: int) -> None:
        statement = insert(UserSettings).values(user_id=user_id, reminder_minutes=minutes)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=["user_id"], set_={"reminder_minutes": minutes})
        )


class Preferences:
    """Answers "does this reach them?" for many users at once (one query), and edits a user's choices."""

    def __init__(self, default_reminder_minutes: int) -> None:
        self.default_reminder_minutes = default_reminder_minutes

    async def read(self, session: AsyncSession, user_ids: Iterable[int]) -> UserChoices:
        """Everything these users chose, in one query (none for nobody)."""
        ids = set(user_ids)
        found, minutes = await PreferenceRepository(session).choices(ids) if ids else ({}, {})
        return UserChoices(found, minutes, self.default_reminder_minutes)

    async def channels(self, session: AsyncSession, pairs: Sequence[tuple[int, str]]) -> list[tuple[bool, bool]]:
        """For each (user, type): (in-app on?, e-mail on?), in one query for all of them."""
        if not pairs:
            return []
        chosen = await self.read(session, (u for u, _ in pairs))
        return [chosen.channels(u, t) for u, t in pairs]

    async def lead_minutes(self, session: AsyncSession, user_ids: Iterable[int]) -> dict[int, int]:
        ids = list(user_ids)
        chosen = await self.read(session, ids)
        return {u: chosen.lead(u) for u in ids}

    async def of(self, session: AsyncSession, user_id: int) -> UserPreferences:
        chosen = await self.read(session, [user_id])
        channels = [
            ChannelChoice(t, *(chosen.overrides.get((user_id, t, c), default_enabled(t, c)) for c in CHANNELS))
            for t in TYPES
        ]
        return UserPreferences(chosen.lead(user_id), channels)

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
