import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import legacy_import_pb2 as _legacy_import_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LegacyEntry(_message.Message):
    __slots__ = ("old_id", "user_id", "resource_id", "desired_start", "desired_end", "flexible_time", "status", "created_at", "resource_name")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    DESIRED_START_FIELD_NUMBER: _ClassVar[int]
    DESIRED_END_FIELD_NUMBER: _ClassVar[int]
    FLEXIBLE_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    user_id: int
    resource_id: int
    desired_start: _timestamp_pb2.Timestamp
    desired_end: _timestamp_pb2.Timestamp
    flexible_time: bool
    status: str
    created_at: _timestamp_pb2.Timestamp
    resource_name: str
    def __init__(self, old_id: _Optional[str] = ..., user_id: _Optional[int] = ..., resource_id: _Optional[int] = ..., desired_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., desired_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., flexible_time: _Optional[bool] = ..., status: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resource_name: _Optional[str] = ...) -> None: ...

class ImportEntriesRequest(_message.Message):
    __slots__ = ("entries", "dry_run", "source")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LegacyEntry]
    dry_run: bool
    source: str
    def __init__(self, entries: _Optional[_Iterable[_Union[LegacyEntry, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportEntriesResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...
