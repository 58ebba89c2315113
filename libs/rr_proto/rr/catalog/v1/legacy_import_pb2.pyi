import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import legacy_import_pb2 as _legacy_import_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LegacyOpeningHours(_message.Message):
    __slots__ = ("old_id", "day_of_week", "open_minute", "close_minute", "closed")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    OPEN_MINUTE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_MINUTE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    day_of_week: int
    open_minute: int
    close_minute: int
    closed: bool
    def __init__(self, old_id: _Optional[str] = ..., day_of_week: _Optional[int] = ..., open_minute: _Optional[int] = ..., close_minute: _Optional[int] = ..., closed: _Optional[bool] = ...) -> None: ...

class LegacyBlackout(_message.Message):
    __slots__ = ("old_id", "date", "reason")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    date: str
    reason: str
    def __init__(self, old_id: _Optional[str] = ..., date: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class LegacyResource(_message.Message):
    __slots__ = ("old_id", "name", "description", "tags", "status", "status_reason", "requires_approval", "hours", "blackouts", "created_at", "group_old_id", "label_old_ids")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_REASON_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    BLACKOUTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    GROUP_OLD_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_OLD_IDS_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    name: str
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    status: str
    status_reason: str
    requires_approval: bool
    hours: _containers.RepeatedCompositeFieldContainer[LegacyOpeningHours]
    blackouts: _containers.RepeatedCompositeFieldContainer[LegacyBlackout]
    created_at: _timestamp_pb2.Timestamp
    group_old_id: str
    label_old_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, old_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., status: _Optional[str] = ..., status_reason: _Optional[str] = ..., requires_approval: _Optional[bool] = ..., hours: _Optional[_Iterable[_Union[LegacyOpeningHours, _Mapping]]] = ..., blackouts: _Optional[_Iterable[_Union[LegacyBlackout, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., group_old_id: _Optional[str] = ..., label_old_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class LegacyGroup(_message.Message):
    __slots__ = ("old_id", "name", "description", "parent_old_id")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PARENT_OLD_ID_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    name: str
    description: str
    parent_old_id: str
    def __init__(self, old_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., parent_old_id: _Optional[str] = ...) -> None: ...

class LegacyLabel(_message.Message):
    __slots__ = ("old_id", "name", "color", "description")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    name: str
    color: str
    description: str
    def __init__(self, old_id: _Optional[str] = ..., name: _Optional[str] = ..., color: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class ImportGroupsRequest(_message.Message):
    __slots__ = ("groups", "dry_run", "source")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[LegacyGroup]
    dry_run: bool
    source: str
    def __init__(self, groups: _Optional[_Iterable[_Union[LegacyGroup, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportGroupsResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...

class ImportLabelsRequest(_message.Message):
    __slots__ = ("labels", "dry_run", "source")
    LABELS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    labels: _containers.RepeatedCompositeFieldContainer[LegacyLabel]
    dry_run: bool
    source: str
    def __init__(self, labels: _Optional[_Iterable[_Union[LegacyLabel, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportLabelsResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...

class ImportResourcesRequest(_message.Message):
    __slots__ = ("resources", "dry_run", "source")
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[LegacyResource]
    dry_run: bool
    source: str
    def __init__(self, resources: _Optional[_Iterable[_Union[LegacyResource, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportResourcesResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...
