import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WaitlistEntry(_message.Message):
    __slots__ = ("id", "resource_id", "user_id", "desired_start", "desired_end", "flexible_time", "status", "position", "created_at", "offered_at", "offer_expires_at", "offered_start", "offered_end", "reservation_id", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DESIRED_START_FIELD_NUMBER: _ClassVar[int]
    DESIRED_END_FIELD_NUMBER: _ClassVar[int]
    FLEXIBLE_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    OFFERED_AT_FIELD_NUMBER: _ClassVar[int]
    OFFER_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    OFFERED_START_FIELD_NUMBER: _ClassVar[int]
    OFFERED_END_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: int
    resource_id: int
    user_id: int
    desired_start: _timestamp_pb2.Timestamp
    desired_end: _timestamp_pb2.Timestamp
    flexible_time: bool
    status: str
    position: int
    created_at: _timestamp_pb2.Timestamp
    offered_at: _timestamp_pb2.Timestamp
    offer_expires_at: _timestamp_pb2.Timestamp
    offered_start: _timestamp_pb2.Timestamp
    offered_end: _timestamp_pb2.Timestamp
    reservation_id: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., resource_id: _Optional[int] = ..., user_id: _Optional[int] = ..., desired_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., desired_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., flexible_time: _Optional[bool] = ..., status: _Optional[str] = ..., position: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., offered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., offer_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., offered_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., offered_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reservation_id: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EntryHistory(_message.Message):
    __slots__ = ("from_status", "to_status", "actor_user_id", "reason", "created_at")
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    from_status: str
    to_status: str
    actor_user_id: int
    reason: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., actor_user_id: _Optional[int] = ..., reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class JoinWaitlistRequest(_message.Message):
    __slots__ = ("resource_id", "desired_start", "desired_end", "flexible_time")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    DESIRED_START_FIELD_NUMBER: _ClassVar[int]
    DESIRED_END_FIELD_NUMBER: _ClassVar[int]
    FLEXIBLE_TIME_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    desired_start: _timestamp_pb2.Timestamp
    desired_end: _timestamp_pb2.Timestamp
    flexible_time: bool
    def __init__(self, resource_id: _Optional[int] = ..., desired_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., desired_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., flexible_time: _Optional[bool] = ...) -> None: ...

class JoinWaitlistResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: WaitlistEntry
    def __init__(self, entry: _Optional[_Union[WaitlistEntry, _Mapping]] = ...) -> None: ...

class ListMyEntriesRequest(_message.Message):
    __slots__ = ("page",)
    PAGE_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListMyEntriesResponse(_message.Message):
    __slots__ = ("entries", "page")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[WaitlistEntry]
    page: _common_pb2.PageInfo
    def __init__(self, entries: _Optional[_Iterable[_Union[WaitlistEntry, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class GetEntryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class GetEntryResponse(_message.Message):
    __slots__ = ("entry", "history")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    entry: WaitlistEntry
    history: _containers.RepeatedCompositeFieldContainer[EntryHistory]
    def __init__(self, entry: _Optional[_Union[WaitlistEntry, _Mapping]] = ..., history: _Optional[_Iterable[_Union[EntryHistory, _Mapping]]] = ...) -> None: ...

class LeaveWaitlistRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class LeaveWaitlistResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: WaitlistEntry
    def __init__(self, entry: _Optional[_Union[WaitlistEntry, _Mapping]] = ...) -> None: ...

class AcceptOfferRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class AcceptOfferResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: WaitlistEntry
    def __init__(self, entry: _Optional[_Union[WaitlistEntry, _Mapping]] = ...) -> None: ...

class DeclineOfferRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class DeclineOfferResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: WaitlistEntry
    def __init__(self, entry: _Optional[_Union[WaitlistEntry, _Mapping]] = ...) -> None: ...

class ListResourceQueueRequest(_message.Message):
    __slots__ = ("resource_id", "page", "status")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    page: _common_pb2.PageRequest
    status: str
    def __init__(self, resource_id: _Optional[int] = ..., page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., status: _Optional[str] = ...) -> None: ...

class ListResourceQueueResponse(_message.Message):
    __slots__ = ("entries", "page")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[WaitlistEntry]
    page: _common_pb2.PageInfo
    def __init__(self, entries: _Optional[_Iterable[_Union[WaitlistEntry, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...
