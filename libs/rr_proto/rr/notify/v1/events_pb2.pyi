import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from rr.notify.v1 import notify_pb2 as _notify_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NotificationCreated(_message.Message):
    __slots__ = ("header", "notification")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    notification: _notify_pb2.Notification
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., notification: _Optional[_Union[_notify_pb2.Notification, _Mapping]] = ...) -> None: ...

class AnnouncementSent(_message.Message):
    __slots__ = ("header", "announcement_id", "title", "message", "role", "created_at")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    ANNOUNCEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    announcement_id: int
    title: str
    message: str
    role: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., announcement_id: _Optional[int] = ..., title: _Optional[str] = ..., message: _Optional[str] = ..., role: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EventEnvelope(_message.Message):
    __slots__ = ("header",)
    HEADER_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ...) -> None: ...
