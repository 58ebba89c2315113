import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import legacy_import_pb2 as _legacy_import_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LegacyNotification(_message.Message):
    __slots__ = ("old_id", "user_id", "type", "title", "message", "is_read", "created_at")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    IS_READ_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    user_id: int
    type: str
    title: str
    message: str
    is_read: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, old_id: _Optional[str] = ..., user_id: _Optional[int] = ..., type: _Optional[str] = ..., title: _Optional[str] = ..., message: _Optional[str] = ..., is_read: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LegacyWebhook(_message.Message):
    __slots__ = ("old_id", "user_id", "url", "secret", "events", "description", "is_active", "created_at")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    IS_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    user_id: int
    url: str
    secret: str
    events: _containers.RepeatedScalarFieldContainer[str]
    description: str
    is_active: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, old_id: _Optional[str] = ..., user_id: _Optional[int] = ..., url: _Optional[str] = ..., secret: _Optional[str] = ..., events: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ..., is_active: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ImportNotificationsRequest(_message.Message):
    __slots__ = ("notifications", "dry_run", "source")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[LegacyNotification]
    dry_run: bool
    source: str
    def __init__(self, notifications: _Optional[_Iterable[_Union[LegacyNotification, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportNotificationsResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...

class ImportWebhooksRequest(_message.Message):
    __slots__ = ("webhooks", "dry_run", "source")
    WEBHOOKS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    webhooks: _containers.RepeatedCompositeFieldContainer[LegacyWebhook]
    dry_run: bool
    source: str
    def __init__(self, webhooks: _Optional[_Iterable[_Union[LegacyWebhook, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportWebhooksResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...

class ImportCount(_message.Message):
    __slots__ = ("kind", "created", "already_there", "skipped", "conflicts")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    ALREADY_THERE_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    created: int
    already_there: int
    skipped: int
    conflicts: int
    def __init__(self, kind: _Optional[str] = ..., created: _Optional[int] = ..., already_there: _Optional[int] = ..., skipped: _Optional[int] = ..., conflicts: _Optional[int] = ...) -> None: ...

class RecordImportRequest(_message.Message):
    __slots__ = ("source", "counts")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    source: str
    counts: _containers.RepeatedCompositeFieldContainer[ImportCount]
    def __init__(self, source: _Optional[str] = ..., counts: _Optional[_Iterable[_Union[ImportCount, _Mapping]]] = ...) -> None: ...

class RecordImportResponse(_message.Message):
    __slots__ = ("recorded",)
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    recorded: int
    def __init__(self, recorded: _Optional[int] = ...) -> None: ...

class LegacyUserSettings(_message.Message):
    __slots__ = ("old_id", "user_id", "email_notifications", "reminder_hours")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    REMINDER_HOURS_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    user_id: int
    email_notifications: bool
    reminder_hours: int
    def __init__(self, old_id: _Optional[str] = ..., user_id: _Optional[int] = ..., email_notifications: _Optional[bool] = ..., reminder_hours: _Optional[int] = ...) -> None: ...

class ImportUserSettingsRequest(_message.Message):
    __slots__ = ("settings", "dry_run", "source")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    settings: _containers.RepeatedCompositeFieldContainer[LegacyUserSettings]
    dry_run: bool
    source: str
    def __init__(self, settings: _Optional[_Iterable[_Union[LegacyUserSettings, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportUserSettingsResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...

class LegacyReminder(_message.Message):
    __slots__ = ("old_id", "reservation_id", "user_id", "resource_id", "resource_name", "timezone", "start_time", "end_time")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    reservation_id: int
    user_id: int
    resource_id: int
    resource_name: str
    timezone: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, old_id: _Optional[str] = ..., reservation_id: _Optional[int] = ..., user_id: _Optional[int] = ..., resource_id: _Optional[int] = ..., resource_name: _Optional[str] = ..., timezone: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ImportRemindersRequest(_message.Message):
    __slots__ = ("reminders", "dry_run", "source")
    REMINDERS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    reminders: _containers.RepeatedCompositeFieldContainer[LegacyReminder]
    dry_run: bool
    source: str
    def __init__(self, reminders: _Optional[_Iterable[_Union[LegacyReminder, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportRemindersResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...
