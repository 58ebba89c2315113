import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Notification(_message.Message):
    __slots__ = ("id", "user_id", "type", "title", "message", "is_read", "created_at", "subject_id", "details")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    IS_READ_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: int
    type: str
    title: str
    message: str
    is_read: bool
    created_at: _timestamp_pb2.Timestamp
    subject_id: int
    details: _containers.ScalarMap[str, str]
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[int] = ..., type: _Optional[str] = ..., title: _Optional[str] = ..., message: _Optional[str] = ..., is_read: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subject_id: _Optional[int] = ..., details: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ListNotificationsRequest(_message.Message):
    __slots__ = ("page", "unread_only", "since_id")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    SINCE_ID_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    unread_only: bool
    since_id: int
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., unread_only: _Optional[bool] = ..., since_id: _Optional[int] = ...) -> None: ...

class ListNotificationsResponse(_message.Message):
    __slots__ = ("notifications", "page")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    page: _common_pb2.PageInfo
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class GetUnreadCountRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetUnreadCountResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class MarkReadRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class MarkReadResponse(_message.Message):
    __slots__ = ("notification",)
    NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    notification: Notification
    def __init__(self, notification: _Optional[_Union[Notification, _Mapping]] = ...) -> None: ...

class MarkAllReadRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MarkAllReadResponse(_message.Message):
    __slots__ = ("updated",)
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    updated: int
    def __init__(self, updated: _Optional[int] = ...) -> None: ...

class DeleteNotificationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class DeleteNotificationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SendAnnouncementRequest(_message.Message):
    __slots__ = ("title", "message", "role")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    title: str
    message: str
    role: str
    def __init__(self, title: _Optional[str] = ..., message: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class SendAnnouncementResponse(_message.Message):
    __slots__ = ("announcement_id", "recipients")
    ANNOUNCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    announcement_id: int
    recipients: int
    def __init__(self, announcement_id: _Optional[int] = ..., recipients: _Optional[int] = ...) -> None: ...

class ChannelPreference(_message.Message):
    __slots__ = ("type", "in_app", "email")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    IN_APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    type: str
    in_app: bool
    email: bool
    def __init__(self, type: _Optional[str] = ..., in_app: _Optional[bool] = ..., email: _Optional[bool] = ...) -> None: ...

class Preferences(_message.Message):
    __slots__ = ("reminder_minutes", "channels")
    REMINDER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    reminder_minutes: int
    channels: _containers.RepeatedCompositeFieldContainer[ChannelPreference]
    def __init__(self, reminder_minutes: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[ChannelPreference, _Mapping]]] = ...) -> None: ...

class GetPreferencesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetPreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: Preferences
    def __init__(self, preferences: _Optional[_Union[Preferences, _Mapping]] = ...) -> None: ...

class ChannelPreferenceUpdate(_message.Message):
    __slots__ = ("type", "in_app", "email")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    IN_APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    type: str
    in_app: bool
    email: bool
    def __init__(self, type: _Optional[str] = ..., in_app: _Optional[bool] = ..., email: _Optional[bool] = ...) -> None: ...

class UpdatePreferencesRequest(_message.Message):
    __slots__ = ("reminder_minutes", "channels")
    REMINDER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    reminder_minutes: int
    channels: _containers.RepeatedCompositeFieldContainer[ChannelPreferenceUpdate]
    def __init__(self, reminder_minutes: _Optional[int] = ..., channels: _Optional[_Iterable[_Union[ChannelPreferenceUpdate, _Mapping]]] = ...) -> None: ...

class UpdatePreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: Preferences
    def __init__(self, preferences: _Optional[_Union[Preferences, _Mapping]] = ...) -> None: ...
