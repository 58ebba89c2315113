import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import legacy_import_pb2 as _legacy_import_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LegacySeries(_message.Message):
    __slots__ = ("old_id", "user_id", "resource_id", "rrule", "start_time", "end_time", "exdates", "resource_name", "cancelled")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RRULE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    EXDATES_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    user_id: int
    resource_id: int
    rrule: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    exdates: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    resource_name: str
    cancelled: bool
    def __init__(self, old_id: _Optional[str] = ..., user_id: _Optional[int] = ..., resource_id: _Optional[int] = ..., rrule: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., exdates: _Optional[_Iterable[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]]] = ..., resource_name: _Optional[str] = ..., cancelled: _Optional[bool] = ...) -> None: ...

class LegacyHistory(_message.Message):
    __slots__ = ("old_id", "action", "actor_user_id", "at", "details")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    action: str
    actor_user_id: int
    at: _timestamp_pb2.Timestamp
    details: str
    def __init__(self, old_id: _Optional[str] = ..., action: _Optional[str] = ..., actor_user_id: _Optional[int] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., details: _Optional[str] = ...) -> None: ...

class LegacyReservation(_message.Message):
    __slots__ = ("old_id", "user_id", "resource_id", "start_time", "end_time", "status", "cancellation_reason", "created_at", "username", "resource_name", "history", "series_old_id", "recurrence_id")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    SERIES_OLD_ID_FIELD_NUMBER: _ClassVar[int]
    RECURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    user_id: int
    resource_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    status: str
    cancellation_reason: str
    created_at: _timestamp_pb2.Timestamp
    username: str
    resource_name: str
    history: _containers.RepeatedCompositeFieldContainer[LegacyHistory]
    series_old_id: str
    recurrence_id: _timestamp_pb2.Timestamp
    def __init__(self, old_id: _Optional[str] = ..., user_id: _Optional[int] = ..., resource_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., cancellation_reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., username: _Optional[str] = ..., resource_name: _Optional[str] = ..., history: _Optional[_Iterable[_Union[LegacyHistory, _Mapping]]] = ..., series_old_id: _Optional[str] = ..., recurrence_id: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ImportSeriesRequest(_message.Message):
    __slots__ = ("series", "dry_run", "source")
    SERIES_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    series: _containers.RepeatedCompositeFieldContainer[LegacySeries]
    dry_run: bool
    source: str
    def __init__(self, series: _Optional[_Iterable[_Union[LegacySeries, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportSeriesResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...

class ImportReservationsRequest(_message.Message):
    __slots__ = ("reservations", "dry_run", "source")
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    reservations: _containers.RepeatedCompositeFieldContainer[LegacyReservation]
    dry_run: bool
    source: str
    def __init__(self, reservations: _Optional[_Iterable[_Union[LegacyReservation, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportReservationsResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...

class LegacyCalendarToken(_message.Message):
    __slots__ = ("old_id", "user_id", "token", "username")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    user_id: int
    token: str
    username: str
    def __init__(self, old_id: _Optional[str] = ..., user_id: _Optional[int] = ..., token: _Optional[str] = ..., username: _Optional[str] = ...) -> None: ...

class ImportCalendarTokensRequest(_message.Message):
    __slots__ = ("tokens", "dry_run", "source")
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    tokens: _containers.RepeatedCompositeFieldContainer[LegacyCalendarToken]
    dry_run: bool
    source: str
    def __init__(self, tokens: _Optional[_Iterable[_Union[LegacyCalendarToken, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportCalendarTokensResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...
