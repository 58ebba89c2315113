import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.catalog.v1 import catalog_pb2 as _catalog_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResourceCreated(_message.Message):
    __slots__ = ("header", "resource")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    resource: _catalog_pb2.Resource
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., resource: _Optional[_Union[_catalog_pb2.Resource, _Mapping]] = ...) -> None: ...

class ResourceUpdated(_message.Message):
    __slots__ = ("header", "resource", "changed_fields")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    resource: _catalog_pb2.Resource
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., resource: _Optional[_Union[_catalog_pb2.Resource, _Mapping]] = ..., changed_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class ResourceDeleted(_message.Message):
    __slots__ = ("header", "resource_id", "name")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    resource_id: int
    name: str
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., resource_id: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class ResourceStatusChanged(_message.Message):
    __slots__ = ("header", "resource_id", "previous_status", "status", "reason", "until", "automatic")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    AUTOMATIC_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    resource_id: int
    previous_status: str
    status: str
    reason: str
    until: _timestamp_pb2.Timestamp
    automatic: bool
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., resource_id: _Optional[int] = ..., previous_status: _Optional[str] = ..., status: _Optional[str] = ..., reason: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., automatic: _Optional[bool] = ...) -> None: ...

class BusinessHoursChanged(_message.Message):
    __slots__ = ("header", "hours")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    hours: _catalog_pb2.BusinessHours
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., hours: _Optional[_Union[_catalog_pb2.BusinessHours, _Mapping]] = ...) -> None: ...

class BlackoutAdded(_message.Message):
    __slots__ = ("header", "blackout")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    BLACKOUT_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    blackout: _catalog_pb2.BlackoutDate
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., blackout: _Optional[_Union[_catalog_pb2.BlackoutDate, _Mapping]] = ...) -> None: ...

class BlackoutRemoved(_message.Message):
    __slots__ = ("header", "blackout")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    BLACKOUT_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    blackout: _catalog_pb2.BlackoutDate
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., blackout: _Optional[_Union[_catalog_pb2.BlackoutDate, _Mapping]] = ...) -> None: ...

class SiteCalendarChanged(_message.Message):
    __slots__ = ("header", "change", "hours", "blackouts", "blackout")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    BLACKOUTS_FIELD_NUMBER: _ClassVar[int]
    BLACKOUT_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    change: str
    hours: _catalog_pb2.SiteBusinessHours
    blackouts: _containers.RepeatedCompositeFieldContainer[_catalog_pb2.BlackoutDate]
    blackout: _catalog_pb2.BlackoutDate
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., change: _Optional[str] = ..., hours: _Optional[_Union[_catalog_pb2.SiteBusinessHours, _Mapping]] = ..., blackouts: _Optional[_Iterable[_Union[_catalog_pb2.BlackoutDate, _Mapping]]] = ..., blackout: _Optional[_Union[_catalog_pb2.BlackoutDate, _Mapping]] = ...) -> None: ...

class ResourceBookabilityChanged(_message.Message):
    __slots__ = ("header", "snapshot")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    snapshot: _catalog_pb2.BookabilitySnapshot
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., snapshot: _Optional[_Union[_catalog_pb2.BookabilitySnapshot, _Mapping]] = ...) -> None: ...

class ResourcesImported(_message.Message):
    __slots__ = ("header", "import_id", "created", "updated")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    import_id: str
    created: int
    updated: int
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., import_id: _Optional[str] = ..., created: _Optional[int] = ..., updated: _Optional[int] = ...) -> None: ...

class LabelChanged(_message.Message):
    __slots__ = ("header", "label", "change", "changed_fields", "resource_count")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    label: _catalog_pb2.Label
    change: str
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    resource_count: int
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., label: _Optional[_Union[_catalog_pb2.Label, _Mapping]] = ..., change: _Optional[str] = ..., changed_fields: _Optional[_Iterable[str]] = ..., resource_count: _Optional[int] = ...) -> None: ...

class GroupChanged(_message.Message):
    __slots__ = ("header", "group", "change", "changed_fields", "previous_parent_id")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    group: _catalog_pb2.ResourceGroup
    change: str
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    previous_parent_id: int
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., group: _Optional[_Union[_catalog_pb2.ResourceGroup, _Mapping]] = ..., change: _Optional[str] = ..., changed_fields: _Optional[_Iterable[str]] = ..., previous_parent_id: _Optional[int] = ...) -> None: ...
