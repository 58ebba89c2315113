"""Notification, preference and announcement shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from rr.notify.v1 import notify_pb2

from rr_gateway.schemas.common import ts


class NotificationOut(BaseModel):
    id: int
    user_id: int
    type: str
    title: str
    message: str
    is_read: bool
    subject_id: int | None
    created_at: datetime | None
    details: dict[str, str] = Field(
        default_factory=dict,
        description="The facts `message` was written from (`resource`, `start`, `end`, `timezone`, ...), to say it again in another language.",
    )

    @classmethod
    def of(cls, n: notify_pb2.Notification) -> NotificationOut:
        return cls(
            id=n.id,
            user_id=n.user_id,
            type=n.type,
            title=n.title,
            message=n.message,
            is_read=n.is_read,
            subject_id=n.subject_id or None,
            created_at=ts(n.created_at),
            details=dict(n.details),
        )


class UnreadCountOut(BaseModel):
    count: int


class MarkedOut(BaseModel):
    updated: int


class ChannelPreferenceOut(BaseModel):
    type: str
    in_app: bool
    email: bool


class PreferencesOut(BaseModel):
    reminder_minutes: int = Field(description="Minutes before a reservation starts that its reminder fires.")
    channels: list[ChannelPreferenceOut]

    @classmethod
    def of(cls, p: notify_pb2.Preferences) -> PreferencesOut:
        return cls(
            reminder_minutes=p.reminder_minutes,
            channels=[ChannelPreferenceOut(type=c.type, in_app=c.in_app, email=c.email) for c in p.channels],
        )


class ChannelPreferenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str = Field(max_length=50, description="A notification type, e.g. reservation_reminder.")
    in_app: bool | None = None
    email: bool | None = None


class PreferencesIn(BaseModel):
    """Only what is sent changes."""

    model_config = ConfigDict(extra="forbid")
    reminder_minutes: int | None = Field(default=None, ge=0, le=10080)
    channels: list[ChannelPreferenceIn] = Field(default_factory=list, max_length=50)

    def to_pb(self) -> notify_pb2.UpdatePreferencesRequest:
        request = notify_pb2.UpdatePreferencesRequest(
            channels=[
                notify_pb2.ChannelPreferenceUpdate(type=c.type, in_app=c.in_app, email=c.email) for c in self.channels
            ]
        )
        if self.reminder_minutes is not None:
            request.reminder_minutes = self.reminder_minutes
        return request


class AnnouncementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200)
    message: str = Field(min_length=1, max_length=5000)
    role: str | None = Field(
        default=None, max_length=50, description="Only users holding this role; everyone when omitted."
    )


class AnnouncementOut(BaseModel):
    announcement_id: int
    recipients: int
